#!/bin/sh
# envstrap stage 0 for Linux and macOS (POSIX sh; no Python needed).
#
#   sh bootstrap/envstrap.sh TARGET [--python VERSION] [--with SPEC]... [options]
#
# Checks that the shell is clean and the target is safe, lets micromamba create the environment
# (python + conda + mamba) in TARGET, then hands over to stage 1 (src/envstrap) running on the new
# environment's own Python. Writes only inside TARGET and the package cache you choose.
# Exit codes are shared with stage 1: see `--help` and docs/exit-codes.md.

# BEGIN GENERATED: constants (python3 tools/build.py --regions writes it from src/envstrap)
ENVSTRAP_VERSION=0.1.0

# The exit codes of every stage (src/envstrap/errors.py); not all are used here.
# shellcheck disable=SC2034
{
    EXIT_OK=0
    EXIT_FAILED=1
    EXIT_USAGE=2
    EXIT_SHELL_NOT_CLEAN=3
    EXIT_TARGET_REFUSED=4
    EXIT_MICROMAMBA_UNAVAILABLE=5
    EXIT_CREATE_FAILED=6
    EXIT_FINALIZE_FAILED=7
    EXIT_NOT_AN_ENVSTRAP_ENV=8
    EXIT_TARGET_BUSY=9
    EXIT_STAGE1_DAMAGED=10
    EXIT_INTERRUPTED=130
    EXIT_TERMINATED=143
}

# The variables that mean "a Python environment is active" (src/envstrap/guard.py).
ACTIVE_ENV_MARKERS="ENVSTRAP_PREFIX CONDA_PREFIX CONDA_SHLVL VIRTUAL_ENV PYTHON_ENVS"

# The command line that runs stage 1 with the environment's own Python, isolated
# (-I: no user site, no PYTHON* variables, no current folder on sys.path; -B: no .pyc).
STAGE1_BOOT='import sys; sys.path.insert(0, sys.argv.pop(1)); from envstrap.cli import main; sys.exit(main())'

# Variables kept from micromamba and stage 1 (src/envstrap/stage0.py).
is_scrubbed() {
    case "$1" in CONDA_* | _CE_* | _CONDA_* | MAMBA_* | PYTHON* | CONDARC | MAMBARC | VIRTUAL_ENV | ENVSTRAP_*) return 0 ;; esac
    return 1
}
# END GENERATED

# BEGIN GENERATED: usage (python3 tools/build.py --regions writes it from src/envstrap)
usage() {
    cat <<'EOF'
Usage: envstrap.sh TARGET [options]
       envstrap.sh NEW --bundle DIR
       envstrap.sh doctor TARGET [--json] [--deep]
       envstrap.sh bundle TARGET DIR [--micromamba PATH]
       envstrap.sh --help | --version

Create a standalone conda environment (python, conda, mamba) in the folder TARGET.
micromamba is downloaded from the URL pinned in micromamba.pins (next to this script,
or built into it) and run only after its sha256 matches the pin.
HTTPS_PROXY and NO_PROXY are honoured.
Supported micromamba versions (also for --micromamba PATH): 1.5.x and 2.x; others exit 5.

Options:
  --python VERSION   Python version to install (e.g. 3.12); default: the newest
  --with SPEC        an extra conda package spec to install (repeatable), e.g. --with uv
  --channel URL      channel to install from (repeatable; default conda-forge);
                     a name, an http(s)/file:// URL or a local folder
  --lock FILE        install exactly the packages of an explicit lock (e.g. the
                     .envstrap/lock.txt of another environment), with no solve
  --offline          use only the package cache (and a cached or given micromamba)
  --bundle DIR       make the environment from a bundle (see "bundle" below) with no
                     network at all; every file is checked against its SHA256SUMS first
  --pkgs-dir DIR     package cache (default TARGET/pkgs); share one across environments
  --micromamba PATH  use this micromamba binary (nothing is downloaded)
  --micromamba-url URL --micromamba-sha256 HEX
                     download micromamba from this https:// or file:// URL (a mirror)
                     and accept it only with this sha256; both or neither
  --keep-failed      keep a target this run created when the run fails
                     (default: remove it; a target that existed before is never removed)
  -h, --help         show this help
  --version          show envstrap's version

doctor checks an environment and this shell for anything that breaks isolation
(exit 0: no errors, 1: errors, 8: not an envstrap environment).
bundle writes DIR with every package file, micromamba, the lock and checksums of TARGET.
doctor and bundle run TARGET's own python: use them only on folders you trust.

Afterwards:
  . TARGET/activate               (sh, dash, bash, zsh, ksh)
  source TARGET/activate.fish     (fish)
  deactivate

Exit codes:
  0   success
  1   failed (doctor: errors found)
  2   bad command line
  3   another Python environment is active in this shell
  4   target path refused (unsafe or unusable)
  5   no usable, verified micromamba
  6   micromamba could not create the environment
  7   stage 1 could not finish the environment
  8   not a (complete) envstrap environment
  9   another envstrap run is using the target
  10  this single-file envstrap is damaged (its stage 1 fails its sha256)
  130 interrupted (Ctrl-C)
  143 terminated (SIGTERM)
EOF
}
# END GENERATED

# BEGIN GENERATED: built (empty here; tools/build.py fills it in the single file dist/envstrap.sh)
BUILT_PINS=''
STAGE1_SHA256=''
PAYLOAD_SHA256=''
# END GENERATED

# The single file (dist/envstrap.sh) carries stage 1 as a base64 zipapp after its last line and
# the pins in BUILT_PINS. The base64 text is checked against PAYLOAD_SHA256 before anything is
# written; the zipapp is decoded into TARGET/.envstrap/ (never a shared temp folder) and checked
# against STAGE1_SHA256 before anything runs it.
payload_text() {
    sed '1,/^#__ENVSTRAP_STAGE1_BASE64__$/d' -- "$SCRIPT_PATH"
}

sha256_stdin() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256_line=$(sha256sum)
        printf '%s\n' "${sha256_line%%[ 	]*}"
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 | awk '{ print $1 }'
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 | awk '{ print $NF }'
    fi
}

stage1_damaged() {
    die "$EXIT_STAGE1_DAMAGED" "this envstrap.sh is damaged: its built-in stage 1 $1." \
        "download it again and check it against SHA256SUMS; nothing was run"
}

check_payload() {
    actual=$(payload_text | sha256_stdin)
    [ "$actual" = "$PAYLOAD_SHA256" ] || stage1_damaged "has sha256 ${actual:-(unreadable)}, expected $PAYLOAD_SHA256"
}

decode_payload() {  # $1: the file to write
    if command -v base64 >/dev/null 2>&1; then
        payload_text | base64 -d >"$1" 2>/dev/null && return 0
        payload_text | base64 -D >"$1" 2>/dev/null && return 0  # older macOS
    fi
    command -v openssl >/dev/null 2>&1 && payload_text | openssl base64 -d >"$1"
}

# Write the built-in stage 1 to $1 (inside a target's .envstrap), unless an intact copy is there.
write_stage1() {
    [ -f "$1" ] && [ "$(sha256_of "$1")" = "$STAGE1_SHA256" ] && return 0
    PARTIAL=$1.partial-$$
    if ! decode_payload "$PARTIAL"; then
        rm -f -- "$PARTIAL"
        die "$EXIT_FAILED" "cannot write envstrap's stage 1 to '$PARTIAL' (base64 or openssl missing, read-only or full disk?)."
    fi
    actual=$(sha256_of "$PARTIAL")
    if [ "$actual" != "$STAGE1_SHA256" ]; then
        rm -f -- "$PARTIAL"
        stage1_damaged "decodes to sha256 ${actual:-(unreadable)}, expected $STAGE1_SHA256"
    fi
    mv -f -- "$PARTIAL" "$1" || die "$EXIT_FAILED" "cannot write '$1'."
    PARTIAL=''
}

