# envstrap @VERSION@: conda sources this when it deactivates the environment (`conda deactivate`,
# `conda activate OTHER`), after every other deactivate.d script (conda runs them in reverse
# name order; this name sorts first). It finishes what envstrap's activate did in this shell;
# envstrap's own `deactivate` sources it too, and then it does nothing. Generated; do not edit.
# shellcheck shell=sh disable=SC2317  # (sourced: `deactivate` is the activate script's)
if [ -n "${_ENVSTRAP_ACTIVE:-}" ] && [ "$_ENVSTRAP_ACTIVE" = "${CONDA_PREFIX-}" ] &&
        [ -z "${_ENVSTRAP_DEACTIVATING:-}" ]; then
    deactivate --conda
fi
