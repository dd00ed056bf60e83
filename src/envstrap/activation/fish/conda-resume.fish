# envstrap @VERSION@: conda sources this when it activates the environment, before the other
# activate.d scripts (conda runs them in name order; this name sorts first). If envstrap's
# deactivate.d hook suspended envstrap's activation in this shell (conda reactivating the
# environment, or coming back to it from another), it resumes it. Generated; do not edit.
if set -q _envstrap_suspended; and set -q _envstrap_active
    if test -z "$CONDA_PREFIX"; or test "$CONDA_PREFIX" = "$_envstrap_active"
        source $_envstrap_active/@MORE@
        _envstrap_resume
        _envstrap_more_done
        set -e _envstrap_suspended
    end
end