# Messages go to fd 3, a copy of the real stderr made at start, so that they reach the user even
# from a trap that fires while micromamba's stderr is redirected to its log.
say() { printf 'envstrap: %s\n' "$*" >&3; }

die() {
    die_code=$1
    shift
    printf 'envstrap: error: %s\n' "$1" >&3
    [ $# -gt 1 ] && printf 'envstrap: hint: %s\n' "$2" >&3
    [ -n "${DOCTOR_JSON:-}" ] && doctor_json_error "$die_code" "$1"
    exit "$die_code"
}

# doctor --json promises one JSON object on stdout, also when there is no Python to run doctor
# (schema in docs/doctor.md): the error, its exit code, no checks.
doctor_json_error() {
    printf '{"schema": 1, "envstrap_version": "%s", "target": %s, "deep": %s, ' \
        "$ENVSTRAP_VERSION" "$(json_string "$DOCTOR_JSON_TARGET")" "$DOCTOR_JSON_DEEP"
    printf '"error": {"exit_code": %s, "message": %s}, ' "$1" "$(json_string "$2")"
    printf '"summary": {"error": 0, "warning": 0, "info": 0}, "checks": [], "findings": []}\n'
}

# $1 as a JSON string literal: quote and backslash escaped, control characters as \u00XX, every
# other byte as it is (so UTF-8 stays UTF-8).
json_string() {
    printf '"'
    printf '%s' "$1" | od -An -v -to1 | tr -s ' ' '\n' | while read -r json_byte; do
        case $json_byte in
            '') ;;
            042) printf '%s' '\"' ;;
            134) printf '%s' "\\\\" ;;
            0[0-3]? | 177) printf '\\u%04x' "$((0$json_byte))" ;;
            *) printf '%b' "\\0$json_byte" ;;
        esac
    done
    printf '"'
}

usage_error() {
    die "$EXIT_USAGE" "$1" "see 'envstrap.sh --help'"
}

