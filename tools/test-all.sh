#!/bin/sh
# Run envstrap's whole test suite on a fresh Debian/Ubuntu machine, installing what it needs:
# the shells under test and their tools (Debian packages), then the dev tools declared in
# pyproject.toml into .venv. Under CI=true a missing shell or tool fails its tests.
set -eu
cd "$(dirname "$0")/.."

# On a fresh machine another apt (unattended upgrades, cloud-init) often holds apt's locks: wait
# for it, up to APT_LOCK_TIMEOUT seconds, instead of failing at once. `install` waits through
# DPkg::Lock::Timeout; `update` takes the package lists' lock, which that option does not cover
# (apt 2.6), so it is retried while its only complaint is that lock.
APT_LOCK_TIMEOUT=${APT_LOCK_TIMEOUT:-600}
apt_update() {
    waited=0
    until out=$($sudo apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT" update -qq 2>&1); do
        case $out in *"Could not get lock"*) ;; *) waited=$APT_LOCK_TIMEOUT ;; esac
        if [ "$waited" -ge "$APT_LOCK_TIMEOUT" ]; then
            printf '%s\n' "$out" >&2
            return 1
        fi
        echo "test-all: another apt holds its lock; waiting (${waited} s so far)"
        sleep 10
        waited=$((waited + 10))
    done
    [ -z "$out" ] || printf '%s\n' "$out"
}

SYSTEM_PACKAGES="bash dash zsh fish ksh shellcheck patchelf strace util-linux curl wget openssl gcc libc6-dev procps wine64 wine gcc-mingw-w64-x86-64"
missing=""
for pkg in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "test-all: installing Debian packages:$missing"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    apt_update
    # shellcheck disable=SC2086  # $missing is a list of package names, split on purpose
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT" \
        install -y -qq $missing >/dev/null
fi

PYTHON=${PYTHON:-python3}
# A .venv without a working pip (a first run interrupted while `venv` was still installing pip)
# is made again; otherwise every later run would fail at the pip install below.
if [ ! -x .venv/bin/python ]; then
    echo "test-all: creating .venv"
    "$PYTHON" -m venv .venv
elif ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    echo "test-all: .venv has no working pip; creating it again"
    "$PYTHON" -m venv --clear .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"

echo "test-all: ruff"
.venv/bin/python -m ruff check src tests bench tools
echo "test-all: pytest"
exec .venv/bin/python -m pytest -q "$@"
