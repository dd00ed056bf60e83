# envstrap @VERSION@: activation for sh, dash, bash, zsh and ksh. Generated; do not edit.
#   activate:   . /path/to/env/activate
#   deactivate: deactivate
# Only shell builtins run here. bash, zsh and ksh find this file's folder themselves; plain
# sh/dash use the folder recorded when the environment was made (see FALLBACK below).

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

# Absolute path of $1 without . and .. parts, by parameter expansion only; result in _envstrap_p.
_envstrap_normalize() {
    case "$1" in /*) _envstrap_rest=$1 ;; *) _envstrap_rest=$PWD/$1 ;; esac
    _envstrap_out=
    while [ -n "$_envstrap_rest" ]; do
        _envstrap_part=${_envstrap_rest%%/*}
        case "$_envstrap_rest" in */*) _envstrap_rest=${_envstrap_rest#*/} ;; *) _envstrap_rest= ;; esac
        case "$_envstrap_part" in
            ''|.) ;;
            ..) _envstrap_out=${_envstrap_out%/*} ;;
            *) _envstrap_out=$_envstrap_out/$_envstrap_part ;;
        esac
    done
    _envstrap_p=${_envstrap_out:-/}
    unset _envstrap_rest _envstrap_part _envstrap_out
}

# shellcheck disable=SC2317  # (called from the guard slot)
_envstrap_refuse() {
    echo "envstrap: cannot activate '$_envstrap_p': $1 is set ('$2'): $3." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
}

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
        _envstrap_normalize "$_envstrap_p"
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
            return 0 ;;
        esac
        # Under an environment conda activated on top, the guard below names that one.
        if [ -z "${CONDA_PREFIX:-}" ] || [ "$CONDA_PREFIX" = "$_envstrap_p" ]; then
            echo "envstrap: cannot activate '$_envstrap_p': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run 'deactivate' in the shell that activated it, or open a new shell." >&2
            return 3
        fi
    fi
@GUARD@

    # Guard passed: from here on the shell is changed, and deactivate undoes every change.
    _envstrap_save() {  # value of $1 and whether it was set at all (unset and empty differ)
        eval "if [ \"\${$1+set}\" = set ]; then _ENVSTRAP_OLD_$1=\$$1; _ENVSTRAP_HAD_$1=1; else _ENVSTRAP_HAD_$1=0; fi"
    }
    _envstrap_restore() {  # put $1 back exactly; $2 non-empty = export it
        eval "if [ \"\${_ENVSTRAP_HAD_$1:-0}\" = 1 ]; then $1=\$_ENVSTRAP_OLD_$1; if [ -n \"\$2\" ]; then export $1; fi; else unset $1; fi; unset _ENVSTRAP_OLD_$1 _ENVSTRAP_HAD_$1"
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
        if [ "${1-}" != --conda ]; then  # conda ran deactivate.d itself, ending with our hook
            _ENVSTRAP_DEACTIVATING=1
            _envstrap_hooks "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@ reverse
            unset _ENVSTRAP_DEACTIVATING
        fi
        eval "for _envstrap_v in $_ENVSTRAP_CONFIG_VARS; do _envstrap_restore \"\$_envstrap_v\" export; done"
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        if [ "${PATH-}" = "$_ENVSTRAP_NEW_PATH" ] ||
                [ "${PATH-}" = "${_ENVSTRAP_ADDED_PATH##*:}${_ENVSTRAP_OLD_PATH:+:$_ENVSTRAP_OLD_PATH}" ]; then
            _envstrap_restore PATH export
        else
            # PATH was changed while active: keep those changes, drop only our entries.
            case "${PATH-}" in
                "$_ENVSTRAP_ADDED_PATH":*) PATH=${PATH#"$_ENVSTRAP_ADDED_PATH":} ;;
                *) echo "envstrap: PATH was reordered while active; left as it is." >&2 ;;
            esac
            export PATH
            unset _ENVSTRAP_OLD_PATH _ENVSTRAP_HAD_PATH
        fi
        # shellcheck disable=SC2043  # (a slot, filled with a list)
        for _envstrap_v in @RESTORED@; do
            _envstrap_restore "$_envstrap_v" export
        done
        if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then _envstrap_restore PS1 ""; fi
        unset _envstrap_v _ENVSTRAP_PROMPT _ENVSTRAP_NEW_PATH _ENVSTRAP_ADDED_PATH _ENVSTRAP_CONFIG_VARS _ENVSTRAP_ACTIVE
        hash -r 2>/dev/null
        unset -f deactivate _envstrap_save _envstrap_restore _envstrap_hooks
        return 0
    }

    # shellcheck disable=SC2043  # (a slot, filled with a list)
    for _envstrap_v in @SAVED@; do _envstrap_save "$_envstrap_v"; done
    _envstrap_name=${_envstrap_p##*/}
    _envstrap_modifier=
    while [ -n "$_envstrap_name" ]; do  # the folder name, made safe for every prompt
        _envstrap_rest=${_envstrap_name#?}
        _envstrap_c=${_envstrap_name%"$_envstrap_rest"}
        case "$_envstrap_c" in @UNSAFE@) _envstrap_c=_ ;; esac
        _envstrap_modifier=$_envstrap_modifier$_envstrap_c
        _envstrap_name=$_envstrap_rest
    done
    _envstrap_modifier="($_envstrap_modifier) "

    _ENVSTRAP_ADDED_PATH="@PATH_DIRS@"
    PATH="$_ENVSTRAP_ADDED_PATH${PATH:+:$PATH}"; export PATH
