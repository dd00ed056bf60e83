# envstrap @VERSION@: the less usual parts of `activate` (sh, dash, bash, zsh, ksh), sourced by
# it only when needed: the shell parses a sourced file whole, so `activate` keeps to what a
# usual activation and deactivation run. Here: the full guard (an environment is active: which
# one, and what to say), and the full config-var reader. Each use ends with _envstrap_more_done.
# Generated; do not edit.
# shellcheck shell=sh disable=SC2317,SC2154  # (sourced: the variables are the activate script's)

# Status 1: this environment is already active (nothing to do); 3: refused.
_envstrap_guard() {
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
    return 0
}

_envstrap_refuse() {
    echo "envstrap: cannot activate '$_envstrap_p': $1 is set ('$2'): $3." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
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

# deactivate, when PATH was changed while active: take out one occurrence of each entry
# activation added (the first, wherever it now stands); every other change stays (conda's rule).
_envstrap_path_changed() {
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
}

_envstrap_more_done() {
    unset -f @MORE_FUNCTIONS@
}
