# envstrap @VERSION@: conda sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's activate.fish did in this
# shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
if set -q _envstrap_active; and test "$_envstrap_active" = "$CONDA_PREFIX"; and not set -q _envstrap_deactivating
    # Only for `conda deactivate`, which has already taken our first folder off PATH when
    # it runs this: conda runs deactivate.d the same way for `conda activate OTHER` and to
    # reactivate (after `conda install`, or `conda activate` of this environment), and those
    # two cannot be told apart here; envstrap must stay active through a reactivation.
    if not contains -- $_envstrap_added_PATH[1] $PATH
        deactivate --conda
    end
end
