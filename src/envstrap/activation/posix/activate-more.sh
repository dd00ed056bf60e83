# envstrap @VERSION@: the less usual parts of `activate` (sh, dash, bash, zsh, ksh), sourced by
# it only when needed: the shell parses a sourced file whole, so `activate` keeps to what a
# usual activation and deactivation run. Here: the full guard (an environment is active: which
# one, and what to say), and the full config-var reader. Each use ends with _envstrap_more_done.
# Generated; do not edit.
# shellcheck shell=sh disable=SC2317,SC2154  # (sourced: the variables are the activate script's)

# Status 1: this environment is already active (nothing to do); 3: refused.
_envstrap_guard() {
    # shellcheck disable=SC2145,SC2198  # (a slot, filled with a variable name)
    if [ -n "${@MARKER@:-}" ] && [ "$@MARKER@" = "$_es_p" ]; then
        case ":${PATH-}:" in *:"@ACTIVE_DIR@":*)
            echo "envstrap: '$_es_p' is already active in this shell or its parent; nothing to do." >&2
            return 1 ;;
        esac
        # Under an environment conda activated on top, the guard below names that one.
        if [ -z "${CONDA_PREFIX:-}" ] || [ "$CONDA_PREFIX" = "$_es_p" ]; then
            echo "envstrap: cannot activate '$_es_p': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run 'deactivate' in the shell that activated it, or open a new shell." >&2
            return 3
        fi
    fi
@GUARD@
    return 0
}

_envstrap_refuse() {
    echo "envstrap: cannot activate '$_es_p': $1 is set ('$2'): $3." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
}

# ---- config vars (docs/design/config-vars.md: the JSON read, and what a value may hold) ------

