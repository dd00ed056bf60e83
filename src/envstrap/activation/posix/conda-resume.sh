# envstrap @VERSION@: conda sources this when it activates the environment, before the other
# activate.d scripts (conda runs them in name order; this name sorts first). If envstrap's
# deactivate.d hook suspended envstrap's activation in this shell (conda reactivating the
# environment, or coming back to it from another), it resumes it. Generated; do not edit.
# shellcheck shell=sh disable=SC2317  # (sourced: `_envstrap_conda_switch` is activate's)
if [ -n "${_ENVSTRAP_SUSPENDED:-}" ] && [ -n "${_ENVSTRAP_ACTIVE:-}" ]; then
    case "${CONDA_PREFIX-}" in
        "" | "$_ENVSTRAP_ACTIVE")
            _envstrap_conda_switch NEW NHAD
            unset _ENVSTRAP_SUSPENDED ;;
    esac
fi
