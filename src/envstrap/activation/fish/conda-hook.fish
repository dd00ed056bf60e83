# envstrap @VERSION@: conda sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's activate.fish did in this
# shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
if set -q _envstrap_active; and test "$_envstrap_active" = "$CONDA_PREFIX"; and not set -q _envstrap_deactivating; and not set -q _envstrap_suspended
    # `conda deactivate` has already taken our first folder off PATH: finish deactivating.
    # Otherwise conda leaves for another environment or reactivates this one (after `conda
    # install`), which cannot be told apart here: suspend (variables as before activation,
    # bookkeeping kept); etc/conda/activate.d/000-envstrap.fish resumes if conda activates this
    # environment again. Above level 1 (conda activated this environment again on top of
    # another) conda will come back to it at level 1, so `conda deactivate` suspends there too.
    if contains -- "$CONDA_SHLVL" '' 1; and not contains -- $_envstrap_added_PATH[1] $PATH
        deactivate --conda
    else
        deactivate --suspend
    end
end