# Decode the JSON string _es_a (its text between the quotes) into _es_s;
# _es_odd=1 when it holds an escape activation does not decode (\b \f \n \r \uXXXX).
# Status 1: not valid JSON. Jumps from backslash to backslash, never character by character.
_envstrap_decode() {
    _es_s='' _es_odd='' _es_t=$_es_a
    case $_es_t in *[[:cntrl:]]*) return 1 ;; esac
    while :; do
        case $_es_t in *\\*) ;; *) _es_s=$_es_s$_es_t; return 0 ;; esac
        _es_s=$_es_s${_es_t%%\\*}
        _es_t=${_es_t#*\\}
        case $_es_t in
            \"*) _es_s=$_es_s\" ;;
            \\*) _es_s=$_es_s\\ ;;
            /*) _es_s=$_es_s/ ;;
            t*) _es_s="$_es_s	" ;;
            [bfnr]*) _es_odd=1 ;;
            u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]*) _es_odd=1; _es_t=${_es_t#????} ;;
            *) return 1 ;;
        esac
        _es_t=${_es_t#?}
    done
}

# The text between two strings (_es_f) other than the usual ": " and ", ": whitespace and
# { } : , as the grammar allows, a character at a time. Status 1: not the JSON read.
_envstrap_structure() {
    _es_r=$_es_f
    while [ -n "$_es_r" ]; do
        _es_c=${_es_r%"${_es_r#?}"}
        _es_r=${_es_r#?}
        case $_es_w$_es_c in
            *[[:space:]]) ;;
            'open{') _es_d=1 _es_w=keyclose ;;
            'value{')
                [ "$_es_m$_es_d" = nested1 ] || return 1
                _es_d=2 _es_in=$_es_k _es_w=keyclose ;;
            'keyclose}'|'next}')
                _es_d=$((_es_d - 1)) _es_in='' _es_w=next
                [ "$_es_d" != 0 ] || _es_w=end ;;
            colon:) _es_w=value ;;
            next,) _es_w=key ;;
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
    _es_j='' _es_t=''
    while IFS= read -r _es_t || [ -n "$_es_t" ]; do
        _es_j="$_es_j$_es_t
"
    done < "$1"
    _es_m=$2 _es_w=open _es_d=0 _es_in='' _es_x='' _es_a='' _es_q=''
    case $- in *f*) _es_g='' ;; *) _es_g=1; set -f ;; esac
    _es_i=${IFS+set} _es_o=${IFS-}
    IFS='"'
    if [ -n "${ZSH_VERSION:-}" ]; then
        eval 'set -- "$1" "${(@ps:$IFS:)_es_j}"'
    else
        # shellcheck disable=SC2086  # (split at quotes, on purpose; globbing is off)
        set -- "$1" $_es_j
    fi
    _es_file=$1
    shift
    for _es_f in "$@"; do
        if [ -z "$_es_x" ]; then  # between strings
            _es_x=1
            case $_es_w$_es_f in
                colon:|'colon: ') _es_w=value ;;
                next,|'next, ') _es_w=key ;;
                *) _envstrap_structure || { _es_w=bad; break; } ;;
            esac
            continue
        fi
        _es_a=$_es_a$_es_f
        case $_es_f in *\\)
            _es_t=${_es_f##*[!\\]}
            # shellcheck disable=SC2089  # (the escaped quote is text)
            case $((${#_es_t} % 2)) in 1) _es_a=$_es_a\"; continue ;; esac ;;
        esac
        case $_es_a in  # most strings have no escape: nothing to decode
            *\\*|*[[:cntrl:]]*) _envstrap_decode || { _es_w=bad; break; } ;;
            *) _es_s=$_es_a _es_odd='' ;;
        esac
        case $_es_w in
            key|keyclose) _es_k=$_es_a _es_w=colon ;;
            value)
                _es_w=next
                case $_es_m$_es_d$_es_in in flat1|nested2env_vars)
                    _es_q="$_es_q${_es_odd:-=}$_es_k
=$_es_s
" ;;
                esac ;;
            *) _es_w=bad; break ;;
        esac
        _es_x='' _es_a=''
    done
    IFS='
'
    if [ "$_es_w" != end ]; then
        set --
        printf "envstrap: '%s' is not JSON activation can read (an object of strings); its config vars are skipped.\n" "$_es_file" >&2
    elif [ -n "${ZSH_VERSION:-}" ]; then
        eval 'set -- "${(@ps:\n:)_es_q}"'
    else
        # shellcheck disable=SC2086,SC2090  # (one field per line, on purpose; globbing is off)
        set -- $_es_q
    fi
    if [ -n "$_es_i" ]; then IFS=$_es_o; else unset IFS; fi
    [ -z "$_es_g" ] || set +f
    while [ "$#" -gt 1 ]; do  # name as written (after a flag: 1 = undecoded escape), =value
        _es_k=${1#?} _es_s=${2#?} _es_odd=${1%"${1#?}"}
        shift 2
        case $_es_k in ''|[0-9]*|*[!A-Za-z0-9_]*)
            printf "envstrap: config var '%s' is not a usable variable name; skipped.\n" "$_es_k" >&2
            continue ;;
        esac
        _es_u=$_es_k
        case $_es_u in *[a-z]*)  # bash 4+ and zsh upper-case in one step; checked as ASCII
            if [ -n "${ZSH_VERSION:-}" ]; then
                eval '_es_u=${(U)_es_u}'
            else
                case ${BASH_VERSION:-} in [4-9]*|[1-9][0-9]*) eval '_es_u=${_es_u^^}' ;; esac
            fi ;;
        esac
        case $_es_u in *[!ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_]*)
            _es_t=$_es_k _es_u=''
            while [ -n "$_es_t" ]; do
                _es_c=${_es_t%"${_es_t#?}"}
                _es_t=${_es_t#?}
                case $_es_c in
                    a) _es_c=A ;; b) _es_c=B ;; c) _es_c=C ;; d) _es_c=D ;;
                    e) _es_c=E ;; f) _es_c=F ;; g) _es_c=G ;; h) _es_c=H ;;
                    i) _es_c=I ;; j) _es_c=J ;; k) _es_c=K ;; l) _es_c=L ;;
                    m) _es_c=M ;; n) _es_c=N ;; o) _es_c=O ;; p) _es_c=P ;;
                    q) _es_c=Q ;; r) _es_c=R ;; s) _es_c=S ;; t) _es_c=T ;;
                    u) _es_c=U ;; v) _es_c=V ;; w) _es_c=W ;; x) _es_c=X ;;
                    y) _es_c=Y ;; z) _es_c=Z ;;
                esac
                _es_u=$_es_u$_es_c
            done ;;
        esac
        case $_es_u in @RESERVED_PATTERN@)
            printf 'envstrap: config var %s is managed by activation; skipped.\n' "$_es_u" >&2
            continue ;;
        esac
        if [ "$_es_odd" = 1 ]; then
            printf 'envstrap: config var %s holds an escape activation does not decode (%s); skipped.\n' "$_es_u" '\b \f \n \r \u' >&2
            continue
        fi
        case $_es_s in *\"*)  # (ksh93 reads & and | in a bracket expression as a backslash)
            case $_es_s in *"&"*|*"|"*|*"<"*|*">"*|*"^"*)
                printf 'envstrap: config var %s holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped.\n' "$_es_u" >&2
                continue ;;
            esac ;;
        esac
        case " $_ENVSTRAP_CONFIG_VARS" in
            *" $_es_u "*)
                if [ "$_es_s" = @UNSET_SENTINEL@ ]; then  # hides what an earlier file set
                    _envstrap_take_back "$_es_u"
                    continue
                fi ;;
            *)
                [ "$_es_s" != @UNSET_SENTINEL@ ] || continue  # leaves the user's alone
                eval "case \${$_es_u+x} in x) _ENVSTRAP_OLD_$_es_u=\$$_es_u _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_es_u \" ;; esac"
                _ENVSTRAP_CONFIG_VARS="$_ENVSTRAP_CONFIG_VARS$_es_u " ;;
        esac
        # What conda's resume (etc/conda/activate.d/000-envstrap.sh) puts back.
        eval "_ENVSTRAP_NEW_$_es_u=\$_es_s"
        if [ -n "$_es_s" ]; then  # an empty value unsets (cmd.exe has no empty variables)
            export "$_es_u=$_es_s"
        else
            unset "$_es_u"
        fi
    done
    unset _es_j _es_t _es_f _es_r _es_file _es_m _es_g _es_i _es_o _es_w _es_d _es_in _es_x _es_a _es_q _es_s _es_odd _es_k _es_u _es_c
}

# A config var taken back: unset, off the list, and its value from before activation put back
# if it had one (a config var is never a managed name).
_envstrap_take_back() {
    unset "$1" "_ENVSTRAP_NEW_$1"
    _es_t=" $_ENVSTRAP_CONFIG_VARS"
    _es_t="${_es_t%%" $1 "*} ${_es_t#*" $1 "}"
    _ENVSTRAP_CONFIG_VARS=${_es_t# }
    case " $_ENVSTRAP_SAVED" in *" $1 "*)
        eval "$1=\$_ENVSTRAP_OLD_$1; export $1; unset _ENVSTRAP_OLD_$1"
        _es_t=" $_ENVSTRAP_SAVED"
        _es_t="${_es_t%%" $1 "*} ${_es_t#*" $1 "}"
        _ENVSTRAP_SAVED=${_es_t# } ;;
    esac
}

# Package-provided config vars first (by name), then `conda env config vars`, which win.
_envstrap_config_vars() {
    # First, what activate's quick reader applied before it stopped at what it leaves to this
    # one, undone: as if it had not run.
    while [ -n "$_ENVSTRAP_CONFIG_VARS" ]; do
        _envstrap_take_back "${_ENVSTRAP_CONFIG_VARS%% *}"
    done
    if [ -d "$_es_p"/@ENV_VARS_D@ ]; then
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        for _es_v in "$_es_p"/@ENV_VARS_D@/*.json; do
            _envstrap_config_file "$_es_v" flat
        done
    fi
    _envstrap_config_file "$_es_p"/@STATE_FILE@ nested
}

# deactivate, when PATH was changed while active: take out one occurrence of each entry
# activation added (the first, wherever it now stands); every other change stays (conda's rule).
# `deactivate --suspend` (envstrap's conda hook: conda leaves for another environment or
# reactivates this one; PATH is conda's): every variable as before activation, as `deactivate`
# puts them back, but the record is kept (the _ENVSTRAP_* variables, config vars' values
# included) for etc/conda/activate.d/000-envstrap.sh to resume. Without --suspend: `deactivate`
# while suspended, refused (status 1).
_envstrap_suspend() {
    if [ "$1" != --suspend ]; then
        echo "envstrap: '$_ENVSTRAP_ACTIVE' is not active here: conda activated ${CONDA_PREFIX:-another environment} on top of it; run 'conda deactivate' first." >&2
        return 1
    fi
    unset @RESTORED@
    _es_v=$_ENVSTRAP_CONFIG_VARS
    while [ -n "$_es_v" ]; do
        unset "${_es_v%% *}"
        _es_v=${_es_v#* }
    done
    _es_v=$_ENVSTRAP_SAVED
    while [ -n "$_es_v" ]; do
        _es_n=${_es_v%% *} _es_v=${_es_v#* }
        eval "$_es_n=\$_ENVSTRAP_OLD_$_es_n; export $_es_n"
    done
    if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then
        case $_ENVSTRAP_HAD_PS1 in 1) PS1=$_ENVSTRAP_OLD_PS1 ;; *) unset PS1 ;; esac
    fi
    unset _es_v _es_n
    _ENVSTRAP_SUSPENDED=1
    return 0
}

_envstrap_path_changed() {
    # conda's deactivate takes off all our PATH entries but the last (condabin): as before
    # activation, exactly (unset if it was)
    if [ "${PATH-}" = "${_ENVSTRAP_ADDED_PATH##*:}${_ENVSTRAP_OLD_PATH:+:$_ENVSTRAP_OLD_PATH}" ]; then
        case $_ENVSTRAP_HAD_PATH in 1) PATH=$_ENVSTRAP_OLD_PATH; export PATH ;; *) unset PATH ;; esac
        return 0
    fi
    _es_v=$_ENVSTRAP_ADDED_PATH _es_w=":${PATH-}:"
    while [ -n "$_es_v" ]; do
        _es_e=${_es_v%%:*}
        case $_es_w in *":$_es_e:"*)
            _es_w="${_es_w%%":$_es_e:"*}:${_es_w#*":$_es_e:"}" ;;
        esac
        case $_es_v in *:*) _es_v=${_es_v#*:} ;; *) _es_v='' ;; esac
    done
    _es_w=${_es_w#:}
    PATH=${_es_w%:}
    export PATH
    unset _es_v _es_w _es_e
}

_envstrap_more_done() {
    unset -f @MORE_FUNCTIONS@
}