# Absolute path of $1 with . and .. resolved textually and no trailing slash (result: $norm).
normalize() {
    case "$1" in /*) norm_rest=$1 ;; *) norm_rest=$PWD/$1 ;; esac
    norm=
    while [ -n "$norm_rest" ]; do
        norm_part=${norm_rest%%/*}
        case "$norm_rest" in */*) norm_rest=${norm_rest#*/} ;; *) norm_rest= ;; esac
        case "$norm_part" in
            '' | .) ;;
            ..) norm=${norm%/*} ;;
            *) norm=$norm/$norm_part ;;
        esac
    done
    [ -n "$norm" ] || norm=/
}

# The physical path of an existing directory (symlinks resolved), or empty.
physical_dir() {
    (cd -P -- "$1" 2>/dev/null && pwd -P)
}

is_empty_dir() {
    for entry in "$1"/* "$1"/.[!.]* "$1"/..?*; do
        [ -e "$entry" ] || [ -L "$entry" ] && return 1
    done
    return 0
}

check_clean_shell() {
    for var in $ACTIVE_ENV_MARKERS; do
        eval "value=\${$var:-}"
        [ -n "$value" ] || continue
        [ "$var" = CONDA_SHLVL ] && [ "$value" = 0 ] && continue
        die "$EXIT_SHELL_NOT_CLEAN" \
            "$var is set ('$value'): a Python environment is active in this shell." \
            "envstrap builds environments only from a clean shell. Run 'deactivate' (or 'conda deactivate'), or open a new shell where $var is not set."
    done
}

# The variables scrub_environment removes, listed once by the main shell (listing them starts a
# process, awk, and the main shell's environment is the same for every child).
list_scrubbed() {
    SCRUBBED='' SCRUBBED_LISTED=yes
    # Variable names never contain blanks, so word splitting is what we want here.
    # shellcheck disable=SC2013
    for name in $(awk 'BEGIN { for (k in ENVIRON) print k }' </dev/null); do
        if is_scrubbed "$name"; then SCRUBBED="$SCRUBBED $name"; fi
    done
}

# Leave no trace of other Python/conda environments in this (sub)shell's environment.
scrub_environment() {
    set -f
    for name in $SCRUBBED; do unset "$name" 2>/dev/null; done
    set +f
    TMPDIR=$SCRATCH TMP=$SCRATCH TEMP=$SCRATCH
    export TMPDIR TMP TEMP
}

# The sha256 of file $1 in hex (or nothing). sha256sum's line is cut by the shell, not awk: a
# bundle's check hashes every file, one process each. (No path hashed here holds a newline.)
sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256_line=$(sha256sum "$1")
        printf '%s\n' "${sha256_line%%[ 	]*}"
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | awk '{ print $1 }'
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 "$1" | awk '{ print $NF }'
    fi
}

yaml_quote() {  # a YAML single-quoted scalar: only ' needs doubling (the values have no newline)
    yaml_rest=$1 yaml_done=''
    while :; do
        case "$yaml_rest" in
            *"'"*) yaml_done="$yaml_done${yaml_rest%%"'"*}''"; yaml_rest=${yaml_rest#*"'"} ;;
            *) break ;;
        esac
    done
    printf "'%s'" "$yaml_done$yaml_rest"
}

check_target() {
    case "$TARGET" in
        *:*) die "$EXIT_TARGET_REFUSED" "the target '$TARGET' contains ':', which cannot appear in a PATH entry." "choose a folder name without ':'" ;;
    esac
    case "$TARGET" in
        *"$NEWLINE"* | *"$TAB"*) die "$EXIT_TARGET_REFUSED" "the target contains a newline or tab." "choose a plain folder name" ;;
    esac
    [ "$TARGET" = / ] && die "$EXIT_TARGET_REFUSED" "the target is the root folder '/'." "choose a new or empty folder"
    if [ -n "${HOME:-}" ]; then
        normalize "$HOME"
        home=$norm
        if [ "$TARGET" = "$home" ]; then
            die "$EXIT_TARGET_REFUSED" "the target is your home folder '$home' itself." "choose a folder inside it, e.g. $home/envs/py312"
        fi
    fi
    if [ -L "$TARGET" ] || [ -d "$TARGET" ]; then
        real=$(physical_dir "$TARGET")
        if [ "$real" = / ] || { [ -n "${home:-}" ] && [ "$real" = "$(physical_dir "$home")" ]; }; then
            die "$EXIT_TARGET_REFUSED" "the target '$TARGET' resolves to '$real'." "choose a new or empty folder"
        fi
    fi
    if [ -e "$TARGET" ] && [ ! -d "$TARGET" ]; then
        die "$EXIT_TARGET_REFUSED" "the target '$TARGET' exists and is not a folder." "choose a new or empty folder"
    fi
    if [ -d "$TARGET" ]; then
        check_not_busy "$TARGET"
        if [ -f "$TARGET/.envstrap/complete" ]; then
            say "'$TARGET' is already a complete envstrap environment; nothing to do."
            say "activate it with: . '$TARGET/activate'"
            exit "$EXIT_OK"
        elif [ -d "$TARGET/.envstrap" ] && [ -f "$TARGET/.envstrap/incomplete" ]; then
            RESUMING=yes
        elif ! is_empty_dir "$TARGET"; then
            if [ -d "$TARGET/conda-meta" ]; then
                why="it holds a conda environment that envstrap did not create"
            elif [ -f "$TARGET/pyvenv.cfg" ]; then
                why="it holds a virtualenv"
            else
                why="it is not empty"
            fi
            die "$EXIT_TARGET_REFUSED" "the target '$TARGET' cannot be used: $why." "choose a new or empty folder; envstrap never deletes what it did not create"
        fi
        [ -w "$TARGET" ] || die "$EXIT_TARGET_REFUSED" "the target '$TARGET' is not writable." "check its permissions"
    else
        ancestor=${TARGET%/*}
        while [ -n "$ancestor" ] && [ ! -e "$ancestor" ]; do ancestor=${ancestor%/*}; done
        [ -n "$ancestor" ] || ancestor=/
        if [ ! -d "$ancestor" ]; then
            die "$EXIT_TARGET_REFUSED" "'$ancestor' is in the target's path but is not a folder." "choose another target"
        fi
        [ -w "$ancestor" ] || die "$EXIT_TARGET_REFUSED" "cannot create '$TARGET': '$ancestor' is not writable." "choose a folder you can write to"
    fi
}

parse_args() {
    TARGET='' PYTHON_VERSION='' MICROMAMBA='' PKGS_DIR='' SPECS_WITH='' CHANNELS=''
    MICROMAMBA_URL='' MICROMAMBA_PIN='' LOCK_FILE='' OFFLINE=no KEEP_FAILED=no BUNDLE=''
    while [ $# -gt 0 ]; do
        case "$1" in
            -h | --help) usage; exit "$EXIT_OK" ;;
            --version) echo "envstrap $ENVSTRAP_VERSION"; exit "$EXIT_OK" ;;
            --offline) OFFLINE=yes; shift ;;
            --keep-failed) KEEP_FAILED=yes; shift ;;
            --python | --with | --channel | --micromamba | --pkgs-dir | --lock | --micromamba-url | --micromamba-sha256 | --bundle)
                [ $# -ge 2 ] || usage_error "option $1 needs a value"
                set_option "$1" "$2"
                shift 2 ;;
            --python=* | --with=* | --channel=* | --micromamba=* | --pkgs-dir=* | --lock=* | --micromamba-url=* | --micromamba-sha256=* | --bundle=*)
                set_option "${1%%=*}" "${1#*=}"
                shift ;;
            --) shift; [ $# -gt 0 ] && { set_target "$1"; shift; }; [ $# -eq 0 ] || usage_error "unexpected argument '$1'" ;;
            -*) usage_error "unknown option '$1'" ;;
            *) set_target "$1"; shift ;;
        esac
    done
    [ -n "$TARGET" ] || usage_error "missing TARGET (the folder to create the environment in)"
    if { [ -n "$MICROMAMBA_URL" ] && [ -z "$MICROMAMBA_PIN" ]; } || { [ -z "$MICROMAMBA_URL" ] && [ -n "$MICROMAMBA_PIN" ]; }; then
        usage_error "--micromamba-url and --micromamba-sha256 go together: give both or neither"
    fi
    if [ -n "$MICROMAMBA" ] && [ -n "$MICROMAMBA_URL" ]; then
        usage_error "--micromamba and --micromamba-url exclude each other"
    fi
    if [ -n "$BUNDLE" ] && [ -n "$LOCK_FILE$PYTHON_VERSION$SPECS_WITH$CHANNELS$MICROMAMBA$MICROMAMBA_URL" ]; then
        usage_error "--bundle brings its own packages, channels and micromamba: --lock, --python, --with, --channel and --micromamba* do not apply"
    fi
    if [ -n "$LOCK_FILE" ] && { [ -n "$PYTHON_VERSION" ] || [ -n "$SPECS_WITH" ]; }; then
        usage_error "--lock installs exactly the locked packages: --python and --with do not apply"
    fi
}

set_target() {
    [ -z "$TARGET" ] || usage_error "unexpected argument '$1' (the target is already '$TARGET')"
    [ -n "$1" ] || usage_error "the target must not be empty"
    TARGET=$1
}

# Both forms, --opt value and --opt=value, arrive here and are checked alike: a value that
# starts with - would reach micromamba as an option, a newline would split it in two.
set_option() {
    [ -n "$2" ] || usage_error "option $1 needs a value"
    case "$2" in -*) usage_error "option $1 needs a value, got '$2'" ;; esac
    case "$2" in *"$NEWLINE"*) usage_error "option $1: a value must not contain a newline" ;; esac
    case "$1" in
        --python)
            case "$2" in
                *[!0-9.*]* | .* | *..*) usage_error "--python takes a version such as 3.12 or 3.12.4, got '$2'" ;;
            esac
            PYTHON_VERSION=$2 ;;
        --with) SPECS_WITH="$SPECS_WITH$2$NEWLINE" ;;
        --channel) CHANNELS="$CHANNELS$2$NEWLINE" ;;
        --micromamba) MICROMAMBA=$2 ;;
        --pkgs-dir) PKGS_DIR=$2 ;;
        --lock) LOCK_FILE=$2 ;;
        --bundle) BUNDLE=$2 ;;
        --micromamba-url)
            case "$2" in
                https://* | file://*) MICROMAMBA_URL=$2 ;;
                *) usage_error "--micromamba-url must be an https:// or file:// URL, got '$2'" ;;
            esac ;;
        --micromamba-sha256)
            case "$2" in
                *[!0-9a-fA-F]*) usage_error "--micromamba-sha256 takes 64 hex digits, got '$2'" ;;
            esac
            [ ${#2} -eq 64 ] || usage_error "--micromamba-sha256 takes 64 hex digits, got '$2'"
            MICROMAMBA_PIN=$(printf '%s' "$2" | tr 'A-F' 'a-f') ;;
    esac
}

# Channels as given, except local folders, which become absolute paths.
resolve_channels() {
    [ -n "$CHANNELS" ] || CHANNELS="conda-forge$NEWLINE"
    resolved=
    old_ifs=$IFS
    IFS=$NEWLINE
    for ch in $CHANNELS; do
        case "$ch" in
            *://*) ;;
            */*) if [ -d "$ch" ]; then normalize "$ch"; ch=$norm; fi ;;
        esac
        resolved="$resolved$ch$NEWLINE"
    done
    IFS=$old_ifs
    CHANNELS=$resolved
}

# The conda platform name of this machine, for the pins file.
detect_platform() {
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=osx ;;
        *) die "$EXIT_MICROMAMBA_UNAVAILABLE" "unsupported system '$(uname -s)' for envstrap.sh." "on Windows use envstrap.bat or envstrap.ps1" ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=64 ;;
        aarch64 | arm64) if [ "$os" = linux ]; then arch=aarch64; else arch=arm64; fi ;;
        ppc64le) arch=ppc64le ;;
        *) die "$EXIT_MICROMAMBA_UNAVAILABLE" "unsupported machine '$(uname -m)'." "pass --micromamba PATH" ;;
    esac
    PLATFORM=$os-$arch
}

