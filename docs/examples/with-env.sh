#!/bin/sh
# with-env.sh: run one command inside the envstrap environment this file sits in.
#
# Keep a copy in the environment folder (see docs/guide.md, "Practical scripts"):
#   cp docs/examples/with-env.sh ~/envs/py311/
#   sh ~/envs/py311/with-env.sh python -m pip list
# It finds the environment from its own location, never from a path written into it, so it keeps
# working when the folder is moved or copied; it activates the environment in its own process
# only (your shell is not changed) and then runs the command.
# Exit status: the command's; 2 without a command; otherwise activation's
# (3: another environment is active in this shell; see docs/exit-codes.md).

# A sourced file cannot tell plain sh/dash where it lives, so activation there falls back to the
# folder the environment was made in; bash can tell, so use it when there is one.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
    exec bash "$0" "$@"
fi

if [ $# -eq 0 ]; then
    echo "usage: sh $0 COMMAND [ARGUMENT]..." >&2
    exit 2
fi
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P) || exit 4
# shellcheck source=/dev/null
. "$here/activate" || exit
exec "$@"
