# envstrap @VERSION@: activation for sh, dash, bash, zsh and ksh. Generated; do not edit.
#   activate:   . /path/to/env/activate
#   deactivate: deactivate

# (The written file keeps the three lines above: the shell reads every byte of it.)
# Only shell builtins run here. bash, zsh and ksh find this file's folder themselves; plain
# sh/dash use the folder recorded when the environment was made (see FALLBACK below).
# The shell parses all of a sourced file, so this one holds what a usual activation and
# deactivation run; the rest (refusals, config vars beyond conda's plain conda-meta/state) is
# in .envstrap/activate-more.sh, sourced when needed. It runs at the top level, not in a
# function: bash copies a function's body each time it is defined. The written file has no
# comments or indentation: they are in envstrap's template (src/envstrap/activation/posix/).
# Its own variables are _es_* (short: every byte counts), its bookkeeping _ENVSTRAP_*.

_es_p=
if [ -n "${BASH_VERSION:-}" ]; then
    eval '_es_p=${BASH_SOURCE[0]}'
    [ "$_es_p" != "$0" ] || _es_p=-
elif [ -n "${ZSH_VERSION:-}" ]; then
    case "${ZSH_EVAL_CONTEXT:-}" in *:file*) eval '_es_p=${(%):-%x}' ;; *) _es_p=- ;; esac
else
    case "${0##*/}" in activate) _es_p=- ;; esac
    if [ -z "$_es_p" ] && [ -n "${KSH_VERSION:-}" ]; then
        eval '_es_p=${.sh.file}' 2>/dev/null || _es_p=
    fi
fi
if [ "$_es_p" = - ]; then
    echo "envstrap: this script must be sourced, not run: . '$0'" >&2
    exit 2