# micromamba.pins (built into the single file, or next to this script) for $PLATFORM, into
# PIN_VERSION, PIN_SHA256 and PIN_URL; status 1 when there is none. Read by the download
# (read_pins) and, for a bundle's pin check, by use_bundle alike.
load_pins() {
    PINS_FILE=$SCRIPT_DIR/micromamba.pins
    if [ -n "$BUILT_PINS" ]; then
        pins=$BUILT_PINS
    elif [ -f "$PINS_FILE" ]; then
        pins=$(cat -- "$PINS_FILE")
    else
        return 1
    fi
    PIN_VERSION='' PIN_SHA256='' PIN_URL=''
    while read -r key first second; do
        case "$key" in
            '' | '#'*) ;;
            version) PIN_VERSION=$first ;;
            "$PLATFORM") PIN_SHA256=$first PIN_URL=$second ;;
        esac
    done <<EOF
$pins
EOF
}

# Version, URL and sha256 of the pinned micromamba to download for $PLATFORM.
read_pins() {
    load_pins || die "$EXIT_MICROMAMBA_UNAVAILABLE" "the pins file '$PINS_FILE' is missing." "use a complete envstrap checkout, or pass --micromamba PATH"
    MM_VERSION=$PIN_VERSION MM_PIN=$PIN_SHA256 MM_URL=$PIN_URL
    if [ -z "$MM_URL" ] || [ "$MM_PIN" = - ] || [ -z "$MM_PIN" ]; then
        die "$EXIT_MICROMAMBA_UNAVAILABLE" "this envstrap pins no checksum of micromamba $MM_VERSION for $PLATFORM, so it will not download one." \
            "pass --micromamba PATH (a binary you trust), or --micromamba-url URL with --micromamba-sha256 HEX"
    fi
}

# Does $1 start like an executable for $PLATFORM (ELF, Mach-O, PE)? An HTML error page does not.
looks_executable() {
    magic=$(od -An -tx1 -N4 -- "$1" 2>/dev/null | tr -d ' \n')
    case "$PLATFORM:$magic" in
        linux-*:7f454c46) return 0 ;;
        osx-*:cffaedfe | osx-*:cefaedfe | osx-*:cafebabe | osx-*:feedfacf | osx-*:feedface) return 0 ;;
        win-*:4d5a*) return 0 ;;
    esac
    return 1
}

# Check $1 is an executable for this platform with sha256 $MM_PIN; say why not in $REJECTED.
verify_binary() {
    if ! looks_executable "$1"; then
        REJECTED="it is not a $PLATFORM executable (it starts with '$(head -c 24 -- "$1" | tr -c '[:print:]' '.')'; an error page?)"
        return 1
    fi
    actual=$(sha256_of "$1")
    [ -n "$actual" ] || die "$EXIT_MICROMAMBA_UNAVAILABLE" "no sha256 tool found (sha256sum, shasum or openssl)." "install coreutils"
    if [ "$actual" != "$MM_PIN" ]; then
        REJECTED="checksum mismatch: expected sha256 $MM_PIN, got $actual"
        return 1
    fi
}

download() {  # $1 URL, $2 file; https (and file://) only, bounded retries and stall detection
    if command -v curl >/dev/null 2>&1; then
        curl --fail --location --silent --show-error --proto '=https,file' --proto-redir '=https' \
            --retry 3 --retry-delay 1 --connect-timeout 20 --speed-limit 1024 --speed-time 60 \
            --output "$2" -- "$1"
    elif command -v wget >/dev/null 2>&1; then
        case "$1" in
            file://*) cp -- "${1#file://}" "$2" ;;
            *) wget -q --https-only --tries=3 --timeout=60 -O "$2" -- "$1" ;;
        esac
    else
        die "$EXIT_MICROMAMBA_UNAVAILABLE" "neither curl nor wget is installed, so micromamba cannot be downloaded." "install curl, or pass --micromamba PATH"
    fi
}

# Decide which micromamba to run, writing nothing: the one given, or the pinned download.
choose_micromamba() {
    MM_PIN=
    if [ -n "$MICROMAMBA" ]; then
        normalize "$MICROMAMBA"
        MICROMAMBA=$norm
        if [ ! -f "$MICROMAMBA" ] || [ ! -x "$MICROMAMBA" ]; then
            die "$EXIT_MICROMAMBA_UNAVAILABLE" "micromamba '$MICROMAMBA' is not an executable file." "check the --micromamba path"
        fi
        MICROMAMBA_SHA256=$(sha256_of "$MICROMAMBA")
        MICROMAMBA_SOURCE="given: $MICROMAMBA"
        return
    fi
    detect_platform
    if [ -n "$MICROMAMBA_URL" ]; then
        MM_VERSION=custom MM_URL=$MICROMAMBA_URL MM_PIN=$MICROMAMBA_PIN
    else
        read_pins
    fi
}

# Download (or take from the cache) the pinned micromamba chosen by choose_micromamba. What
# runs is always a private copy, in a folder only this run made (mktemp -d inside the target),
# verified after it was copied there: a package cache other users can write may change its file
# between any check and any run, and a predictable download name can be planted.
fetch_micromamba() {
    [ -z "$MM_PIN" ] && return  # a given binary
    cache=$PKGS_DIR/.envstrap-micromamba/$MM_PIN
    cached=$cache/micromamba
    MM_PRIVATE=$(mktemp -d "$SCRATCH/micromamba.XXXXXX") ||
        die "$EXIT_FAILED" "cannot make a private folder in '$SCRATCH' (mktemp -d)."
    MICROMAMBA=$MM_PRIVATE/micromamba
    if [ -L "$cached" ]; then
        say "the cached micromamba '$cached' is a symbolic link: not used"
    elif [ -f "$cached" ] && cp -- "$cached" "$MICROMAMBA" 2>/dev/null; then
        if verify_binary "$MICROMAMBA"; then
            say "using the cached micromamba $MM_VERSION (sha256 verified again)"
        else
            say "the cached micromamba fails verification ($REJECTED); fetching it again"
            rm -f -- "$MICROMAMBA"
        fi
    fi
    if [ ! -f "$MICROMAMBA" ]; then
        if [ "$OFFLINE" = yes ]; then
            die "$EXIT_MICROMAMBA_UNAVAILABLE" "--offline, and no verified micromamba is cached in '$cache'." "pass --micromamba PATH, or run once online with the same --pkgs-dir"
        fi
        PARTIAL=$(mktemp "$MM_PRIVATE/download.XXXXXX") ||
            die "$EXIT_FAILED" "cannot make a file in '$MM_PRIVATE' (mktemp)."
        say "downloading micromamba $MM_VERSION for $PLATFORM from $MM_URL"
        if ! download "$MM_URL" "$PARTIAL"; then
            die "$EXIT_MICROMAMBA_UNAVAILABLE" "downloading micromamba failed: $MM_URL" "check the network and proxy (HTTPS_PROXY), or pass --micromamba PATH"
        fi
        if ! verify_binary "$PARTIAL"; then
            die "$EXIT_MICROMAMBA_UNAVAILABLE" "refusing the micromamba downloaded from $MM_URL: $REJECTED. It was deleted and not run." \
                "if a mirror serves another build, pin its hash with --micromamba-sha256; never run an unverified binary"
        fi
        mv -f -- "$PARTIAL" "$MICROMAMBA" || die "$EXIT_FAILED" "cannot move micromamba within '$MM_PRIVATE'."
        PARTIAL=''
        store_in_cache
    fi
    chmod 700 -- "$MICROMAMBA" || die "$EXIT_FAILED" "cannot make '$MICROMAMBA' executable."
    MICROMAMBA_SHA256=$MM_PIN
    MICROMAMBA_SOURCE=$MM_URL
}

