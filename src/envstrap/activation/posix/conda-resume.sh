# envstrap @VERSION@: conda sources this when it activates the environment, before the other
# activate.d scripts (conda runs them in name order; this name sorts first). If envstrap's
# deactivate.d hook suspended envstrap's activation in this shell (conda reactivating the
# environment, or coming back to it from another), it resumes it. Generated; do not edit.
# shellcheck shell=sh disable=SC2317  # (sourced: the variables are the activate script's)
[ -n "${_ENVSTRAP_SUSPENDED:-}" ] && [ -n "${_ENVSTRAP_ACTIVE:-}" ] || return 0
case "${CONDA_PREFIX-}" in "" | "$_ENVSTRAP_ACTIVE") ;; *) return 0 ;; esac
# What activation set, again (PATH and CONDA_SHLVL are conda's): the plan's variables from the
# folder, the config vars as activation applied them, the prompt.
_es_p=$_ENVSTRAP_ACTIVE
@RESUME_VARS@
unset @UNSET_VARS@ _es_p _ENVSTRAP_SUSPENDED
_es_v=$_ENVSTRAP_CONFIG_VARS
while [ -n "$_es_v" ]; do  # names checked when they were added
    _es_n=${_es_v%% *} _es_v=${_es_v#* }
    eval "case \${_ENVSTRAP_NEW_$_es_n} in '') unset $_es_n ;; *) $_es_n=\$_ENVSTRAP_NEW_$_es_n; export $_es_n ;; esac"
done
if [ -n "${_ENVSTRAP_PROMPT:-}" ]; then PS1="$_ENVSTRAP_MODIFIER${_ENVSTRAP_OLD_PS1-}"; fi
unset _es_v _es_n