@SET_VARS@
    unset @UNSET_VARS@
    _ENVSTRAP_NEW_PATH=$PATH
    _ENVSTRAP_CONFIG_VARS=
    _envstrap_all_config_vars "$_envstrap_p"
    # shellcheck disable=SC2198  # (a slot, filled with a variable name)
    if [ -z "${@PROMPT_OPT_OUT@:-}" ]; then
        _envstrap_save PS1
        PS1="$_envstrap_modifier${PS1-}"
        _ENVSTRAP_PROMPT=1
    fi
    _ENVSTRAP_ACTIVE=$_envstrap_p
    unset _envstrap_v _envstrap_name _envstrap_modifier _envstrap_rest _envstrap_c
    _envstrap_hooks "$_envstrap_p"/@ACTIVATE_D@ ""
    hash -r 2>/dev/null
    return 0
}

# Read one JSON string from _envstrap_json (after its opening quote) into _envstrap_str: the
# text between escapes is taken at once (parameter expansion), never a character at a time.
_envstrap_state_string() {
    _envstrap_str=
    while :; do
        _envstrap_c=${_envstrap_json%%[\"\\]*}
        _envstrap_str=$_envstrap_str$_envstrap_c
        _envstrap_json=${_envstrap_json#"$_envstrap_c"}
        case "$_envstrap_json" in
            \"*) _envstrap_json=${_envstrap_json#?}; return 0 ;;
            \\n*) _envstrap_c='
' ;;
            \\t*) _envstrap_c='	' ;;
            \\\"*) _envstrap_c=\" ;;
            \\\\*) _envstrap_c=\\ ;;
            \\/*) _envstrap_c=/ ;;
            \\?*)  # an escape this reader cannot decode (\u, \b, ...): the value is skipped
                _envstrap_c=${_envstrap_json#?}
                _envstrap_c=${_envstrap_c%"${_envstrap_c#?}"}
                _envstrap_bad=1 ;;
            *) _envstrap_json='' _envstrap_bad=1; return 0 ;;  # no closing quote
        esac
        _envstrap_str=$_envstrap_str$_envstrap_c
        _envstrap_json=${_envstrap_json#??}
    done
}

# Apply one config var as conda does: names upper-cased, PATH and names activation manages
# skipped, "***unset***" hides a value an earlier file (a package's env_vars.d) set.
_envstrap_config_var() {
    _envstrap_up=$_envstrap_key
    while :; do  # upper-case it one lower-case letter at a time (most names have none)
        case "$_envstrap_up" in *[abcdefghijklmnopqrstuvwxyz]*) ;; *) break ;; esac
        _envstrap_rest=${_envstrap_up#*[abcdefghijklmnopqrstuvwxyz]}
        _envstrap_c=${_envstrap_up%"$_envstrap_rest"}
        _envstrap_up=${_envstrap_c%?}
        case "${_envstrap_c#"$_envstrap_up"}" in
            a) _envstrap_c=A ;; b) _envstrap_c=B ;; c) _envstrap_c=C ;; d) _envstrap_c=D ;;
            e) _envstrap_c=E ;; f) _envstrap_c=F ;; g) _envstrap_c=G ;; h) _envstrap_c=H ;;
            i) _envstrap_c=I ;; j) _envstrap_c=J ;; k) _envstrap_c=K ;; l) _envstrap_c=L ;;
            m) _envstrap_c=M ;; n) _envstrap_c=N ;; o) _envstrap_c=O ;; p) _envstrap_c=P ;;
            q) _envstrap_c=Q ;; r) _envstrap_c=R ;; s) _envstrap_c=S ;; t) _envstrap_c=T ;;
            u) _envstrap_c=U ;; v) _envstrap_c=V ;; w) _envstrap_c=W ;; x) _envstrap_c=X ;;
            y) _envstrap_c=Y ;; z) _envstrap_c=Z ;;
        esac
        _envstrap_up=$_envstrap_up$_envstrap_c$_envstrap_rest
    done
    case "$_envstrap_up" in
        ''|[0-9]*|*[!A-Za-z0-9_]*)
            echo "envstrap: config var '$_envstrap_key' is not a usable variable name; skipped." >&2
            return 0 ;;
    esac
    case "$_envstrap_up" in
        @MANAGED_PATTERN@)
            echo "envstrap: config var $_envstrap_up is managed by activation; skipped." >&2
            return 0 ;;
    esac
    if [ -n "$_envstrap_bad" ]; then
        echo "envstrap: config var $_envstrap_up uses an escape this shell cannot decode; skipped." >&2
        return 0
    fi
    case " $_ENVSTRAP_CONFIG_VARS " in
        *" $_envstrap_up "*) _envstrap_known=1 ;;
        *) _envstrap_known= ;;
    esac
    if [ "$_envstrap_str" = @UNSET_SENTINEL@ ]; then
        [ -n "$_envstrap_known" ] || return 0
        _envstrap_restore "$_envstrap_up" export
        _envstrap_rest=
        eval "for _envstrap_c in $_ENVSTRAP_CONFIG_VARS; do [ \"\$_envstrap_c\" = \"$_envstrap_up\" ] || _envstrap_rest=\"\$_envstrap_rest \$_envstrap_c\"; done"
        _ENVSTRAP_CONFIG_VARS=$_envstrap_rest
        return 0
    fi
    if [ -z "$_envstrap_known" ]; then
        _envstrap_save "$_envstrap_up"
        _ENVSTRAP_CONFIG_VARS="$_envstrap_up $_ENVSTRAP_CONFIG_VARS"
    fi
    eval "$_envstrap_up=\$_envstrap_str; export $_envstrap_up"
}

# Apply the string values of JSON file $1: a flat object ($2 = flat, etc/conda/env_vars.d/*.json)
# or the "env_vars" object inside it ($2 = nested, conda-meta/state).
_envstrap_state_vars() {
    [ -f "$1" ] || return 0
    _envstrap_json=
    while IFS= read -r _envstrap_line || [ -n "$_envstrap_line" ]; do
        _envstrap_json="$_envstrap_json$_envstrap_line
"
    done < "$1"
    _envstrap_depth=0 _envstrap_key='' _envstrap_top='' _envstrap_in='' _envstrap_want=key
    while [ -n "$_envstrap_json" ]; do  # one token at a time; strings are read whole
        case "$_envstrap_json" in
            '{'*) _envstrap_depth=$((_envstrap_depth + 1)); _envstrap_want=key
                  if [ "$_envstrap_depth" = 2 ]; then _envstrap_in=$_envstrap_top; fi ;;
            '}'*) _envstrap_depth=$((_envstrap_depth - 1)); _envstrap_in= ;;
            ':'*) _envstrap_want=value ;;
            ','*) _envstrap_want=key ;;
            '"'*)
                _envstrap_json=${_envstrap_json#?}
                _envstrap_bad=
                _envstrap_state_string
                if [ "$_envstrap_want" = key ]; then
                    _envstrap_key=$_envstrap_str
                    if [ "$_envstrap_depth" = 1 ]; then _envstrap_top=$_envstrap_str; fi
                elif [ "$2" = flat ] && [ "$_envstrap_depth" = 1 ]; then
                    _envstrap_config_var
                elif [ "$2" = nested ] && [ "$_envstrap_depth" = 2 ] && [ "$_envstrap_in" = env_vars ]; then
                    _envstrap_config_var
                fi
                continue ;;
        esac
        _envstrap_json=${_envstrap_json#?}
    done
    unset _envstrap_json _envstrap_line _envstrap_depth _envstrap_key _envstrap_top _envstrap_in _envstrap_want _envstrap_rest _envstrap_c _envstrap_str _envstrap_bad _envstrap_up _envstrap_known
}

# Package-provided variables first (sorted), then `conda env config vars`, which win.
_envstrap_all_config_vars() {
    if [ -d "$1"/@ENV_VARS_D@ ]; then
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        for _envstrap_file in "$1"/@ENV_VARS_D@/*.json; do
            _envstrap_state_vars "$_envstrap_file" flat
        done
        unset _envstrap_file
    fi
    _envstrap_state_vars "$1"/@STATE_FILE@ nested
}

_envstrap_done() {  # the sourced file's status is this function's
    unset -f _envstrap_main _envstrap_done _envstrap_normalize _envstrap_refuse _envstrap_state_vars _envstrap_state_string _envstrap_config_var _envstrap_all_config_vars
    unset _envstrap_p
    return "$1"
}
if _envstrap_main; then _envstrap_done 0; else _envstrap_done "$?"; fi