# Keep the verified micromamba in the cache for later runs: a fresh temporary file in the cache
# folder, renamed over the entry (so the entry is never a symbolic link), and only in folders
# that are not symbolic links, belong to this user and no one else can write (nobody can plant
# a link there). Not kept is not an error.
store_in_cache() {
    for dir in "$PKGS_DIR/.envstrap-micromamba" "$cache"; do
        mkdir -- "$dir" 2>/dev/null
        if [ -L "$dir" ] || [ ! -d "$dir" ] ||
            [ -z "$(find "$dir" -prune -user "$(id -u)" ! -perm -0020 ! -perm -0002 2>/dev/null)" ]; then
            say "micromamba is not kept in the cache: '$dir' is not a folder only you can write (a symbolic link, another user's, or group- or world-writable)"
            return 0
        fi
    done
    [ ! -d "$cached" ] || { say "micromamba is not kept in the cache: '$cached' is a folder"; return 0; }
    if kept=$(mktemp "$cache/micromamba.XXXXXX" 2>/dev/null) &&
        cp -- "$MICROMAMBA" "$kept" && chmod 755 -- "$kept" && mv -f -- "$kept" "$cached"; then
        return 0
    fi
    [ -z "${kept:-}" ] || rm -f -- "$kept"
    say "micromamba could not be kept in the cache '$cache'"
}

check_micromamba_runs() {
    if ! MICROMAMBA_VERSION=$("$MICROMAMBA" --version 2>/dev/null) || [ -z "$MICROMAMBA_VERSION" ]; then
        die "$EXIT_MICROMAMBA_UNAVAILABLE" "'$MICROMAMBA --version' failed: this is not a working micromamba for this machine." "check the --micromamba path"
    fi
    # The versions envstrap is tested with (docs/micromamba-versions.md).
    case "$MICROMAMBA_VERSION" in
        1.5.* | 2.*) ;;
        *) die "$EXIT_MICROMAMBA_UNAVAILABLE" "micromamba $MICROMAMBA_VERSION is not supported: envstrap works with micromamba 1.5.x and 2.x." \
            "pass --micromamba with a 1.5.x or 2.x binary, or leave --micromamba out to use the pinned one" ;;
    esac
}

# One envstrap run per target at a time: a lock folder whose owner file says "PID STARTED HOST".
# A lock is stale only when its process is known to be gone: it ran on this host, and kill -0
# says "No such process" (EPERM means another user's live process). A lock from another host
# is never taken over.
check_not_busy() {
    lock=$1/.envstrap/run.lock
    [ -d "$lock" ] || return 0
    owner_line=$(cat -- "$lock/owner" 2>/dev/null)
    owner='' owner_started='' owner_host=''
    read -r owner owner_started owner_host <<EOF
$owner_line
EOF
    case "$owner" in '' | *[!0-9]*) owner='' ;; esac
    if [ -n "$owner" ] && [ -n "$owner_host" ] && [ "$owner_host" != "$HOST_NAME" ]; then
        die "$EXIT_TARGET_BUSY" "another envstrap run (process $owner on host '$owner_host', started ${owner_started:-just now}) is using '$1'; a lock from another host is never taken over automatically." \
            "wait for it to finish; if no envstrap runs on '$owner_host', delete the folder '$lock'"
    fi
    if [ -z "$owner" ] || [ -z "$owner_host" ] || process_alive "$owner"; then
        die "$EXIT_TARGET_BUSY" "another envstrap run (process ${owner:-starting}, started ${owner_started:-just now}) is using '$1'." "wait for it to finish, or stop that process"
    fi
    take_over_lock "$lock"
}

# Is process $1 alive? Only "No such process" means gone (EPERM: another user's process).
process_alive() {
    kill_says=$(LC_ALL=C kill -0 "$1" 2>&1) && return 0
    case "$kill_says" in *'No such process'*) return 1 ;; esac
    return 0
}

# Take the stale lock $1 over atomically: rename it to a name only this run uses, check that
# what was renamed is still the stale lock that was judged (another run may have taken it over
# meanwhile: then it goes back and this run is the one that waits), then remove it.
take_over_lock() {
    stale=$1.stale-$$
    if ! mv -- "$1" "$stale" 2>/dev/null; then
        die "$EXIT_TARGET_BUSY" "another envstrap run is taking over the stale lock of '$TARGET'." "wait for it to finish"
    fi
    if [ "$(cat -- "$stale/owner" 2>/dev/null)" != "$owner_line" ]; then
        [ -e "$1" ] || mv -- "$stale" "$1" 2>/dev/null
        die "$EXIT_TARGET_BUSY" "another envstrap run took over the stale lock of '$TARGET' first." "wait for it to finish"
    fi
    say "removing a stale lock left by process $owner, which is gone"
    rm -rf -- "$stale"
}

acquire_run_lock() {
    check_not_busy "$TARGET"
    if ! mkdir -- "$STATE_DIR/run.lock" 2>/dev/null; then
        check_not_busy "$TARGET"
        mkdir -- "$STATE_DIR/run.lock" 2>/dev/null ||
            die "$EXIT_TARGET_BUSY" "another envstrap run is starting in '$TARGET'." "wait for it to finish"
    fi
    LOCKED=yes
    echo "$$ $STARTED $HOST_NAME" >"$STATE_DIR/run.lock/owner"
}

has_local_channel() {
    case "$NEWLINE$CHANNELS" in *"${NEWLINE}file://"* | *"$NEWLINE/"*) return 0 ;; esac
    return 1
}

write_micromamba_rc() {
    {
        echo "# Written by envstrap for its one micromamba call; nothing else reads this file."
        echo "channels:"
        old_ifs=$IFS
        IFS=$NEWLINE
        for ch in $CHANNELS; do echo "  - $(yaml_quote "$ch")"; done
        IFS=$old_ifs
        echo "channel_priority: strict"
        # 2.x asks local channels for repodata.json.zst first and warns when it is missing.
        if [ -n "$BUNDLE" ] || has_local_channel; then echo "repodata_use_zst: false"; fi
        echo "pkgs_dirs:"
        echo "  - $(yaml_quote "$PKGS_DIR")"
    } >"$RC_FILE" || die "$EXIT_FAILED" "cannot write '$RC_FILE'."
}

# Run a command scrubbed, in the background, so that INT/TERM reach our traps at once and the
# traps can stop it (a background job of a script ignores Ctrl-C by itself). The background job is
# the subshell that execs the command, so $! is the command itself: a function or a nested
# ( ) in between would be one more process, and the traps' kill would stop only that one and
# leave the command running.
run_child() {
    [ -n "${SCRUBBED_LISTED:-}" ] || list_scrubbed
    ( scrub_environment; exec "$@" 3>&- ) &
    CHILD=$!
    wait "$CHILD"
    status=$?
    CHILD=''
    return "$status"
}

# micromamba 1.x ends `install` with "To activate this environment, use: micromamba activate
# PREFIX" and "micromamba run -p PREFIX mycommand": wrong for an envstrap environment (nothing
# set up micromamba's shell hook), and envstrap says how to activate it. Everything else passes.
drop_activation_advice() {
    awk '
        { line = $0; sub(/\r$/, "", line) }
        skip > 0 { skip--; if (line ~ / run -[pn] .* mycommand$/) skip = 0; next }
        line == "To activate this environment, use:" { skip = 8; held = 0; next }
        line == "" { held++; next }
        { for (; held > 0; held--) print ""; print; fflush() }'
}

