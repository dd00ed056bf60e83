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
# The one shellcheck line below is kept in the written file, for the whole file: the slots
# (filled with names, markers and letters) look constant to shellcheck; the sourced files are
# the packages'.
# shellcheck disable=SC1090,SC1091,SC2016,SC2102,SC2194

_es_p=
# (`case` rather than `[` where either does: `[` costs bash about 8,000 instructions a time)
case ${BASH_VERSION:+b}${ZSH_VERSION:+z} in
    b*)
        eval '_es_p=${BASH_SOURCE[0]}'
        case $_es_p in "$0") _es_p=- ;; esac ;;
    z)
        case "${ZSH_EVAL_CONTEXT:-}" in *:file*) eval '_es_p=${(%):-%x}' ;; *) _es_p=- ;; esac ;;
    *)
        case "${0##*/}" in activate) _es_p=- ;; esac
        if [ -z "$_es_p" ] && [ -n "${KSH_VERSION:-}" ]; then
            eval '_es_p=${.sh.file}' 2>/dev/null || _es_p=
        fi ;;
esac
case $_es_p in -)
    echo "envstrap: this script must be sourced, not run: . '$0'" >&2
    exit 2 ;;
esac
case $_es_p in
    '')
        _es_p=@FALLBACK@  # FALLBACK: where the environment was made
        ;;
    *)
        # made absolute, without . and .. parts (@RARE@ walks the path when it has them)
        case $_es_p in ./[!/]*) _es_p=${_es_p#./} ;; esac
        case $_es_p in [!/]*) _es_p=$PWD/$_es_p ;; esac
        case $_es_p in */./*|*/../*|*//*|*/.|*/..|*/) _es_y=path; . "${_es_p%/*}"/@RARE@ ;; esac
        _es_p=${_es_p%/*}
        case $_es_p in '') _es_p=/ ;; esac ;;
esac
if [ ! -f "$_es_p/@FILENAME@" ]; then
    echo "envstrap: no environment at '$_es_p': this shell cannot tell where a sourced file lives, and the folder it was made in is gone (moved?). Source it from bash, zsh or ksh." >&2
    _es_status=4
else
    # All markers in one test; when one is set, @MORE@ says which and why (status 1 there:
    # this environment is already active, nothing to do).
    case @GUARD_WORD@ in
        @GUARD_CLEAR@) _es_status=0 ;;
        *)
            . "$_es_p"/@MORE@
            _envstrap_guard
            _es_status=$?
            _envstrap_more_done ;;
    esac
fi

case $_es_status in 0)
    # Guard passed: from here on the shell is changed, and deactivate undoes every change.
    # What activation sets or unsets usually has no value yet; those that have one are listed
    # in _ENVSTRAP_SAVED ("NAME NAME "), each value in _ENVSTRAP_OLD_NAME (config vars too).
    _ENVSTRAP_OLD_PATH=${PATH-} _ENVSTRAP_HAD_PATH=${PATH+1} _ENVSTRAP_SAVED=
    case @ANY_SET@ in ?*) _es_y=save; . "$_es_p"/@RARE@ ;; esac
    # deactivate: what it runs is in @DEACTIVATE@ (bash copies a function's body when it is
    # defined and at each call); when that file is gone, so is the environment (moved or
    # deleted while active), and deactivate says so.
    deactivate() {
        case ${_ENVSTRAP_ACTIVE:-} in '')
            echo 'envstrap: no environment was activated in this shell; nothing to do.' >&2
            return 1 ;;
        esac
        if [ -f "$_ENVSTRAP_ACTIVE"/@DEACTIVATE@ ]; then
            . "$_ENVSTRAP_ACTIVE"/@DEACTIVATE@
        else
            echo "envstrap: cannot deactivate: '$_ENVSTRAP_ACTIVE' is gone (moved or deleted while active); open a new shell." >&2
            return 1
        fi
    }

    _es_v=${_es_p##*/}
    case $_es_v in
        # a character a prompt must not carry: made safe
        @UNSAFE_ANY@) _es_y=prompt; . "$_es_p"/@RARE@ ;;
        *) _ENVSTRAP_MODIFIER=$_es_v ;;
    esac
    _ENVSTRAP_MODIFIER="($_ENVSTRAP_MODIFIER) "

    # (no `hash -r` here or in deactivate: an assignment to PATH makes a POSIX shell forget
    # where it found commands, and bash, zsh, dash and ksh do)
    _ENVSTRAP_ADDED_PATH="@PATH_DIRS@"
    PATH="$_ENVSTRAP_ADDED_PATH${PATH:+:$PATH}"; export PATH
