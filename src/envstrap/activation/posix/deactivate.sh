# envstrap @VERSION@: what `deactivate` runs (sh, dash, bash, zsh, ksh), sourced by it in the
# shell that activated the environment. Generated; do not edit.
# shellcheck shell=sh disable=SC1090,SC1091,SC2154  # (sourced: activation's variables; packages' files)

# (Here and not in `deactivate` itself: bash copies a function's body when it is defined and
# again at each call, so a small function that sources this costs less; the shell reads this
# only when deactivating. It runs inside `deactivate`: its arguments are deactivate's and
# `return` ends deactivate with that status.)
# --suspend (envstrap's conda hook: conda leaves for another environment or
# reactivates this one), or deactivate while suspended (refused): @MORE@'s
case ${1-}:${_ENVSTRAP_SUSPENDED:-} in --suspend:*|*:?*)
    . "$_ENVSTRAP_ACTIVE"/@MORE@ || return 1
    _envstrap_suspend "${1-}"
    set -- $?
    _envstrap_more_done
    return "$1" ;;
esac
# deactivate.d in reverse order, unless conda ran it (--conda), ending with our hook;
# not envstrap's own conda hook, first by name, which does nothing here
case ${1-} in --conda) ;; *)
    if [ -d "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@ ]; then
        case ${ZSH_VERSION:-} in ?*) setopt localoptions nullglob ;; esac
        _ENVSTRAP_DEACTIVATING=1
        set --
        for _es_v in "$_ENVSTRAP_ACTIVE"/@DEACTIVATE_D@/*.sh; do
            case $_es_v in */@OWN_HOOK@) ;; *) set -- "$_es_v" "$@" ;; esac
        done
        for _es_v; do
            if [ -f "$_es_v" ]; then . "$_es_v"; fi
        done
        unset _ENVSTRAP_DEACTIVATING
    fi ;;
esac
# Every variable as before activation (PATH below), the record gone (_envstrap_suspend
# in @MORE@ does the same but keeps the record). Names in the lists were checked when
# added.
unset @RESTORED@
_es_v=$_ENVSTRAP_CONFIG_VARS
while case $_es_v in '') false ;; esac; do
    unset "${_es_v%% *}" "_ENVSTRAP_NEW_${_es_v%% *}"
    _es_v=${_es_v#* }
done
_es_v=$_ENVSTRAP_SAVED
while case $_es_v in '') false ;; esac; do
    _es_n=${_es_v%% *} _es_v=${_es_v#* }
    eval "$_es_n=\$_ENVSTRAP_OLD_$_es_n; export $_es_n; unset _ENVSTRAP_OLD_$_es_n"
done
# (the prompt, if activation changed it: 11 when there was one)
case ${_ENVSTRAP_PROMPT:-}${_ENVSTRAP_HAD_PS1:-} in
    11) PS1=$_ENVSTRAP_OLD_PS1 ;;
    1) unset PS1 ;;
esac
unset _es_v _es_n
# PATH as activation left it, or else (conda's deactivate took off our entries but
# condabin, or PATH was changed while active) @MORE@'s (that file alone gone: PATH as before)
case ${PATH-} in
    "$_ENVSTRAP_NEW_PATH")
        case $_ENVSTRAP_HAD_PATH in 1) PATH=$_ENVSTRAP_OLD_PATH; export PATH ;; *) unset PATH ;; esac ;;
    *)
        if [ -f "$_ENVSTRAP_ACTIVE"/@MORE@ ]; then
            . "$_ENVSTRAP_ACTIVE"/@MORE@
            _envstrap_path_changed
            _envstrap_more_done
        else
            PATH=$_ENVSTRAP_OLD_PATH; export PATH
        fi ;;
esac
unset _ENVSTRAP_OLD_PATH _ENVSTRAP_HAD_PATH _ENVSTRAP_NEW_PATH _ENVSTRAP_ADDED_PATH _ENVSTRAP_SAVED _ENVSTRAP_CONFIG_VARS _ENVSTRAP_PROMPT _ENVSTRAP_OLD_PS1 _ENVSTRAP_HAD_PS1 _ENVSTRAP_MODIFIER _ENVSTRAP_ACTIVE
unset -f @KEPT_FUNCTIONS@
return 0