create_environment() {
    set -f
    set -- "$MICROMAMBA" install -r "$ROOT_PREFIX" -p "$TARGET" --rc-file "$RC_FILE" -y
    [ "$OFFLINE" = no ] || set -- "$@" --offline
    if [ -n "$LOCK_FILE" ]; then
        set -- "$@" -f "$LOCK_FILE"  # explicit lock: exactly these packages, no solve
    else
        set -- "$@" --override-channels --strict-channel-priority
        old_ifs=$IFS
        IFS=$NEWLINE
        for ch in $CHANNELS; do set -- "$@" -c "$ch"; done
        if [ -n "$PYTHON_VERSION" ]; then set -- "$@" "python=$PYTHON_VERSION"; else set -- "$@" python; fi
        set -- "$@" conda mamba
        for spec in $SPECS_WITH; do set -- "$@" "$spec"; done
        IFS=$old_ifs
    fi
    set +f
    say "creating the environment with micromamba $MICROMAMBA_VERSION"
    # Its progress (stdout) streams to the user; its messages (stderr) are kept to name the cause
    # of a failure, and shown right after it ends.
    # Its stdout passes through drop_activation_advice on the way.
    log=$SCRATCH/micromamba-stderr.log
    out=$SCRATCH/micromamba-stdout
    if [ -e "$out" ] || [ -L "$out" ]; then rm -f -- "$out"; fi  # left by an interrupted run
    mkfifo -- "$out" || die "$EXIT_FAILED" "cannot create '$out'."
    drop_activation_advice <"$out" &
    filter=$!
    run_child "$@" >"$out" 2>"$log"
    status=$?
    wait "$filter"
    [ ! -s "$log" ] || cat -- "$log" >&2
    if [ "$status" -ne 0 ]; then
        if grep -qi -e 'no space left on device' -e 'disk quota exceeded' -- "$log"; then
            die "$EXIT_CREATE_FAILED" "the disk holding '$TARGET' or '$PKGS_DIR' is full (micromamba exit code $status)." "free some space, then run the same command again"
        fi
        if grep -qi 'read-only file system' -- "$log"; then
            die "$EXIT_CREATE_FAILED" "'$TARGET' or '$PKGS_DIR' is on a read-only file system (micromamba exit code $status)." "choose a writable place"
        fi
        die "$EXIT_CREATE_FAILED" "micromamba could not create the environment (exit code $status); see its messages above." \
            "fix the cause and run the same command again"
    fi
    [ -x "$TARGET/bin/python" ] || die "$EXIT_CREATE_FAILED" "micromamba finished but '$TARGET/bin/python' is missing." "run the same command again"
}

find_stage1() {
    if [ -n "$STAGE1_SHA256" ]; then
        check_payload  # written into the target later, by write_stage1
        return 0
    fi
    STAGE1_SRC=$(cd -P -- "$SCRIPT_DIR/../src" 2>/dev/null && pwd -P)
    if [ -z "$STAGE1_SRC" ] || [ ! -f "$STAGE1_SRC/envstrap/__init__.py" ]; then
        die "$EXIT_FAILED" "cannot find envstrap's stage 1 (src/envstrap) next to this script." "run envstrap.sh from a complete envstrap checkout"
    fi
}

# envstrap.sh doctor|bundle TARGET ...: a stage-1 command run by the environment's own Python.
# Not scrubbed: doctor must see this shell's real environment.
stage1_command() {
    verb=$1
    shift
    if [ "$verb" = doctor ]; then
        DOCTOR_JSON_TARGET='' DOCTOR_JSON_DEEP=false
        for arg in "$@"; do
            case $arg in --json) DOCTOR_JSON=yes ;; --deep) DOCTOR_JSON_DEEP=true ;; esac
        done
    fi
    if [ $# -eq 0 ] || [ -z "$1" ]; then
        usage_error "$verb needs the environment folder: envstrap.sh $verb TARGET"
    fi
    case "$1" in -*) usage_error "$verb needs the environment folder first, got '$1'" ;; esac
    normalize "$1"
    shift
    DOCTOR_JSON_TARGET=$norm
    find_stage1
    if [ ! -x "$norm/bin/python" ]; then
        die "$EXIT_NOT_AN_ENVSTRAP_ENV" "'$norm' has no bin/python: it is not an envstrap environment (or is badly broken)." "give the folder envstrap.sh created"
    fi
    if [ -n "$STAGE1_SHA256" ]; then
        # the environment's own stage 1 when it is this one, else this one next to it
        STAGE1_SRC=$norm/.envstrap/stage1.pyz
        if [ "$(sha256_of "$STAGE1_SRC" 2>/dev/null)" != "$STAGE1_SHA256" ]; then
            STAGE1_SRC=$norm/.envstrap/stage1-$(printf '%.12s' "$STAGE1_SHA256").pyz
            write_stage1 "$STAGE1_SRC"
        fi
    fi
    [ -n "${DOCTOR_JSON:-}" ] || exec "$norm/bin/python" -I -B -c "$STAGE1_BOOT" "$STAGE1_SRC" "$verb" "$norm" "$@"
    # --json: stage 1 prints the document; a python that cannot even start leaves it to us.
    doctor_out=$("$norm/bin/python" -I -B -c "$STAGE1_BOOT" "$STAGE1_SRC" "$verb" "$norm" "$@")
    doctor_status=$?
    [ -n "$doctor_out" ] && { printf '%s\n' "$doctor_out"; exit "$doctor_status"; }
    die "$EXIT_NOT_AN_ENVSTRAP_ENV" "'$norm/bin/python' did not run doctor (exit status $doctor_status): the environment is badly broken." "make the environment again"
}