@SET_VARS@
    unset @UNSET_VARS@
    _ENVSTRAP_NEW_PATH=$PATH _ENVSTRAP_CONFIG_VARS=

    # Config vars (docs/design/config-vars.md). Read here: a conda-meta/state as conda writes
    # it (one line, `{"env_vars": {"name": "value", ...}}`), when no string has an escape, and no
    # package's env_vars.d. One pass jumps from '": "' to '", "', a name and its value at a time;
    # a name that needs more than upper-casing or is managed, a value that is empty, the
    # sentinel or holds a quote (a file conda did not write) stops it, and the full reader in
    # .envstrap/activate-more.sh undoes what it applied and reads the file again; so does
    # anything else, a malformed file too.
    _es_v=
    if [ -d "$_es_p"/@ENV_VARS_D@ ]; then
        _es_v=full
    elif [ -f "$_es_p"/@STATE_FILE@ ]; then
        _es_v=full _es_r='' _es_t='' _es_c=''
        { IFS= read -r _es_t; IFS= read -r _es_r; } < "$_es_p"/@STATE_FILE@ ||
        # one line
        case $_es_r$_es_t in
            *\\*|*[[:cntrl:]]*) ;;
            '{"env_vars": {}}') _es_v= ;;
            '{"env_vars": {"'*'"}}')
                _es_t=${_es_t#'{"env_vars": {"'}
                _es_t=${_es_t%'"}}'}'", "' _es_v=
                # bash 4+ and zsh upper-case a name in one step, other shells a letter at a time
                case ${ZSH_VERSION:+z}${BASH_VERSION:-} in
                    z*) _es_u='_es_n=${(U)_es_n}' ;;
                    [4-9]*|[1-9][0-9]*) _es_u='_es_n=${_es_n^^}' ;;
                    *) _es_u='_es_y=upper; . "$_es_p"/@RARE@' ;;
                esac
                while case $_es_t in '') false ;; esac; do
                    # (taking off what was just read: zsh matches that faster than *'": "')
                    _es_n=${_es_t%%'": "'*} _es_t=${_es_t#"$_es_n"'": "'}
                    _es_s=${_es_t%%'", "'*} _es_t=${_es_t#"$_es_s"'", "'}
                    case $_es_n in *[abcdefghijklmnopqrstuvwxyz]*) eval "$_es_u" ;; esac
                    # (a quote: not a file conda wrote)
                    case $_es_s in ''|*\"*|@UNSET_SENTINEL@) _es_v=full; break ;; esac
                    case $_es_n in
                        ''|[0123456789]*|*[!ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_]*) _es_v=full; break ;;
                        # (the managed names only when a name starts as one of them does)
                        [@RESERVED_INITIALS@]*)
                            case $_es_n in @RESERVED_NAME@) _es_v=full; break ;; esac ;;
                    esac
                    # (_ENVSTRAP_NEW_NAME: what conda's resume puts back; a name met the first
                    # time is listed, and saved if it has a value)
                    eval "_es_c=\${$_es_n+x} _ENVSTRAP_NEW_$_es_n=\$_es_s"
                    case " $_ENVSTRAP_CONFIG_VARS" in *" $_es_n "*) ;; *)
                        _ENVSTRAP_CONFIG_VARS="$_ENVSTRAP_CONFIG_VARS$_es_n "
                        case $_es_c in x)
                            eval "_ENVSTRAP_OLD_$_es_n=\$$_es_n"
                            _ENVSTRAP_SAVED="$_ENVSTRAP_SAVED$_es_n " ;;
                        esac ;;
                    esac
                    export "$_es_n=$_es_s"
                done ;;
        esac
    fi
    case $_es_v in ?*)
        . "$_es_p"/@MORE@
        _envstrap_config_vars
        _envstrap_more_done ;;
    esac
    case ${@PROMPT_OPT_OUT@:-} in '')
        _ENVSTRAP_OLD_PS1=${PS1-} _ENVSTRAP_HAD_PS1=${PS1+1}
        PS1="$_ENVSTRAP_MODIFIER${PS1-}" _ENVSTRAP_PROMPT=1 ;;
    esac
    _ENVSTRAP_ACTIVE=$_es_p
    unset _es_v _es_n _es_r _es_c _es_t _es_s _es_u
    # activate.d's scripts, not envstrap's own conda hook (first by name), in a function (zsh's
    # nullglob stays local, `set --` leaves the caller's arguments alone)
    if [ -d "$_es_p"/@ACTIVATE_D@ ]; then
        _envstrap_done() {
            case ${ZSH_VERSION:-} in ?*) setopt localoptions nullglob ;; esac
            set -- "$_es_p"/@ACTIVATE_D@/*.sh
            case ${1-} in */@OWN_HOOK@) shift ;; esac
            for _es_v in "$@"; do
                if [ -f "$_es_v" ]; then . "$_es_v"; fi
            done
        }
        _envstrap_done
        unset -f @TEMPORARY_FUNCTIONS@
        unset _es_v
    fi ;;
esac
# The sourced file's status: 0 when activated or already active (1), else the refusal's.
unset _es_p _es_y
case $_es_status in
    0|1) unset _es_status ;;
    *) eval "unset _es_status; return $_es_status" ;;
esac
