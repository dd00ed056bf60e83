# envstrap @VERSION@: activation for sh, dash, bash, zsh and ksh. Generated; do not edit.
#   activate:   . /path/to/env/activate
#   deactivate: deactivate
# Only shell builtins run here. bash, zsh and ksh find this file's folder themselves; plain
# sh/dash use the folder recorded when the environment was made (see FALLBACK below).
# The shell parses all of this at every activation: work that is rarely needed stays short,
# and the usual case takes the fewest commands (docs/performance.md).

_envstrap_sourced=yes
if [ -n "${ZSH_VERSION:-}" ]; then
    case "${ZSH_EVAL_CONTEXT:-}" in *:file*) ;; *) _envstrap_sourced=no ;; esac
elif [ -n "${BASH_VERSION:-}" ]; then
    eval '[ "${BASH_SOURCE[0]}" != "$0" ]' || _envstrap_sourced=no
else
    case "${0##*/}" in activate) _envstrap_sourced=no ;; esac
fi
if [ "$_envstrap_sourced" = no ]; then
    echo "envstrap: this script must be sourced, not run: . '$0'" >&2
    exit 2
fi
unset _envstrap_sourced

# Absolute path of $_envstrap_p without . and .. parts, by parameter expansion only.
_envstrap_normalize() {
    case "$_envstrap_p" in /*) _envstrap_r=$_envstrap_p ;; *) _envstrap_r=$PWD/$_envstrap_p ;; esac
    _envstrap_p=
    while [ -n "$_envstrap_r" ]; do
        _envstrap_c=${_envstrap_r%%/*}
        case "$_envstrap_r" in */*) _envstrap_r=${_envstrap_r#*/} ;; *) _envstrap_r= ;; esac
        case "$_envstrap_c" in
            ''|.) ;;
            ..) _envstrap_p=${_envstrap_p%/*} ;;
            *) _envstrap_p=$_envstrap_p/$_envstrap_c ;;
        esac
    done
    _envstrap_p=${_envstrap_p:-/}
    unset _envstrap_r _envstrap_c
}

# shellcheck disable=SC2317  # (called from the guard slot)
_envstrap_refuse() {
    echo "envstrap: cannot activate '$_envstrap_p': $1 is set ('$2'): $3." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
}

# Finds the folder (_envstrap_p) and decides: 0 activate, 1 nothing to do, else the status.
# shellcheck disable=SC2120  # (the template's slots look like arguments)
_envstrap_main() {
    _envstrap_p=
    if [ -n "${BASH_VERSION:-}" ]; then
        eval '_envstrap_p=${BASH_SOURCE[0]}'
    elif [ -n "${ZSH_VERSION:-}" ]; then
        eval '_envstrap_p=${(%):-%x}'
    elif [ -n "${KSH_VERSION:-}" ]; then
        eval '_envstrap_p=${.sh.file}' 2>/dev/null || _envstrap_p=
    fi
    if [ -n "$_envstrap_p" ]; then
        case "$_envstrap_p" in */./*|*/../*|*//*|*/.|*/..|*/|[!/]*) _envstrap_normalize ;; esac
        _envstrap_p=${_envstrap_p%/*}
        [ -n "$_envstrap_p" ] || _envstrap_p=/
    else
        _envstrap_p=@FALLBACK@  # FALLBACK: where the environment was made
    fi
    if [ ! -f "$_envstrap_p/@FILENAME@" ]; then
        echo "envstrap: no environment at '$_envstrap_p': this shell cannot tell where a sourced file lives, and the folder it was made in is gone (moved?). Source it from bash, zsh or ksh." >&2
        return 4
    fi
    # shellcheck disable=SC2145,SC2198  # (a slot, filled with a variable name)
    if [ -n "${@MARKER@:-}" ] && [ "$@MARKER@" = "$_envstrap_p" ]; then
        case ":${PATH-}:" in *:"@ACTIVE_DIR@":*)
            echo "envstrap: '$_envstrap_p' is already active in this shell or its parent; nothing to do." >&2
            return 1 ;;
        esac
        # Under an environment conda activated on top, the guard below names that one.
        if [ -z "${CONDA_PREFIX:-}" ] || [ "$CONDA_PREFIX" = "$_envstrap_p" ]; then
            echo "envstrap: cannot activate '$_envstrap_p': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run 'deactivate' in the shell that activated it, or open a new shell." >&2
            return 3
        fi
    fi
@GUARD@
}

# ---- config vars (docs/design/config-vars.md: the JSON read, and what a value may hold) ------

# Decode the JSON string _envstrap_a (its text between the quotes) into _envstrap_s;
# _envstrap_odd=1 when it holds an escape activation does not decode (\b \f \n \r \uXXXX).
# Status 1: not valid JSON. Jumps from backslash to backslash, never character by character.
_envstrap_decode() {
    _envstrap_s='' _envstrap_odd='' _envstrap_t=$_envstrap_a
    case $_envstrap_t in *[[:cntrl:]]*) return 1 ;; esac
    while :; do
        case $_envstrap_t in *\\*) ;; *) _envstrap_s=$_envstrap_s$_envstrap_t; return 0 ;; esac
        _envstrap_s=$_envstrap_s${_envstrap_t%%\\*}
        _envstrap_t=${_envstrap_t#*\\}
        case $_envstrap_t in
            \"*) _envstrap_s=$_envstrap_s\" ;;
            \\*) _envstrap_s=$_envstrap_s\\ ;;
            /*) _envstrap_s=$_envstrap_s/ ;;
            t*) _envstrap_s="$_envstrap_s	" ;;
            [bfnr]*) _envstrap_odd=1 ;;
            u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]*) _envstrap_odd=1; _envstrap_t=${_envstrap_t#????} ;;
            *) return 1 ;;
        esac
        _envstrap_t=${_envstrap_t#?}
    done
}

# The text between two strings (_envstrap_f) other than the usual ": " and ", ": whitespace and
# { } : , as the grammar allows, a character at a time. Status 1: not the JSON read.
_envstrap_structure() {
    _envstrap_r=$_envstrap_f
    while [ -n "$_envstrap_r" ]; do
        _envstrap_c=${_envstrap_r%"${_envstrap_r#?}"}
        _envstrap_r=${_envstrap_r#?}
        case $_envstrap_w$_envstrap_c in
            *[[:space:]]) ;;
            'open{') _envstrap_d=1 _envstrap_w=keyclose ;;
            'value{')
                [ "$_envstrap_m$_envstrap_d" = nested1 ] || return 1
                _envstrap_d=2 _envstrap_in=$_envstrap_k _envstrap_w=keyclose ;;
            'keyclose}'|'next}')
                _envstrap_d=$((_envstrap_d - 1)) _envstrap_in='' _envstrap_w=next
                [ "$_envstrap_d" != 0 ] || _envstrap_w=end ;;
            colon:) _envstrap_w=value ;;
            next,) _envstrap_w=key ;;
            *) return 1 ;;
        esac
    done
}

# The config vars of JSON file $1 ($2 = flat: etc/conda/env_vars.d/*.json; nested: the
# "env_vars" object of conda-meta/state), applied as conda does. The file is split at its
# quotes in one step (field splitting), so structure and strings alternate; a field ending in
# an odd number of backslashes ends at an escaped quote and goes on in the next one. It is
# walked once, its variables queued (one per two lines: no value holds a line break), and
# applied only when the whole file is valid.
_envstrap_config_file() {
    [ -f "$1" ] || return 0
    _envstrap_j='' _envstrap_t=''
    while IFS= read -r _envstrap_t || [ -n "$_envstrap_t" ]; do
        _envstrap_j="$_envstrap_j$_envstrap_t
"
    done < "$1"
    _envstrap_m=$2 _envstrap_w=open _envstrap_d=0 _envstrap_in='' _envstrap_x='' _envstrap_a='' _envstrap_q=''
    case $- in *f*) _envstrap_g='' ;; *) _envstrap_g=1; set -f ;; esac
    _envstrap_i=${IFS+set} _envstrap_o=${IFS-}
    IFS='"'
    if [ -n "${ZSH_VERSION:-}" ]; then
        eval 'set -- "$1" "${(@ps:$IFS:)_envstrap_j}"'
    else
        # shellcheck disable=SC2086  # (split at quotes, on purpose; globbing is off)
        set -- "$1" $_envstrap_j
    fi
    _envstrap_file=$1
    shift
    for _envstrap_f in "$@"; do
        if [ -z "$_envstrap_x" ]; then  # between strings
            _envstrap_x=1
            case $_envstrap_w$_envstrap_f in
                colon:|'colon: ') _envstrap_w=value ;;
                next,|'next, ') _envstrap_w=key ;;
                *) _envstrap_structure || { _envstrap_w=bad; break; } ;;
            esac
            continue
        fi
        _envstrap_a=$_envstrap_a$_envstrap_f
        case $_envstrap_f in *\\)
            _envstrap_t=${_envstrap_f##*[!\\]}
            # shellcheck disable=SC2089  # (the escaped quote is text)
            case $((${#_envstrap_t} % 2)) in 1) _envstrap_a=$_envstrap_a\"; continue ;; esac ;;
        esac
        case $_envstrap_a in  # most strings have no escape: nothing to decode
            *\\*|*[[:cntrl:]]*) _envstrap_decode || { _envstrap_w=bad; break; } ;;
            *) _envstrap_s=$_envstrap_a _envstrap_odd='' ;;
        esac
        case $_envstrap_w in
            key|keyclose) _envstrap_k=$_envstrap_a _envstrap_w=colon ;;
            value)
                _envstrap_w=next
                case $_envstrap_m$_envstrap_d$_envstrap_in in flat1|nested2env_vars)
                    _envstrap_q="$_envstrap_q${_envstrap_odd:-=}$_envstrap_k
=$_envstrap_s
" ;;
                esac ;;
            *) _envstrap_w=bad; break ;;
        esac
        _envstrap_x='' _envstrap_a=''
    done
    IFS='
'
    if [ "$_envstrap_w" != end ]; then
        set --
        printf "envstrap: '%s' is not JSON activation can read (an object of strings); its config vars are skipped.\n" "$_envstrap_file" >&2
    elif [ -n "${ZSH_VERSION:-}" ]; then
        eval 'set -- "${(@ps:\n:)_envstrap_q}"'
    else
        # shellcheck disable=SC2086,SC2090  # (one field per line, on purpose; globbing is off)
        set -- $_envstrap_q
    fi
    if [ -n "$_envstrap_i" ]; then IFS=$_envstrap_o; else unset IFS; fi
    [ -z "$_envstrap_g" ] || set +f
    while [ "$#" -gt 1 ]; do  # name as written (after a flag: 1 = undecoded escape), =value
        _envstrap_k=${1#?} _envstrap_s=${2#?} _envstrap_odd=${1%"${1#?}"}
        shift 2
        case $_envstrap_k in ''|[0-9]*|*[!A-Za-z0-9_]*)
            printf "envstrap: config var '%s' is not a usable variable name; skipped.\n" "$_envstrap_k" >&2
            continue ;;
        esac
        _envstrap_u=$_envstrap_k
        case $_envstrap_u in *[a-z]*)  # bash 4+ and zsh upper-case in one step; checked as ASCII
            if [ -n "${ZSH_VERSION:-}" ]; then
                eval '_envstrap_u=${(U)_envstrap_u}'
            else
                case ${BASH_VERSION:-} in [4-9]*|[1-9][0-9]*) eval '_envstrap_u=${_envstrap_u^^}' ;; esac
            fi ;;
        esac
        case $_envstrap_u in *[!ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_]*)
            _envstrap_t=$_envstrap_k _envstrap_u=''
            while [ -n "$_envstrap_t" ]; do
                _envstrap_c=${_envstrap_t%"${_envstrap_t#?}"}
                _envstrap_t=${_envstrap_t#?}
                case $_envstrap_c in
                    a) _envstrap_c=A ;; b) _envstrap_c=B ;; c) _envstrap_c=C ;; d) _envstrap_c=D ;;
                    e) _envstrap_c=E ;; f) _envstrap_c=F ;; g) _envstrap_c=G ;; h) _envstrap_c=H ;;
                    i) _envstrap_c=I ;; j) _envstrap_c=J ;; k) _envstrap_c=K ;; l) _envstrap_c=L ;;
                    m) _envstrap_c=M ;; n) _envstrap_c=N ;; o) _envstrap_c=O ;; p) _envstrap_c=P ;;
                    q) _envstrap_c=Q ;; r) _envstrap_c=R ;; s) _envstrap_c=S ;; t) _envstrap_c=T ;;
                    u) _envstrap_c=U ;; v) _envstrap_c=V ;; w) _envstrap_c=W ;; x) _envstrap_c=X ;;
                    y) _envstrap_c=Y ;; z) _envstrap_c=Z ;;
                esac
                _envstrap_u=$_envstrap_u$_envstrap_c
            done ;;
        esac
        case $_envstrap_u in @RESERVED_PATTERN@)
            printf 'envstrap: config var %s is managed by activation; skipped.\n' "$_envstrap_u" >&2
            continue ;;
        esac
        if [ "$_envstrap_odd" = 1 ]; then
            printf 'envstrap: config var %s holds an escape activation does not decode (%s); skipped.\n' "$_envstrap_u" '\b \f \n \r \u' >&2
            continue
        fi
        case $_envstrap_s in *\"*)  # (ksh93 reads & and | in a bracket expression as a backslash)
            case $_envstrap_s in *"&"*|*"|"*|*"<"*|*">"*|*"^"*)
                printf 'envstrap: config var %s holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped.\n' "$_envstrap_u" >&2
                continue ;;
            esac ;;
        esac
        case " $_ENVSTRAP_CONFIG_VARS" in
            *" $_envstrap_u "*)
                if [ "$_envstrap_s" = @UNSET_SENTINEL@ ]; then  # hides what an earlier file set
                    unset "$_envstrap_u" "_ENVSTRAP_NEW_$_envstrap_u"
                    _envstrap_t=" $_ENVSTRAP_CONFIG_VARS"
                    _envstrap_t="${_envstrap_t%%" $_envstrap_u "*} ${_envstrap_t#*" $_envstrap_u "}"
                    _ENVSTRAP_CONFIG_VARS=${_envstrap_t# }
                    case " $_ENVSTRAP_SAVED" in *" $_envstrap_u "*)
                        eval "$_envstrap_u=\$_ENVSTRAP_OLD_$_envstrap_u; export $_envstrap_u"
                        unset "_ENVSTRAP_OLD_$_envstrap_u"
                        _envstrap_t=" $_ENVSTRAP_SAVED"
                        _envstrap_t="${_envstrap_t%%" $_envstrap_u "*} ${_envstrap_t#*" $_envstrap_u "}"
                        _ENVSTRAP_SAVED=${_envstrap_t# } ;;
                    esac
                    continue
                fi ;;
            *)
                [ "$_envstrap_s" != @UNSET_SENTINEL@ ] || continue  # leaves the user's alone
                eval "case \${$_envstrap_u+x} in x) _ENVSTRAP_OLD_$_envstrap_u=\$$_envstrap_u _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_envstrap_u \" ;; esac"
                _ENVSTRAP_CONFIG_VARS="$_ENVSTRAP_CONFIG_VARS$_envstrap_u " ;;
        esac
        # What conda's resume (etc/conda/activate.d/000-envstrap.sh) puts back.
        eval "_ENVSTRAP_NEW_$_envstrap_u=\$_envstrap_s"
        if [ -n "$_envstrap_s" ]; then  # an empty value unsets (cmd.exe has no empty variables)
            export "$_envstrap_u=$_envstrap_s"
        else
            unset "$_envstrap_u"
        fi
    done
    unset _envstrap_j _envstrap_t _envstrap_f _envstrap_r _envstrap_file _envstrap_m _envstrap_g _envstrap_i _envstrap_o _envstrap_w _envstrap_d _envstrap_in _envstrap_x _envstrap_a _envstrap_q _envstrap_s _envstrap_odd _envstrap_k _envstrap_u _envstrap_c
}

# Package-provided config vars first (by name), then `conda env config vars`, which win.
_envstrap_config_vars() {
    if [ -d "$_envstrap_p"/@ENV_VARS_D@ ]; then
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        for _envstrap_v in "$_envstrap_p"/@ENV_VARS_D@/*.json; do
            _envstrap_config_file "$_envstrap_v" flat
        done
    fi
    _envstrap_config_file "$_envstrap_p"/@STATE_FILE@ nested
}

_envstrap_done() {  # the sourced file's status is this function's
    unset -f @TEMPORARY_FUNCTIONS@
    unset _envstrap_p
    case $1 in 1) return 0 ;; esac  # nothing to do
    return "$1"
}

# Not a function: the shell would copy its body (bash does, at every definition).
# shellcheck disable=SC2119
if _envstrap_main; then
    # Guard passed: from here on the shell is changed, and deactivate undoes every change.
    # What activation sets or unsets usually has no value yet; those that have one are listed
    # in _ENVSTRAP_SAVED ("NAME NAME "), each value in _ENVSTRAP_OLD_NAME (config vars too).
    _ENVSTRAP_OLD_PATH=${PATH-} _ENVSTRAP_HAD_PATH=${PATH+1} _ENVSTRAP_SAVED=
    # shellcheck disable=SC2194,SC2043  # (slots, filled with the plan's names)
    case @ANY_SET@ in ?*)
        for _envstrap_n in @RESTORED@; do
            eval "case \${$_envstrap_n+x} in x) _ENVSTRAP_OLD_$_envstrap_n=\$$_envstrap_n _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_envstrap_n \" ;; esac"
        done ;;
    esac
    _envstrap_undo() {  # every variable as before activation (PATH is deactivate's);
        # $1 non-empty: drop the record too. Names in the lists were checked when added.
        unset @RESTORED@
        _envstrap_v=$_ENVSTRAP_CONFIG_VARS
        while [ -n "$_envstrap_v" ]; do
            unset "${_envstrap_v%% *}"
            [ -z "$1" ] || unset "_ENVSTRAP_NEW_${_envstrap_v%% *}"
            _envstrap_v=${_envstrap_v#* }
        done
        _envstrap_v=$_ENVSTRAP_SAVED
        while [ -n "$_envstrap_v" ]; do
            _envstrap_n=${_envstrap_v%% *} _envstrap_v=${_envstrap_v#* }
            eval "$_envstrap_n=\$_ENVSTRAP_OLD_$_envstrap_n; export $_envstrap_n"
            [ -z "$1" ] || unset "_ENVSTRAP_OLD_$_envstrap_n"
        done
        if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then
            case $_ENVSTRAP_HAD_PS1 in 1) PS1=$_ENVSTRAP_OLD_PS1 ;; *) unset PS1 ;; esac
        fi
        unset _envstrap_v _envstrap_n
    }
    _envstrap_hooks() {  # source $1/*.sh, in reverse order when $2 is non-empty
        [ -d "$1" ] || return 0
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        _envstrap_reverse=$2
        set -- "$1"/*.sh
        if [ -n "$_envstrap_reverse" ]; then
            _envstrap_n=$#
            while [ "$_envstrap_n" -gt 0 ]; do
                eval "_envstrap_hook=\${$_envstrap_n}"
                _envstrap_n=$((_envstrap_n - 1))
                # shellcheck source=/dev/null
                if [ -f "$_envstrap_hook" ]; then . "$_envstrap_hook"; fi
            done
        else
            for _envstrap_hook in "$@"; do
                # shellcheck source=/dev/null
                if [ -f "$_envstrap_hook" ]; then . "$_envstrap_hook"; fi
            done
        fi
        unset _envstrap_hook _envstrap_n _envstrap_reverse
        return 0
    }
    deactivate() {
        if [ -z "${_ENVSTRAP_ACTIVE:-}" ]; then
            echo 'envstrap: no environment was activated in this shell; nothing to do.' >&2
            return 1
        fi
        if [ "${1-}" = --suspend ]; then  # conda leaves for another environment or
            # reactivates this one (PATH is conda's); etc/conda/activate.d/000-envstrap.sh resumes
            _envstrap_undo
            _ENVSTRAP_SUSPENDED=1
            return 0
        fi
        if [ -n "${_ENVSTRAP_SUSPENDED:-}" ]; then
            echo "envstrap: '$_ENVSTRAP_ACTIVE' is not active here: conda activated ${CONDA_PREFIX:-another environment} on top of it; run 'conda deactivate' first." >&2
            return 1
        fi
        if [ "${1-}" != --conda ]; then  # conda ran deactivate.d itself, ending with our hook
            _ENVSTRAP_DEACTIVATING=1
            _envstrap_hooks "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@ reverse
            unset _ENVSTRAP_DEACTIVATING
        fi
        _envstrap_undo drop
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        if [ "${PATH-}" = "$_ENVSTRAP_NEW_PATH" ] ||
                [ "${PATH-}" = "${_ENVSTRAP_ADDED_PATH##*:}${_ENVSTRAP_OLD_PATH:+:$_ENVSTRAP_OLD_PATH}" ]; then
            case $_ENVSTRAP_HAD_PATH in 1) PATH=$_ENVSTRAP_OLD_PATH; export PATH ;; *) unset PATH ;; esac
        else
            # PATH was changed while active: take out one occurrence of each entry activation
            # added (the first, wherever it now stands); every other change stays (conda's rule).
            _envstrap_v=$_ENVSTRAP_ADDED_PATH _envstrap_w=":${PATH-}:"
            while [ -n "$_envstrap_v" ]; do
                _envstrap_e=${_envstrap_v%%:*}
                case $_envstrap_w in *":$_envstrap_e:"*)
                    _envstrap_w="${_envstrap_w%%":$_envstrap_e:"*}:${_envstrap_w#*":$_envstrap_e:"}" ;;
                esac
                case $_envstrap_v in *:*) _envstrap_v=${_envstrap_v#*:} ;; *) _envstrap_v='' ;; esac
            done
            _envstrap_w=${_envstrap_w#:}
            PATH=${_envstrap_w%:}
            export PATH
            unset _envstrap_v _envstrap_w _envstrap_e
        fi
        unset _ENVSTRAP_OLD_PATH _ENVSTRAP_HAD_PATH _ENVSTRAP_NEW_PATH _ENVSTRAP_ADDED_PATH _ENVSTRAP_SAVED _ENVSTRAP_CONFIG_VARS _ENVSTRAP_PROMPT _ENVSTRAP_OLD_PS1 _ENVSTRAP_HAD_PS1 _ENVSTRAP_MODIFIER _ENVSTRAP_ACTIVE
        hash -r 2>/dev/null
        unset -f @KEPT_FUNCTIONS@
        return 0
    }

    _envstrap_v=${_envstrap_p##*/}
    case $_envstrap_v in
        @UNSAFE_ANY@)
            _ENVSTRAP_MODIFIER=
            while [ -n "$_envstrap_v" ]; do  # the folder name, made safe for every prompt
                _envstrap_r=${_envstrap_v#?}
                _envstrap_c=${_envstrap_v%"$_envstrap_r"}
                case "$_envstrap_c" in @UNSAFE@) _envstrap_c=_ ;; esac
                _ENVSTRAP_MODIFIER=$_ENVSTRAP_MODIFIER$_envstrap_c
                _envstrap_v=$_envstrap_r
            done ;;
        *) _ENVSTRAP_MODIFIER=$_envstrap_v ;;
    esac
    _ENVSTRAP_MODIFIER="($_ENVSTRAP_MODIFIER) "

    _ENVSTRAP_ADDED_PATH="@PATH_DIRS@"
    PATH="$_ENVSTRAP_ADDED_PATH${PATH:+:$PATH}"; export PATH
@SET_VARS@
    unset @UNSET_VARS@
    _ENVSTRAP_NEW_PATH=$PATH _ENVSTRAP_CONFIG_VARS=
    _envstrap_config_vars
    # shellcheck disable=SC2198  # (a slot, filled with a variable name)
    if [ -z "${@PROMPT_OPT_OUT@:-}" ]; then
        _ENVSTRAP_OLD_PS1=${PS1-} _ENVSTRAP_HAD_PS1=${PS1+1}
        PS1="$_ENVSTRAP_MODIFIER${PS1-}" _ENVSTRAP_PROMPT=1
    fi
    _ENVSTRAP_ACTIVE=$_envstrap_p
    unset _envstrap_v _envstrap_n _envstrap_r _envstrap_c
    _envstrap_hooks "$_envstrap_p"/@ACTIVATE_D@ ""
    hash -r 2>/dev/null
    _envstrap_done 0
else
    _envstrap_done "$?"
fi