# --bundle: check every file against SHA256SUMS before anything is written or run.
use_bundle() {
    normalize "$BUNDLE"
    BUNDLE=$norm
    if [ ! -f "$BUNDLE/SHA256SUMS" ] || [ ! -f "$BUNDLE/lock.txt" ] || [ ! -f "$BUNDLE/channels.txt" ]; then
        usage_error "'$BUNDLE' is not an envstrap bundle (no SHA256SUMS, lock.txt or channels.txt)"
    fi
    detect_platform
    BUNDLED_MM=$BUNDLE/micromamba/$PLATFORM/micromamba
    [ -f "$BUNDLED_MM" ] || die "$EXIT_MICROMAMBA_UNAVAILABLE" "the bundle has no micromamba for $PLATFORM." "make the bundle on a $PLATFORM machine"
    # The pins the bundle's micromamba is checked against (check_bundle_micromamba_pin): without
    # them that check could not be made, so the run is refused as the download refuses it.
    load_pins || die "$EXIT_MICROMAMBA_UNAVAILABLE" "the pins file '$PINS_FILE' is missing." "use a complete envstrap checkout (a bundle's micromamba is checked against its micromamba.pins)"
    say "checking every file of the bundle against its SHA256SUMS"
    VERIFIED=$NEWLINE
    flat=no
    while read -r sum path; do
        [ -n "$sum" ] || continue
        case "$path" in /* | *..*) die "$EXIT_CREATE_FAILED" "the bundle lists an unsafe path '$path'." "make the bundle again" ;; esac
        actual=$(sha256_of "$BUNDLE/$path")
        if [ "$actual" != "$sum" ]; then
            die "$EXIT_CREATE_FAILED" "the bundle is damaged: '$path' has sha256 ${actual:-(missing)}, SHA256SUMS says $sum." "make the bundle again"
        fi
        VERIFIED=$VERIFIED$path$NEWLINE
        case "$path" in pkgs/*/*) ;; pkgs/*) flat=yes ;; esac
        [ "$path" != "micromamba/$PLATFORM/micromamba" ] || MICROMAMBA_SHA256=$actual
    done <"$BUNDLE/SHA256SUMS"
    for listed in lock.txt channels.txt "micromamba/$PLATFORM/micromamba"; do
        case "$VERIFIED" in *"$NEWLINE$listed$NEWLINE"*) continue ;; esac
        case "$listed" in
            micromamba/*) die "$EXIT_MICROMAMBA_UNAVAILABLE" "the bundle's micromamba is not listed in SHA256SUMS." "make the bundle again" ;;
            *) die "$EXIT_CREATE_FAILED" "the bundle's $listed is not listed in SHA256SUMS." "make the bundle again" ;;
        esac
    done
    if [ "$flat" = yes ]; then
        usage_error "'$BUNDLE' was made by an older envstrap: its packages lie flat in pkgs/, where micromamba 1.x cannot find them. Make the bundle again with this envstrap (envstrap.sh bundle ENV DIR)"
    fi
    MICROMAMBA_SOURCE="bundle: $BUNDLE"
    CHANNELS=''
    while IFS= read -r ch; do [ -z "$ch" ] || CHANNELS="$CHANNELS$ch$NEWLINE"; done <"$BUNDLE/channels.txt"
}

# The bundle's lock with every URL pointing at the bundle's own (verified) package files.
write_bundle_lock() {
    LOCK_FILE=$STATE_DIR/bundle-lock.txt
    base=file://$(printf '%s' "$BUNDLE" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g')
    while IFS= read -r line; do
        case "$line" in
            '' | '#'* | @EXPLICIT) printf '%s\n' "$line" ;;
            *)
                url=${line%%#*}
                name=${url##*/}
                case "$VERIFIED" in
                    *"${NEWLINE}pkgs/$PLATFORM/$name$NEWLINE"*) subdir=$PLATFORM ;;
                    *"${NEWLINE}pkgs/noarch/$name$NEWLINE"*) subdir=noarch ;;
                    *) die "$EXIT_CREATE_FAILED" "the bundle's lock names $name, which SHA256SUMS does not list." "make the bundle again" ;;
                esac
                printf '%s/pkgs/%s/%s#%s\n' "$base" "$subdir" "$name" "${line#*#}" ;;
        esac
    done <"$BUNDLE/lock.txt" >"$LOCK_FILE" || die "$EXIT_FAILED" "cannot write '$LOCK_FILE'."
}

# --bundle runs a private copy of the bundle's micromamba, made in a folder only this run made
# inside the target (as fetch_micromamba does) and hashed there, never the bundle's file itself
# (which others may be able to change).
copy_bundle_micromamba() {
    MM_PRIVATE=$(mktemp -d "$SCRATCH/micromamba.XXXXXX") ||
        die "$EXIT_FAILED" "cannot make a private folder in '$SCRATCH' (mktemp -d)."
    MICROMAMBA=$MM_PRIVATE/micromamba
    if ! { cp -- "$BUNDLED_MM" "$MICROMAMBA" && chmod 700 -- "$MICROMAMBA"; }; then
        die "$EXIT_FAILED" "cannot copy the bundle's micromamba into '$MM_PRIVATE'."
    fi
    actual=$(sha256_of "$MICROMAMBA")
    if [ "$actual" != "$MICROMAMBA_SHA256" ]; then
        die "$EXIT_MICROMAMBA_UNAVAILABLE" "the bundle's micromamba changed after it was checked (sha256 $actual, SHA256SUMS says $MICROMAMBA_SHA256)." "make sure nothing writes to the bundle, then run the same command again"
    fi
}

# A bundle's micromamba that says it is the version micromamba.pins pins must be the pinned build
# (the pins use_bundle loaded).
check_bundle_micromamba_pin() {
    [ "$MICROMAMBA_VERSION" = "${PIN_VERSION%%-*}" ] && [ -n "$PIN_SHA256" ] && [ "$PIN_SHA256" != - ] || return 0
    if [ "$MICROMAMBA_SHA256" != "$PIN_SHA256" ]; then
        die "$EXIT_MICROMAMBA_UNAVAILABLE" "the bundle's micromamba says it is $MICROMAMBA_VERSION, which micromamba.pins pins, but its sha256 $MICROMAMBA_SHA256 is not the pinned $PIN_SHA256." \
            "make the bundle again with the pinned micromamba, and check where this bundle came from"
    fi
    say "the bundle's micromamba is the pinned $MICROMAMBA_VERSION build"
}

hand_over() {
    set -f
    set -- "$TARGET/bin/python" -I -B -c "$STAGE1_BOOT" \
        "$STAGE1_SRC" finalize "$TARGET" --python "$PYTHON_VERSION" --pkgs-dir "$PKGS_DIR" \
        --micromamba-version "$MICROMAMBA_VERSION" --micromamba-sha256 "$MICROMAMBA_SHA256" \
        --micromamba-source "$MICROMAMBA_SOURCE" \
        --started "$STARTED"
    old_ifs=$IFS
    IFS=$NEWLINE
    for ch in $CHANNELS; do set -- "$@" --channel "$ch"; done
    for spec in $SPECS_WITH; do set -- "$@" --with "$spec"; done
    IFS=$old_ifs
    [ -z "$LOCK_FILE" ] || set -- "$@" --lock "$LOCK_FILE"
    [ -z "$BUNDLE" ] || set -- "$@" --bundle "$BUNDLE"
    [ "$OFFLINE" = no ] || set -- "$@" --offline
    set +f
    run_child "$@"
    status=$?
    check_complete "$status"
}

# "done" means complete: stage 1 must have written .envstrap/complete, whatever its exit code
# says; otherwise fail with its exit code (FINALIZE_FAILED if that was 0).
check_complete() {
    [ "$1" -eq 0 ] && [ -f "$STATE_DIR/complete" ] && return 0
    if [ "$1" -eq 0 ]; then
        die "$EXIT_FINALIZE_FAILED" "stage 1 ended with exit code 0, but '$STATE_DIR/complete' does not exist: the target is incomplete." "run the same command again"
    fi
    say "stage 1 failed (exit code $1): the target is incomplete."
    exit "$1"
}

