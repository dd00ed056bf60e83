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
    case "$1" in
        */./*|*/../*|*//*|*/.|*/..|*/) ;;
        /*) _envstrap_p=$1; return 0 ;;  # already absolute and clean
    esac
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
    _envstrap_snap() {  # $1 as activation leaves it, for a resume after conda suspended it
        eval "if [ \"\${$1+set}\" = set ]; then _ENVSTRAP_NEW_$1=\$$1; _ENVSTRAP_NHAD_$1=1; else _ENVSTRAP_NHAD_$1=0; fi"
    }
    _envstrap_put() {  # $4 from _ENVSTRAP_$1_$4 where _ENVSTRAP_$2_$4 is 1 (else unset), kept;
        # $3 non-empty = export it
        eval "if [ \"\${_ENVSTRAP_$2_$4:-0}\" = 1 ]; then $4=\$_ENVSTRAP_$1_$4; if [ -n \"\$3\" ]; then export $4; fi; else unset $4; fi"
    }
    _envstrap_forget() {  # drop the snapshot of $1
        unset "_ENVSTRAP_NEW_$1" "_ENVSTRAP_NHAD_$1"
    }
    _envstrap_each() {  # run "$@" NAME for each variable activation set (config vars: no eval)
        # shellcheck disable=SC2043  # (a slot, filled with a list)
        for _envstrap_x in @RESTORED@; do "$@" "$_envstrap_x"; done
        _envstrap_x=$_ENVSTRAP_CONFIG_VARS
        while [ -n "$_envstrap_x" ]; do  # names checked when they were added
            "$@" "${_envstrap_x%% *}"
            case $_envstrap_x in *' '*) _envstrap_x=${_envstrap_x#* } ;; *) _envstrap_x='' ;; esac
        done
        unset _envstrap_x
    }
    _envstrap_conda_switch() {  # OLD HAD: suspend (conda leaves for another environment or
        # reactivates this one; PATH is conda's); NEW NHAD: resume (conda activated this again)
        _envstrap_each _envstrap_put "$1" "$2" export
        if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then _envstrap_put "$1" "$2" "" PS1; fi
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
        if [ "${1-}" = --suspend ]; then
            _envstrap_conda_switch OLD HAD
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
        _envstrap_v=$_ENVSTRAP_CONFIG_VARS
        while [ -n "$_envstrap_v" ]; do  # names checked when they were added; no eval
            _envstrap_restore "${_envstrap_v%% *}" export
            case $_envstrap_v in *' '*) _envstrap_v=${_envstrap_v#* } ;; *) _envstrap_v='' ;; esac
        done
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        if [ "${PATH-}" = "$_ENVSTRAP_NEW_PATH" ] ||
                [ "${PATH-}" = "${_ENVSTRAP_ADDED_PATH##*:}${_ENVSTRAP_OLD_PATH:+:$_ENVSTRAP_OLD_PATH}" ]; then
            _envstrap_restore PATH export
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
            unset _ENVSTRAP_OLD_PATH _ENVSTRAP_HAD_PATH _envstrap_w _envstrap_e
        fi
@RESTORE_FIXED@
        if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then
@RESTORE_PROMPT@
        fi
        _envstrap_each _envstrap_forget
        _envstrap_forget PS1
        unset _envstrap_v _ENVSTRAP_PROMPT _ENVSTRAP_NEW_PATH _ENVSTRAP_ADDED_PATH _ENVSTRAP_CONFIG_VARS _ENVSTRAP_ACTIVE
        hash -r 2>/dev/null
        unset -f deactivate _envstrap_save _envstrap_restore _envstrap_hooks _envstrap_snap _envstrap_put _envstrap_forget _envstrap_each _envstrap_conda_switch
        return 0
    }

@SAVE_FIXED@
    _envstrap_name=${_envstrap_p##*/}
    case $_envstrap_name in
        @UNSAFE_ANY@)
            _envstrap_modifier=
            while [ -n "$_envstrap_name" ]; do  # the folder name, made safe for every prompt
                _envstrap_rest=${_envstrap_name#?}
                _envstrap_c=${_envstrap_name%"$_envstrap_rest"}
                case "$_envstrap_c" in @UNSAFE@) _envstrap_c=_ ;; esac
                _envstrap_modifier=$_envstrap_modifier$_envstrap_c
                _envstrap_name=$_envstrap_rest
            done ;;
        *) _envstrap_modifier=$_envstrap_name ;;
    esac
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
@SAVE_PROMPT@
        PS1="$_envstrap_modifier${PS1-}"
        _ENVSTRAP_PROMPT=1
    fi
@SNAP_FIXED@
    _envstrap_v=$_ENVSTRAP_CONFIG_VARS
    while [ -n "$_envstrap_v" ]; do  # names checked when they were added
        _envstrap_snap "${_envstrap_v%% *}"
        case $_envstrap_v in *' '*) _envstrap_v=${_envstrap_v#* } ;; *) _envstrap_v='' ;; esac
    done
    if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then
@SNAP_PROMPT@
    fi
    _ENVSTRAP_ACTIVE=$_envstrap_p
    unset _envstrap_v _envstrap_name _envstrap_modifier _envstrap_rest _envstrap_c
    _envstrap_hooks "$_envstrap_p"/@ACTIVATE_D@ ""
    hash -r 2>/dev/null
    return 0
}

