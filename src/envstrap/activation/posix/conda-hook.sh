# envstrap @VERSION@: conda sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's activate did in this
# shell (envstrap's own deactivate skips it). Generated; do not edit.
# shellcheck shell=sh disable=SC2317  # (sourced: `deactivate` is the activate script's)
[ -n "${_ENVSTRAP_ACTIVE:-}" ] && [ "$_ENVSTRAP_ACTIVE" = "${CONDA_PREFIX-}" ] &&
    [ -z "${_ENVSTRAP_DEACTIVATING:-}" ] && [ -z "${_ENVSTRAP_SUSPENDED:-}" ] || return 0
# `conda deactivate` has already taken our first folder off PATH: finish deactivating.
# Otherwise conda leaves for another environment or reactivates this one (after `conda
# install`), which cannot be told apart here: suspend (variables as before activation,
# bookkeeping kept); etc/conda/activate.d/000-envstrap.sh resumes if conda activates this
# environment again. Above level 1 (conda activated this environment again on top of another)
# conda will come back to it at level 1, so `conda deactivate` suspends there too.
case ${CONDA_SHLVL-} in
    '' | 1) case ":${PATH-}:" in
        *:"${_ENVSTRAP_ADDED_PATH%%:*}":*) deactivate --suspend ;;
        *) deactivate --conda ;;
    esac ;;
    *) deactivate --suspend ;;
esac