# Make the target's missing parents, outermost first, then the target, each with a plain mkdir,
# and remember which ones this run's own mkdir made: only those are ever removed again (another
# run may be making the same folders at the same moment).
make_target() {
    set -f
    missing=
    dir=${TARGET%/*}
    while [ -n "$dir" ] && [ ! -d "$dir" ]; do
        missing=$dir$NEWLINE$missing
        dir=${dir%/*}
    done
    old_ifs=$IFS
    IFS=$NEWLINE
    for dir in $missing; do
        if mkdir -- "$dir" 2>/dev/null; then CREATED_PARENTS=$dir$NEWLINE$CREATED_PARENTS; fi
    done
    IFS=$old_ifs
    set +f
    if mkdir -- "$TARGET" 2>/dev/null; then CREATED_TARGET=yes; fi
}

# This machine's name for the run lock's owner file (uname -n), characters other than letters,
# digits, '.', '_' and '-' made '_'. Linux has it in a file: no process unless a character needs
# replacing.
host_name() {
    HOST_NAME=''
    if [ -r /proc/sys/kernel/hostname ]; then
        IFS= read -r HOST_NAME </proc/sys/kernel/hostname
    else
        HOST_NAME=$(uname -n 2>/dev/null)
    fi
    case "$HOST_NAME" in
        *[!A-Za-z0-9._-]*) HOST_NAME=$(printf '%s\n' "$HOST_NAME" | tr -c 'A-Za-z0-9._\n-' '_') ;;
    esac
    HOST_NAME=${HOST_NAME:-unknown}
}

# shellcheck disable=SC2317  # called from the traps below
on_signal() {
    trap - INT TERM
    [ -z "${CHILD:-}" ] || kill -TERM "$CHILD" 2>/dev/null
    [ -z "${CHILD:-}" ] || wait "$CHILD" 2>/dev/null
    [ -z "${MM_PRIVATE:-}" ] || rm -rf -- "$MM_PRIVATE"
    say "interrupted: '$TARGET' is left marked incomplete; run the same command again to resume."
    exit "$1"
}

# shellcheck disable=SC2317  # called from the EXIT trap
on_exit() {
    status=$?
    [ -z "${MM_PRIVATE:-}" ] || rm -rf -- "$MM_PRIVATE"
    [ "$LOCKED" = no ] || rm -rf -- "$STATE_DIR/run.lock"
    case "$status" in 0 | "$EXIT_INTERRUPTED" | "$EXIT_TERMINATED") return ;; esac
    # The target is removed only if this run's mkdir made it and the run held its lock: then no
    # other run was using it.
    if [ "$CREATED_TARGET" = yes ] && [ "$LOCKED" = yes ] && [ "$KEEP_FAILED" = no ]; then
        rm -rf -- "$TARGET"
        say "removed '$TARGET', which this run had created (--keep-failed keeps it for inspection)."
    else
        say "'$TARGET' is left marked incomplete; run the same command again to resume."
    fi
    [ "$KEEP_FAILED" = yes ] || remove_created_parents
}

# The parents this run's own mkdir made, innermost first, each with a plain rmdir: one that
# holds anything now (another run's environment, someone's file) stays, and so do its parents.
# shellcheck disable=SC2317  # called from on_exit
remove_created_parents() {
    set -f
    old_ifs=$IFS
    IFS=$NEWLINE
    for dir in $CREATED_PARENTS; do
        rmdir -- "$dir" 2>/dev/null || break
        say "removed '$dir', which this run had created (it was empty)."
    done
    IFS=$old_ifs
    set +f
}

main() {
    NEWLINE='
'
    TAB='	'
    MICROMAMBA_VERSION='' RESUMING=no CREATED_TARGET=no CREATED_PARENTS='' LOCKED=no CHILD='' PARTIAL='' MM_PRIVATE='' STATE_DIR='' MM_PIN=''
    case "$0" in */*) SCRIPT_DIR=${0%/*} ;; *) SCRIPT_DIR=. ;; esac  # dirname, no process
    SCRIPT_DIR=$(cd -P -- "${SCRIPT_DIR:-/}" 2>/dev/null && pwd -P)
    host_name
    SCRIPT_PATH=$SCRIPT_DIR/${0##*/}
    case "${1:-}" in doctor | bundle) stage1_command "$@" ;; esac
    parse_args "$@"
    check_clean_shell
    normalize "$TARGET"
    TARGET=$norm
    say "target: $TARGET"
    check_target
    resolve_channels
    if [ -n "$PKGS_DIR" ]; then normalize "$PKGS_DIR"; PKGS_DIR=$norm; else PKGS_DIR=$TARGET/pkgs; fi
    if [ -e "$PKGS_DIR" ] && [ ! -d "$PKGS_DIR" ]; then
        die "$EXIT_TARGET_REFUSED" "the package cache '$PKGS_DIR' exists and is not a folder." "choose another --pkgs-dir"
    fi
    if [ -n "$LOCK_FILE" ]; then
        normalize "$LOCK_FILE"
        LOCK_FILE=$norm
        grep -q '^@EXPLICIT' -- "$LOCK_FILE" 2>/dev/null ||
            usage_error "--lock '$LOCK_FILE' is not an explicit lock file (no @EXPLICIT line)"
    fi
    find_stage1
    if [ -n "$BUNDLE" ]; then use_bundle; else choose_micromamba; fi
    STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    trap 'on_signal "$EXIT_INTERRUPTED"' INT
    trap 'on_signal "$EXIT_TERMINATED"' TERM

    # Everything below writes; it starts only after every check above has passed.
    STATE_DIR=$TARGET/.envstrap
    ROOT_PREFIX=$STATE_DIR/micromamba-root
    SCRATCH=$STATE_DIR/tmp
    RC_FILE=$STATE_DIR/micromamba.yml
    trap on_exit EXIT
    [ -d "$TARGET" ] || make_target
    mkdir -p -- "$STATE_DIR" || die "$EXIT_TARGET_REFUSED" "cannot create '$STATE_DIR' (read-only or full disk?)."
    acquire_run_lock
    # Looked at again under the lock: another run may have made or finished the target since
    # check_target (its markers are then the truth, not what this run saw before).
    if [ -f "$STATE_DIR/complete" ]; then
        say "another envstrap run completed '$TARGET' meanwhile; nothing to do."
        exit "$EXIT_OK"
    fi
    [ ! -f "$STATE_DIR/incomplete" ] || RESUMING=yes
    mkdir -p -- "$ROOT_PREFIX" "$SCRATCH" "$TARGET/conda-meta" "$PKGS_DIR" ||
        die "$EXIT_TARGET_REFUSED" "cannot create folders in '$TARGET' or '$PKGS_DIR' (read-only or full disk?)."
    if [ "$RESUMING" = yes ]; then
        say "resuming the incomplete environment in '$TARGET'"
    else
        echo "envstrap $ENVSTRAP_VERSION started $STARTED; this environment is incomplete until .envstrap/complete exists" \
            >"$STATE_DIR/incomplete" || die "$EXIT_FAILED" "cannot write in '$STATE_DIR' (read-only or full disk?)."
    fi
    [ -n "$BUNDLE" ] && write_bundle_lock
    if [ -n "$STAGE1_SHA256" ]; then
        STAGE1_SRC=$STATE_DIR/stage1.pyz  # kept: doctor runs from the environment alone
        write_stage1 "$STAGE1_SRC"
    fi
    fetch_micromamba
    [ -z "$BUNDLE" ] || copy_bundle_micromamba
    [ -n "$MICROMAMBA_VERSION" ] || check_micromamba_runs
    [ -z "$BUNDLE" ] || check_bundle_micromamba_pin
    # micromamba `install` into a prepared prefix: `create` would register the environment in the
    # home folder and may delete an existing prefix (docs/design/micromamba.md).
    [ -f "$TARGET/conda-meta/history" ] || : >"$TARGET/conda-meta/history"
    write_micromamba_rc
    create_environment
    hand_over
    # envstrap's own scratch, made by this run, and the run's lock last (one process for all)
    rm -rf -- "$SCRATCH" "$ROOT_PREFIX" "$RC_FILE" "$STATE_DIR/run.lock"
    LOCKED=no MM_PRIVATE=''
    say "done. Activate with:"
    say "  . '$TARGET/activate'            (sh, dash, bash, zsh, ksh)"
    say "  source '$TARGET/activate.fish'  (fish)"
    exit "$EXIT_OK"
}

exec 3>&2
main "$@"