# ---- config vars (docs/design/config-vars.md: the JSON read, and what a value may hold) ------

# Decode the JSON string _envstrap_acc (its text between the quotes) into _envstrap_s;
# _envstrap_odd=1 when it holds an escape activation does not decode (\b \f \n \r \uXXXX).
# Status 1: not valid JSON. Jumps from backslash to backslash, never character by character.
_envstrap_decode() {
    _envstrap_s='' _envstrap_odd='' _envstrap_t=$_envstrap_acc
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

# One complete JSON string (_envstrap_acc) where the grammar is at _envstrap_want.
# $1 = flat|nested, $2 = apply (non-empty) or only check. Status 1: not the JSON read.
_envstrap_string() {
    case $_envstrap_acc in  # most strings have no escape: nothing to decode
        *\\*|*[[:cntrl:]]*) _envstrap_decode || return 1 ;;
        *) _envstrap_s=$_envstrap_acc _envstrap_odd='' ;;
    esac
    case $_envstrap_want in
        key|keyclose) _envstrap_key=$_envstrap_acc _envstrap_want=colon ;;
        value)
            _envstrap_want=next
            if [ -n "$2" ] && { [ "$1$_envstrap_depth" = flat1 ] ||
                    [ "$1$_envstrap_depth$_envstrap_in" = nested2env_vars ]; }; then
                _envstrap_config_var
            fi ;;
        *) return 1 ;;
    esac
}

# The text between two strings (_envstrap_r): whitespace and { } : , as the grammar allows.
_envstrap_structure() {
    case $_envstrap_want$_envstrap_r in  # the usual separators whole, the rest a character at a time
        colon:|'colon: ') _envstrap_want=value; return 0 ;;
        next,|'next, ') _envstrap_want=key; return 0 ;;
    esac
    while [ -n "$_envstrap_r" ]; do
        _envstrap_c=${_envstrap_r%"${_envstrap_r#?}"}
        _envstrap_r=${_envstrap_r#?}
        case $_envstrap_want$_envstrap_c in
            *[[:space:]]) ;;
            'open{') _envstrap_depth=1 _envstrap_want=keyclose ;;
            'value{')
                [ "$1$_envstrap_depth" = nested1 ] || return 1
                _envstrap_depth=2 _envstrap_in=$_envstrap_key _envstrap_want=keyclose ;;
            'keyclose}'|'next}')
                _envstrap_depth=$((_envstrap_depth - 1)) _envstrap_in='' _envstrap_want=next
                [ "$_envstrap_depth" != 0 ] || _envstrap_want=end ;;
            colon:) _envstrap_want=value ;;
            next,) _envstrap_want=key ;;
            *) return 1 ;;
        esac
    done
}

# Apply one config var as conda does: names upper-cased; managed and reserved names skipped;
# "***unset***" hides a value an earlier file (a package's env_vars.d) set; an empty value
# unsets (cmd.exe has no empty variables).
_envstrap_config_var() {
    case $_envstrap_key in
        ''|[0-9]*|*[!A-Za-z0-9_]*)
            printf "envstrap: config var '%s' is not a usable variable name; skipped.\n" "$_envstrap_key" >&2
            return 0 ;;
    esac
    _envstrap_up=$_envstrap_key
    case $_envstrap_up in *[a-z]*)  # bash 4+ and zsh upper-case in one step; checked as ASCII
        if [ -n "${ZSH_VERSION:-}" ]; then
            eval '_envstrap_up=${(U)_envstrap_up}'
        else
            case ${BASH_VERSION:-} in [4-9]*|[1-9][0-9]*) eval '_envstrap_up=${_envstrap_up^^}' ;; esac
        fi ;;
    esac
    case $_envstrap_up in *[!ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_]*)
        _envstrap_up=$_envstrap_key
        _envstrap_t=$_envstrap_up _envstrap_up=''
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
            _envstrap_up=$_envstrap_up$_envstrap_c
        done ;;
    esac
    case $_envstrap_up in
        @RESERVED_PATTERN@)
            printf 'envstrap: config var %s is managed by activation; skipped.\n' "$_envstrap_up" >&2
            return 0 ;;
    esac
    if [ -n "$_envstrap_odd" ]; then
        printf 'envstrap: config var %s holds an escape activation does not decode (%s); skipped.\n' "$_envstrap_up" '\b \f \n \r \u' >&2
        return 0
    fi
    case $_envstrap_s in *\"*)  # (ksh93 reads & and | in a bracket expression as a backslash)
        case $_envstrap_s in *"&"*|*"|"*|*"<"*|*">"*|*"^"*)
            printf 'envstrap: config var %s holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped.\n' "$_envstrap_up" >&2
            return 0 ;;
        esac ;;
    esac
    case " $_ENVSTRAP_CONFIG_VARS " in
        *" $_envstrap_up "*) _envstrap_known=1 ;;
        *) _envstrap_known='' ;;
    esac
    if [ "$_envstrap_s" = @UNSET_SENTINEL@ ]; then
        [ -n "$_envstrap_known" ] || return 0
        _envstrap_restore "$_envstrap_up" export
        _envstrap_t=" $_ENVSTRAP_CONFIG_VARS "
        _envstrap_t="${_envstrap_t%%" $_envstrap_up "*} ${_envstrap_t#*" $_envstrap_up "}"
        _envstrap_t=${_envstrap_t# }
        _ENVSTRAP_CONFIG_VARS=${_envstrap_t% }
        return 0
    fi
    if [ -z "$_envstrap_known" ]; then
        _envstrap_save "$_envstrap_up"
        _ENVSTRAP_CONFIG_VARS="$_envstrap_up${_ENVSTRAP_CONFIG_VARS:+ $_ENVSTRAP_CONFIG_VARS}"
    fi
    if [ -n "$_envstrap_s" ]; then
        export "$_envstrap_up=$_envstrap_s"
    else
        unset "$_envstrap_up"
    fi
}

