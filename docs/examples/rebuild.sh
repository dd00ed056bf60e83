#!/bin/sh
# rebuild.sh: make a new environment with exactly the packages of the one this file sits in.
#
# Keep a copy in the environment folder (see docs/guide.md, "Practical scripts"):
#   cp docs/examples/rebuild.sh ~/envs/py311/
#   ENVSTRAP_SH=~/envstrap/bootstrap/envstrap.sh sh ~/envs/py311/rebuild.sh ~/envs/py311-copy
# It runs envstrap.sh NEW --lock THIS/.envstrap/lock.txt: the packages named in the lock, by URL
# and md5, with no solve. Other envstrap options go after NEW (--channel, --pkgs-dir, --offline).
# ENVSTRAP_SH names the stage-0 script (default: envstrap.sh on PATH). The new environment gets
# a copy of this file and of with-env.sh, so it can be rebuilt the same way.
# Exit status: envstrap's (docs/exit-codes.md); 2 for a bad command line here.

if [ $# -eq 0 ] || [ -z "$1" ]; then
    echo "usage: sh $0 NEW_FOLDER [envstrap option]..." >&2
    exit 2
fi
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P) || exit 4
lock=$here/.envstrap/lock.txt
if [ ! -f "$lock" ]; then
    echo "rebuild.sh: '$lock' is missing: '$here' is not a complete envstrap environment." >&2
    exit 8
fi
envstrap=${ENVSTRAP_SH:-}
if [ -z "$envstrap" ]; then
    envstrap=$(command -v envstrap.sh) || {
        echo "rebuild.sh: set ENVSTRAP_SH to envstrap.sh (not on PATH)." >&2
        exit 2
    }
fi
new=$1
shift
sh "$envstrap" "$new" --lock "$lock" "$@" || exit
for file in rebuild.sh with-env.sh; do
    if [ -f "$here/$file" ] && [ ! -e "$new/$file" ]; then
        cp -- "$here/$file" "$new/$file" || exit 1
    fi
done
