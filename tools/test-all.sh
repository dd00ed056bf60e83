#!/bin/sh
# Run envstrap's whole test suite on a fresh Debian/Ubuntu machine, installing what it needs:
# the shells under test and their tools (Debian packages), then the dev tools declared in
# pyproject.toml into .venv. Under CI=true a missing shell or tool fails its tests.
set -eu
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES="bash dash zsh fish ksh shellcheck patchelf strace util-linux curl wget openssl gcc libc6-dev procps wine64 wine gcc-mingw-w64-x86-64"
missing=""
for pkg in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "test-all: installing Debian packages:$missing"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # $missing is a list of package names, split on purpose
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "test-all: creating .venv"
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"

echo "test-all: ruff"
.venv/bin/python -m ruff check src tests bench
echo "test-all: pytest"
exec .venv/bin/python -m pytest -q "$@"