# The config vars of JSON file $1 ($2 = flat: etc/conda/env_vars.d/*.json; nested: the
# "env_vars" object of conda-meta/state). The whole file is checked before any of it is used.
# It is split at its quotes in one step (field splitting), so strings and the structure
# between them alternate; a field ending in an odd number of backslashes ends at an escaped
# quote and goes on in the next one.
_envstrap_config_file() {
    [ -f "$1" ] || return 0
    _envstrap_j='' _envstrap_t=''
    while IFS= read -r _envstrap_t || [ -n "$_envstrap_t" ]; do
        _envstrap_j="$_envstrap_j$_envstrap_t
"
    done < "$1"
    _envstrap_file=$1 _envstrap_mode=$2
    case $- in *f*) _envstrap_glob='' ;; *) _envstrap_glob=1; set -f ;; esac
    _envstrap_ifs=${IFS+set} _envstrap_old_ifs=${IFS-}
    IFS='"'
    if [ -n "${ZSH_VERSION:-}" ]; then
        eval 'set -- "${(@ps:$IFS:)_envstrap_j}"'
    else
        # shellcheck disable=SC2086  # (split at quotes, on purpose; globbing is off)
        set -- $_envstrap_j
    fi
    if [ -n "$_envstrap_ifs" ]; then IFS=$_envstrap_old_ifs; else unset IFS; fi
    [ -z "$_envstrap_glob" ] || set +f
    for _envstrap_pass in '' apply; do
        _envstrap_want=open _envstrap_depth=0 _envstrap_in='' _envstrap_instr='' _envstrap_acc=''
        _envstrap_bad=''
        for _envstrap_f in "$@"; do
            if [ -z "$_envstrap_instr" ]; then
                _envstrap_r=$_envstrap_f
                _envstrap_structure "$_envstrap_mode" || { _envstrap_bad=1; break; }
                _envstrap_instr=1
                continue
            fi
            _envstrap_acc=$_envstrap_acc$_envstrap_f
            case $_envstrap_f in *\\)
                _envstrap_t=${_envstrap_f##*[!\\]}
                [ "$_envstrap_t" != "$_envstrap_f" ] || _envstrap_t=$_envstrap_f
                if [ $((${#_envstrap_t} % 2)) = 1 ]; then
                    _envstrap_acc=$_envstrap_acc\"
                    continue
                fi ;;
            esac
            _envstrap_string "$_envstrap_mode" "$_envstrap_pass" || { _envstrap_bad=1; break; }
            _envstrap_instr='' _envstrap_acc=''
        done
        if [ -n "$_envstrap_bad" ] || [ "$_envstrap_want" != end ]; then
            printf "envstrap: '%s' is not JSON activation can read (an object of strings); its config vars are skipped.\n" "$_envstrap_file" >&2
            break
        fi
    done
    unset _envstrap_j _envstrap_t _envstrap_f _envstrap_r _envstrap_file _envstrap_mode _envstrap_glob _envstrap_ifs _envstrap_old_ifs _envstrap_pass _envstrap_want _envstrap_depth _envstrap_in _envstrap_instr _envstrap_acc _envstrap_bad _envstrap_s _envstrap_odd _envstrap_key _envstrap_up _envstrap_c _envstrap_known
}

# Package-provided variables first (sorted), then `conda env config vars`, which win.
_envstrap_all_config_vars() {
    if [ -d "$1"/@ENV_VARS_D@ ]; then
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        for _envstrap_file in "$1"/@ENV_VARS_D@/*.json; do
            _envstrap_config_file "$_envstrap_file" flat
        done
        unset _envstrap_file
    fi
    _envstrap_config_file "$1"/@STATE_FILE@ nested
}

_envstrap_done() {  # the sourced file's status is this function's
    unset -f _envstrap_main _envstrap_done _envstrap_normalize _envstrap_refuse _envstrap_decode _envstrap_string _envstrap_structure _envstrap_config_var _envstrap_config_file _envstrap_all_config_vars
    unset _envstrap_p
    return "$1"
}
if _envstrap_main; then _envstrap_done 0; else _envstrap_done "$?"; fi
