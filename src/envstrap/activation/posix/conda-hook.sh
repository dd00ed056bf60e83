# envstrap @VERSION@: conda sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's activate did in this
# shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
# shellcheck shell=sh disable=SC2317  # (sourced: `deactivate` is the activate script's)
if [ -n "${_ENVSTRAP_ACTIVE:-}" ] && [ "$_ENVSTRAP_ACTIVE" = "${CONDA_PREFIX-}" ] &&
        [ -z "${_ENVSTRAP_DEACTIVATING:-}" ]; then
    # Only for `conda deactivate`, which has already taken our first folder off PATH when
    # it runs this: conda runs deactivate.d the same way for `conda activate OTHER` and to
    # reactivate (after `conda install`, or `conda activate` of this environment), and those
    # two cannot be told apart here; envstrap must stay active through a reactivation.
    case ":${PATH-}:" in
        *:"${_ENVSTRAP_ADDED_PATH%%:*}":*) ;;
        *) deactivate --conda ;;
    esac
fi
