# envstrap @VERSION@: conda sources this when it deactivates the environment (`conda deactivate`,
# `conda activate OTHER`), after every other deactivate.d script (conda runs them in reverse
# name order; this name sorts first). It finishes what envstrap's activate.fish did in this
# shell; envstrap's own `deactivate` sources it too, and then it does nothing. Generated; do not edit.
if set -q _envstrap_active; and test "$_envstrap_active" = "$CONDA_PREFIX"; and not set -q _envstrap_deactivating
    deactivate --conda
end