fi
if [ -n "$_es_p" ]; then
    case "$_es_p" in */./*|*/../*|*//*|*/.|*/..|*/|[!/]*)  # made absolute, without . and ..
        case "$_es_p" in /*) _es_r=$_es_p ;; *) _es_r=$PWD/$_es_p ;; esac
        _es_p=
        while [ -n "$_es_r" ]; do
            _es_c=${_es_r%%/*}
            case "$_es_r" in */*) _es_r=${_es_r#*/} ;; *) _es_r= ;; esac
            case "$_es_c" in
                ''|.) ;;
                ..) _es_p=${_es_p%/*} ;;
                *) _es_p=$_es_p/$_es_c ;;
            esac
        done
        unset _es_r _es_c ;;
    esac
    _es_p=${_es_p%/*}
    [ -n "$_es_p" ] || _es_p=/
else
    _es_p=@FALLBACK@  # FALLBACK: where the environment was made
fi
if [ ! -f "$_es_p/@FILENAME@" ]; then
    echo "envstrap: no environment at '$_es_p': this shell cannot tell where a sourced file lives, and the folder it was made in is gone (moved?). Source it from bash, zsh or ksh." >&2
    _es_status=4
else
    # All markers in one test; when one is set, @MORE@ says which and why (status 1 there:
    # this environment is already active, nothing to do).
    # shellcheck disable=SC2194  # (a slot, filled with the markers)
    case @GUARD_WORD@ in
        @GUARD_CLEAR@) _es_status=0 ;;
        *)
            # shellcheck source=/dev/null
            . "$_es_p"/@MORE@
            _envstrap_guard
            _es_status=$?
            _envstrap_more_done ;;
    esac
fi

if [ "$_es_status" = 0 ]; then
    # Guard passed: from here on the shell is changed, and deactivate undoes every change.
    # What activation sets or unsets usually has no value yet; those that have one are listed
    # in _ENVSTRAP_SAVED ("NAME NAME "), each value in _ENVSTRAP_OLD_NAME (config vars too).
    _ENVSTRAP_OLD_PATH=${PATH-} _ENVSTRAP_HAD_PATH=${PATH+1} _ENVSTRAP_SAVED=
    # shellcheck disable=SC2194,SC2043  # (slots, filled with the plan's names)
    case @ANY_SET@ in ?*)
        for _es_n in @RESTORED@; do
            eval "case \${$_es_n+x} in x) _ENVSTRAP_OLD_$_es_n=\$$_es_n _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_es_n \" ;; esac"
        done ;;
    esac
    # One function (bash copies each body it defines): suspend, hooks, undo.
    deactivate() {
        if [ -z "${_ENVSTRAP_ACTIVE:-}" ]; then
            echo 'envstrap: no environment was activated in this shell; nothing to do.' >&2
            return 1
        fi
        # _es_d empty: conda leaves for another environment or reactivates this one (PATH is
        # conda's): every variable as before activation, the record kept, and
        # etc/conda/activate.d/000-envstrap.sh resumes. Otherwise the record goes too.
        case ${1-} in
            --suspend) _es_d= ;;
            *)
                if [ -n "${_ENVSTRAP_SUSPENDED:-}" ]; then
                    echo "envstrap: '$_ENVSTRAP_ACTIVE' is not active here: conda activated ${CONDA_PREFIX:-another environment} on top of it; run 'conda deactivate' first." >&2
                    return 1
                fi
                # deactivate.d in reverse order, unless conda ran it (--conda), ending with our
                # hook; not envstrap's own conda hook, first by name, which does nothing here
                if [ "${1-}" != --conda ] && [ -d "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@ ]; then
                    [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
                    _ENVSTRAP_DEACTIVATING=1
                    set -- "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@/*.sh
                    case ${1-} in */@OWN_HOOK@) shift ;; esac
                    _es_n=$#
                    while [ "$_es_n" -gt 0 ]; do
                        eval "_es_v=\${$_es_n}"
                        _es_n=$((_es_n - 1))
                        # shellcheck source=/dev/null
                        if [ -f "$_es_v" ]; then . "$_es_v"; fi
                    done
                    unset _ENVSTRAP_DEACTIVATING
                fi
                _es_d=1 ;;
        esac
        # Every variable as before activation (PATH below). Names in the lists were checked
        # when added.
        unset @RESTORED@
        _es_v=$_ENVSTRAP_CONFIG_VARS
        while [ -n "$_es_v" ]; do
            unset "${_es_v%% *}"
            [ -z "$_es_d" ] || unset "_ENVSTRAP_NEW_${_es_v%% *}"
            _es_v=${_es_v#* }
        done
        _es_v=$_ENVSTRAP_SAVED
        while [ -n "$_es_v" ]; do
            _es_n=${_es_v%% *} _es_v=${_es_v#* }
            eval "$_es_n=\$_ENVSTRAP_OLD_$_es_n; export $_es_n"
            [ -z "$_es_d" ] || unset "_ENVSTRAP_OLD_$_es_n"
        done
        if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then
            case $_ENVSTRAP_HAD_PS1 in 1) PS1=$_ENVSTRAP_OLD_PS1 ;; *) unset PS1 ;; esac
        fi
        unset _es_v _es_n
        if [ -z "$_es_d" ]; then
            _ENVSTRAP_SUSPENDED=1
            unset _es_d
            return 0
        fi
        unset _es_d
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        if [ "${PATH-}" = "$_ENVSTRAP_NEW_PATH" ] ||
                [ "${PATH-}" = "${_ENVSTRAP_ADDED_PATH##*:}${_ENVSTRAP_OLD_PATH:+:$_ENVSTRAP_OLD_PATH}" ]; then
            case $_ENVSTRAP_HAD_PATH in 1) PATH=$_ENVSTRAP_OLD_PATH; export PATH ;; *) unset PATH ;; esac
        else
            # PATH was changed while active (the folder gone too: PATH as before activation)
            if [ -f "$_ENVSTRAP_ACTIVE"/@MORE@ ]; then
                # shellcheck source=/dev/null
                . "$_ENVSTRAP_ACTIVE"/@MORE@
                _envstrap_path_changed
                _envstrap_more_done
            else
                PATH=$_ENVSTRAP_OLD_PATH; export PATH
            fi
        fi
        unset _ENVSTRAP_OLD_PATH _ENVSTRAP_HAD_PATH _ENVSTRAP_NEW_PATH _ENVSTRAP_ADDED_PATH _ENVSTRAP_SAVED _ENVSTRAP_CONFIG_VARS _ENVSTRAP_PROMPT _ENVSTRAP_OLD_PS1 _ENVSTRAP_HAD_PS1 _ENVSTRAP_MODIFIER _ENVSTRAP_ACTIVE
        case ${BASH_VERSION:-}${ZSH_VERSION:-} in '') hash -r 2>/dev/null ;; *) hash -r ;; esac
        unset -f @KEPT_FUNCTIONS@
        return 0
    }

    _es_v=${_es_p##*/}
    case $_es_v in
        @UNSAFE_ANY@)
            _ENVSTRAP_MODIFIER=
            while [ -n "$_es_v" ]; do  # the folder name, made safe for every prompt
                _es_r=${_es_v#?}
                _es_c=${_es_v%"$_es_r"}
                case "$_es_c" in @UNSAFE@) _es_c=_ ;; esac
                _ENVSTRAP_MODIFIER=$_ENVSTRAP_MODIFIER$_es_c
                _es_v=$_es_r
            done ;;
        *) _ENVSTRAP_MODIFIER=$_es_v ;;
    esac
    _ENVSTRAP_MODIFIER="($_ENVSTRAP_MODIFIER) "

    _ENVSTRAP_ADDED_PATH="@PATH_DIRS@"
    PATH="$_ENVSTRAP_ADDED_PATH${PATH:+:$PATH}"; export PATH
