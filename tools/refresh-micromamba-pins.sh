#!/bin/sh
# Rewrite bootstrap/micromamba.pins for a micromamba release, on a machine with internet:
#
#   sh tools/refresh-micromamba-pins.sh VERSION [--base URL] [--out FILE]
#
# For each platform it downloads the raw binary and the release's .sha256 asset (which holds the
# hex digest of the raw binary only), computes the binary's sha256 itself, and writes the pin
# only when both agree. Any disagreement or failed download stops it, and the pins file is then
# left as it was. VERSION includes the build number, e.g. 2.5.0-1.
set -eu

PLATFORMS="win-64 linux-64 linux-aarch64 osx-64 osx-arm64"
BASE=https://github.com/mamba-org/micromamba-releases/releases/download
OUT=$(cd -P -- "$(dirname -- "$0")/../bootstrap" && pwd -P)/micromamba.pins

die() { printf 'refresh-micromamba-pins: %s\n' "$*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: refresh-micromamba-pins.sh VERSION [--base URL] [--out FILE]"
VERSION=$1
shift
while [ $# -gt 0 ]; do
    case "$1" in
        --base) BASE=${2:?--base needs a URL}; shift 2 ;;
        --out) OUT=${2:?--out needs a file}; shift 2 ;;
        *) die "unknown option '$1'" ;;
    esac
done
case "$VERSION" in *-[0-9]*) ;; *) die "VERSION needs the build number, e.g. 2.5.0-1" ;; esac

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | awk '{ print $1 }'
    else shasum -a 256 "$1" | awk '{ print $1 }'; fi
}

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
{
    echo "# The micromamba envstrap downloads, pinned: one version, and per platform the sha256 of the raw"
    echo "# binary and its URL. Read by envstrap.sh, envstrap.bat and envstrap.ps1. Format: \"version V\""
    echo "# once, then \"PLATFORM SHA256 URL\" lines; \"-\" as SHA256 means not pinned (envstrap then refuses"
    echo "# to download). Written by tools/refresh-micromamba-pins.sh: each sha256 was computed from the"
    echo "# downloaded binary and matched the release's own .sha256 asset."
    echo "version $VERSION"
} >"$work/pins"
for platform in $PLATFORMS; do
    url=$BASE/$VERSION/micromamba-$platform
    curl --fail --location --silent --show-error --proto '=https' --retry 3 -o "$work/bin" -- "$url" ||
        die "cannot download $url"
    curl --fail --location --silent --show-error --proto '=https' --retry 3 -o "$work/sum" -- "$url.sha256" ||
        die "cannot download $url.sha256"
    published=$(tr -d ' \r\n' <"$work/sum" | tr 'A-F' 'a-f')
    computed=$(sha256_of "$work/bin")
    [ "$published" = "$computed" ] || die "$platform: the release says sha256 $published, the binary has $computed"
    echo "$platform $computed $url" >>"$work/pins"
    printf 'refresh-micromamba-pins: %s %s\n' "$platform" "$computed" >&2
done
cp -- "$work/pins" "$OUT.tmp" && mv -f -- "$OUT.tmp" "$OUT"
printf 'refresh-micromamba-pins: wrote %s\n' "$OUT" >&2