@SET_VARS@
    unset @UNSET_VARS@
    _ENVSTRAP_NEW_PATH=$PATH _ENVSTRAP_CONFIG_VARS=

    # Config vars (docs/design/config-vars.md). Read here: a conda-meta/state as conda writes
    # it (one line, `{"env_vars": {"name": "value", ...}}`), when no string has an escape, no
    # name needs more than upper-casing, none is managed and no value is empty or
    # "***unset***"; and no package's env_vars.d. Anything else, a malformed file too, goes to
    # the full reader in .envstrap/activate-more.sh. One pass jumps from '": "' to '", "',
    # collecting the names (" NAME NAME ", upper-cased and checked at once) and the values (one
    # a line: none holds a line break); a second applies them.
    _es_v=
    if [ -d "$_es_p"/@ENV_VARS_D@ ]; then
        _es_v=full
    elif [ -f "$_es_p"/@STATE_FILE@ ]; then
        _es_v=full _es_r='' _es_t=''
        { IFS= read -r _es_t; IFS= read -r _es_r; } < "$_es_p"/@STATE_FILE@ ||
        case $_es_r$_es_t in  # one line
            *\\*|*[[:cntrl:]]*) ;;
            '{"env_vars": {}}') _es_v= ;;
            '{"env_vars": {"'*'"}}')
                _es_t=${_es_t#'{"env_vars": {"'}
                _es_t=${_es_t%'"}}'}'", "' _es_k=' ' _es_q='' _es_l='
'
                while [ -n "$_es_t" ]; do
                    _es_n=${_es_t%%'": "'*} _es_t=${_es_t#*'": "'}
                    _es_s=${_es_t%%'", "'*} _es_t=${_es_t#*'", "'}
                    case $_es_n in ''|[0-9]*|*[!A-Za-z0-9_]*) _es_k=; break ;; esac
                    case $_es_s in ''|*\"*|@UNSET_SENTINEL@) _es_k=; break ;; esac
                    _es_k="$_es_k$_es_n " _es_q=$_es_q$_es_s$_es_l
                done
                # bash 4+ and zsh upper-case in one step
                case $_es_k in *[abcdefghijklmnopqrstuvwxyz]*)
                    if [ -n "${ZSH_VERSION:-}" ]; then
                        eval '_es_k=${(U)_es_k}'
                    else
                        case ${BASH_VERSION:-} in
                            [4-9]*|[1-9][0-9]*) eval '_es_k=${_es_k^^}' ;;
                            *) _es_r=$_es_k _es_k=
                                while :; do  # a letter at a time
                                    case $_es_r in *[abcdefghijklmnopqrstuvwxyz]*) ;; *) break ;; esac
                                    _es_c=${_es_r%%[abcdefghijklmnopqrstuvwxyz]*}
                                    _es_r=${_es_r#"$_es_c"}
                                    _es_k=$_es_k$_es_c
                                    _es_c=aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ
                                    _es_c=${_es_c#*"${_es_r%"${_es_r#?}"}"}
                                    _es_k=$_es_k${_es_c%"${_es_c#?}"}
                                    _es_r=${_es_r#?}
                                done
                                _es_k=$_es_k$_es_r ;;
                        esac
                    fi ;;
                esac
                # (the managed names' patterns only when a name starts as one of them does)
                # shellcheck disable=SC2102  # (a slot, filled with letters)
                case $_es_k in *" "[@RESERVED_INITIALS@]*)
                    case $_es_k in @RESERVED_IN_LIST@) _es_k= ;; esac ;;
                esac
                case $_es_k in
                    ''|*[!ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_\ ]*) ;;
                    *)
                        _es_v='' _es_k=${_es_k# }
                        while [ -n "$_es_k" ]; do
                            _es_n=${_es_k%% *} _es_k=${_es_k#* } _es_s=${_es_q%%"$_es_l"*} _es_q=${_es_q#*"$_es_l"}
                            # (_ENVSTRAP_NEW_NAME: what conda's resume puts back)
                            case " $_ENVSTRAP_CONFIG_VARS" in
                                *" $_es_n "*) eval "_ENVSTRAP_NEW_$_es_n=\$_es_s" ;;
                                *)
                                    eval "case \${$_es_n+x} in x) _ENVSTRAP_OLD_$_es_n=\$$_es_n _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_es_n \" ;; esac; _ENVSTRAP_NEW_$_es_n=\$_es_s"
                                    _ENVSTRAP_CONFIG_VARS="$_ENVSTRAP_CONFIG_VARS$_es_n " ;;
                            esac
                            export "$_es_n=$_es_s"
                        done ;;
                esac ;;
        esac
    fi
    if [ -n "$_es_v" ]; then
        # shellcheck source=/dev/null
        . "$_es_p"/@MORE@
        _envstrap_config_vars
        _envstrap_more_done
    fi
    # shellcheck disable=SC2198  # (a slot, filled with a variable name)
    if [ -z "${@PROMPT_OPT_OUT@:-}" ]; then
        _ENVSTRAP_OLD_PS1=${PS1-} _ENVSTRAP_HAD_PS1=${PS1+1}
        PS1="$_ENVSTRAP_MODIFIER${PS1-}" _ENVSTRAP_PROMPT=1
    fi
    _ENVSTRAP_ACTIVE=$_es_p
    unset _es_v _es_n _es_r _es_c _es_t _es_s _es_q _es_l _es_k
fi
# The sourced file's status is this function's; after an activation, activate.d's scripts
# (in a function: zsh's nullglob stays local, `set --` leaves the caller's arguments alone),
# not envstrap's own conda hook, first by name.
_envstrap_done() {
    if [ "$1" = 0 ] && [ -d "$_es_p"/@ACTIVATE_D@ ]; then
        [ -z "${ZSH_VERSION:-}" ] || eval 'setopt localoptions nullglob'
        set -- "$_es_p"/@ACTIVATE_D@/*.sh
        case ${1-} in */@OWN_HOOK@) shift ;; esac
        for _es_v in "$@"; do
            # shellcheck source=/dev/null
            if [ -f "$_es_v" ]; then . "$_es_v"; fi
        done
        unset _es_v
        set -- 0
    fi
    # (forget where commands were found; bash and zsh surely have `hash -r`)
    case $1 in 0) case ${BASH_VERSION:-}${ZSH_VERSION:-} in '') hash -r 2>/dev/null ;; *) hash -r ;; esac ;; esac
    unset -f @TEMPORARY_FUNCTIONS@
    unset _es_p _es_status
    case $1 in 1) return 0 ;; esac  # nothing to do
    return "$1"
}
_envstrap_done "$_es_status"
