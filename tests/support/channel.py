"""Build a real, local conda channel of TEST STAND-IN packages for the test suite.

Everything this module builds is a TEST STAND-IN made on and for THIS machine. None of it
is a real conda-forge package, and none of it should ever leave the test suite:

* ``python`` is a copy of the interpreter running the tests (a self-contained, shared-library
  CPython build such as pyenv's, found at ``sys.base_prefix``), trimmed and made relocatable
  with patchelf. It still loads this machine's system libraries (libssl, libsqlite3, libffi,
  libc), so it only works on machines like the one that built it.
* ``conda`` is a small stdlib-only Python script that answers ``--version``, ``info --base``
  and ``info --json`` the way the real conda would, and records every other call.
* ``mamba`` is a POSIX sh script (the real mamba 2.x is a C++ binary) that answers
  ``--version``, ``info`` and ``list``, and records every other call.
* ``envstrap-test-hooks`` ships activate.d/deactivate.d scripts for sh, fish, cmd.exe and
  PowerShell that set and unset ``ENVSTRAP_TEST_HOOK`` and ``ENVSTRAP_TEST_HOOK_PREFIX``.

The packages themselves are genuine conda packages (v1 ``.tar.bz2`` with ``info/index.json``,
``info/files``, ``info/paths.json`` and ``info/has_prefix``) listed in genuine ``repodata.json``
files, so real installers (py-rattler, micromamba, conda) can solve and install them, with
prefix placeholders replaced at install time.

The conda and mamba stand-ins append one line per recorded call to
``<prefix>/conda-meta/standin-calls.log``: the full argv (argv[0] as invoked) as a JSON list.

Notes for users of this channel:

* micromamba adds ``pip`` as a dependency of ``python`` by default and this channel has no
  ``pip`` package; py-rattler's ``solve`` does not do that (``add_pip_as_python_dependency``
  defaults to False).
* No virtual packages (``__glibc`` ...) are required by any record.

Only the standard library is used, plus the ``patchelf`` program (required) and ``strip``
(optional: when present, debug info is dropped from the copied ELF files to keep the
package small and quick to compress).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import py_compile
import shutil
import stat
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from pathlib import Path

__all__ = [
    "CONDA_VERSION",
    "HOOKS_PACKAGE",
    "MAMBA_VERSION",
    "PLACEHOLDER",
    "PYTHON_VERSION",
    "build_channel",
    "cached_channel",
]

PYTHON_VERSION = platform.python_version()
CONDA_VERSION = "26.3.2"
MAMBA_VERSION = "2.5.0"
HOOKS_PACKAGE = "envstrap-test-hooks"
HOOKS_VERSION = "1.0"
BUILD_STRING = "h_envstrap_0"

# Like conda-build's long placeholder: 255 characters, longer than any real target prefix.
PLACEHOLDER = ("/opt/envstrap_placeholder_prefix" + "_placehold" * 30)[:255]

_BZ2_LEVEL = 1  # bz2 speed hardly depends on the level; level 1 uses the least memory
_CACHE_STALE_SECONDS = 3600
_REPO_ROOT = Path(__file__).resolve().parents[2]

# Parts of the standard library left out of the python package (paths relative to
# lib/pythonX.Y). Any folder called __pycache__ is dropped as well.
_STDLIB_EXCLUDED_DIRS = frozenset(
    {
        "test",
        "idlelib",
        "tkinter",
        "turtledemo",
        "lib2to3/tests",
        "ctypes/test",
        "distutils/tests",
        "unittest/test",
        "site-packages",  # recreated empty, with a README
    }
)
_STDLIB_EXCLUDED_SUFFIXES = (".a",)  # config-X.Y-*/libpythonX.Y.a: a 45 MB static library


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def build_channel(dest: Path) -> Path:
    """Build the whole channel into ``dest`` (created if needed) and return ``dest``."""
    dest = Path(dest)
    timestamp_ms = int(time.time() * 1000)
    subdirs: dict[str, dict[str, dict]] = {"linux-64": {}, "noarch": {}}
    for subdir in subdirs:
        (dest / subdir).mkdir(parents=True, exist_ok=True)

    builders = (_stage_python, _stage_pip, _stage_conda, _stage_mamba, _stage_hooks)
    for stage in builders:
        with tempfile.TemporaryDirectory(prefix="envstrap-pkg-") as tmp:
            staging = Path(tmp) / "root"
            staging.mkdir()
            meta = stage(staging)
            filename, record = _write_package(staging, dest / meta["subdir"], meta, timestamp_ms)
            subdirs[meta["subdir"]][filename] = record

    for subdir, packages in subdirs.items():
        repodata = {
            "info": {"subdir": subdir},
            "packages": dict(sorted(packages.items())),
            "packages.conda": {},
            "repodata_version": 1,
        }
        (dest / subdir / "repodata.json").write_text(
            json.dumps(repodata, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return dest


def cached_channel() -> Path:
    """Return a channel built once for this module's source and this interpreter.

    It lives in ``tests/.cache/channel-<key>`` (git-ignored). It is built in a temporary
    sibling folder and renamed into place, so an interrupted or concurrent build never
    leaves a half-built channel under the final name.
    """
    cache_root = _REPO_ROOT / "tests" / ".cache"
    final = cache_root / f"channel-{_cache_key()}"
    if (final / "noarch" / "repodata.json").is_file():
        return final
    cache_root.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_dirs(cache_root)
    tmp = Path(tempfile.mkdtemp(prefix=".channel-tmp-", dir=cache_root))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private
        build_channel(tmp)
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first (the target exists and is not empty).
            if not (final / "noarch" / "repodata.json").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


# --------------------------------------------------------------------------------------------
# Cache helpers
# --------------------------------------------------------------------------------------------


def _cache_key() -> str:
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(b"\0" + sys.base_prefix.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + sys.version.encode("utf-8"))
    return digest.hexdigest()[:16]


def _remove_stale_temp_dirs(cache_root: Path) -> None:
    """Drop abandoned builds and channels of older versions of this module (about 9 MB each)."""
    now = time.time()
    current = f"channel-{_cache_key()}"
    stale = [e for e in cache_root.glob("channel-*") if e.name != current]
    for entry in [*cache_root.glob(".channel-tmp-*"), *stale]:
        try:
            if now - entry.stat().st_mtime > _CACHE_STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# Package writing
# --------------------------------------------------------------------------------------------


def _sha256_md5_size(path: Path) -> tuple[str, str, int]:
    sha256 = hashlib.sha256()
    md5 = hashlib.md5()
    size = 0
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            sha256.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return sha256.hexdigest(), md5.hexdigest(), size


def _staged_files(staging: Path) -> list[str]:
    """All files and symlinks below ``staging`` (no directories), as sorted posix paths."""
    found = []
    for root, dirs, files in os.walk(staging):
        base = Path(root)
        for name in dirs:
            if (base / name).is_symlink():
                found.append((base / name).relative_to(staging).as_posix())
        for name in files:
            found.append((base / name).relative_to(staging).as_posix())
    return sorted(found)


def _paths_entry(staging: Path, rel: str) -> dict:
    path = staging / rel
    if path.is_symlink():
        entry: dict = {"_path": rel, "path_type": "softlink"}
        target = path.resolve()
        if target.is_file():
            sha256, _md5, size = _sha256_md5_size(target)
        else:
            data = os.readlink(path).encode()
            sha256, size = hashlib.sha256(data).hexdigest(), len(data)
        entry.update(sha256=sha256, size_in_bytes=size)
        return entry
    sha256, _md5, size = _sha256_md5_size(path)
    entry = {"_path": rel, "path_type": "hardlink", "sha256": sha256, "size_in_bytes": size}
    data = path.read_bytes()
    if PLACEHOLDER.encode() in data:
        if b"\0" in data:
            raise ValueError(f"binary file with a placeholder is not supported: {rel}")
        entry.update(prefix_placeholder=PLACEHOLDER, file_mode="text")
    return entry


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    info.mtime = mtime
    info.uname = info.gname = "root"
    tar.addfile(info, io.BytesIO(data))


def _write_package(staging: Path, out_dir: Path, meta: dict, timestamp_ms: int) -> tuple[str, dict]:
    """Pack ``staging`` as a conda v1 package into ``out_dir``; return (filename, record)."""
    name, version = meta["name"], meta["version"]
    filename = f"{name}-{version}-{BUILD_STRING}.tar.bz2"
    files = _staged_files(staging)
    paths = [_paths_entry(staging, rel) for rel in files]
    has_prefix = [
        f"{entry['prefix_placeholder']} text {entry['_path']}"
        for entry in paths
        if "prefix_placeholder" in entry
    ]
    index = {
        "arch": "x86_64" if meta["subdir"] == "linux-64" else None,
        "build": BUILD_STRING,
        "build_number": 0,
        "depends": list(meta.get("depends", [])),
        "license": meta["license"],
        "name": name,
        "platform": "linux" if meta["subdir"] == "linux-64" else None,
        "subdir": meta["subdir"],
        "timestamp": timestamp_ms,
        "version": version,
    }
    if meta.get("noarch"):
        index["noarch"] = meta["noarch"]
    about = {
        "summary": f"TEST STAND-IN {name} built by envstrap's tests/support/channel.py "
        "for this machine only; not a real conda-forge package.",
        "license": meta["license"],
    }
    info_files = {
        "info/index.json": json.dumps(index, indent=2, sort_keys=True) + "\n",
        "info/about.json": json.dumps(about, indent=2, sort_keys=True) + "\n",
        "info/files": "".join(f + "\n" for f in files),
        "info/paths.json": json.dumps({"paths": paths, "paths_version": 1}, indent=2) + "\n",
    }
    if meta.get("link"):
        info_files["info/link.json"] = json.dumps(meta["link"], indent=2) + "\n"
    if has_prefix:
        info_files["info/has_prefix"] = "".join(line + "\n" for line in has_prefix)

    mtime = timestamp_ms // 1000
    target = out_dir / filename
    with tarfile.open(
        target, mode="w:bz2", compresslevel=_BZ2_LEVEL, format=tarfile.PAX_FORMAT
    ) as tar:
        for info_name, text in info_files.items():
            _add_bytes(tar, info_name, text.encode("utf-8"), mtime)
        for rel in files:
            path = staging / rel
            info = tar.gettarinfo(str(path), arcname=rel)
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if info.isreg():
                with open(path, "rb") as stream:
                    tar.addfile(info, stream)
            else:
                tar.addfile(info)

    sha256, md5, size = _sha256_md5_size(target)
    record = {
        "build": BUILD_STRING,
        "build_number": 0,
        "depends": index["depends"],
        "license": meta["license"],
        "md5": md5,
        "name": name,
        "sha256": sha256,
        "size": size,
        "subdir": meta["subdir"],
        "timestamp": timestamp_ms,
        "version": version,
    }
    if meta.get("noarch"):
        record["noarch"] = meta["noarch"]
    return filename, record


def _write(path: Path, text: str, mode: int = 0o644, newline: str = "\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    path.chmod(mode)


# --------------------------------------------------------------------------------------------
# python
# --------------------------------------------------------------------------------------------


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as stream:
        return stream.read(4) == b"\x7fELF"


def _stdlib_ignore(stdlib: Path):
    def ignore(directory: str, names: list[str]) -> set[str]:
        rel = Path(directory).relative_to(stdlib)
        dropped = set()
        for name in names:
            rel_name = (rel / name).as_posix()
            if (
                name == "__pycache__"
                or rel_name in _STDLIB_EXCLUDED_DIRS
                or name.endswith(_STDLIB_EXCLUDED_SUFFIXES)
            ):
                dropped.add(name)
        return dropped

    return ignore


def _patchelf(rpath: str, files: list[Path]) -> None:
    if not files:
        return
    patchelf = shutil.which("patchelf")
    if patchelf is None:
        raise RuntimeError("patchelf is required to build the test python package")
    subprocess.run([patchelf, "--set-rpath", rpath, *map(str, files)], check=True)


def _strip_debug(files: list[Path]) -> None:
    strip = shutil.which("strip")
    if strip is None or not files:
        return
    subprocess.run([strip, "--strip-debug", *map(str, files)], check=True)


def _stage_python(staging: Path) -> dict:
    base = Path(sys.base_prefix)
    if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        raise RuntimeError(f"{base} is not a shared-library (--enable-shared) python build")
    ldversion = sysconfig.get_config_var("LDVERSION") or "{}.{}".format(*sys.version_info[:2])
    exe_name = f"python{ldversion}"
    stdlib = Path(sysconfig.get_paths(vars={"installed_base": str(base)})["stdlib"])
    stdlib_rel = stdlib.relative_to(base)

    bin_dir = staging / "bin"
    lib_dir = staging / "lib"
    bin_dir.mkdir()
    lib_dir.mkdir()
    shutil.copy2(base / "bin" / exe_name, bin_dir / exe_name)
    for link in ("python3", "python"):
        os.symlink(exe_name, bin_dir / link)
    config = base / "bin" / f"{exe_name}-config"
    if config.is_file():
        shutil.copy2(config, bin_dir / config.name)
        for link in ("python3-config", "python-config"):
            os.symlink(config.name, bin_dir / link)

    for lib in sorted((base / "lib").glob("libpython3*.so*")):
        if lib.is_symlink():
            os.symlink(os.readlink(lib), lib_dir / lib.name)
        else:
            shutil.copy2(lib, lib_dir / lib.name)
    pkgconfig = base / "lib" / "pkgconfig"
    if pkgconfig.is_dir():
        shutil.copytree(pkgconfig, lib_dir / "pkgconfig", symlinks=True)

    shutil.copytree(stdlib, staging / stdlib_rel, symlinks=True, ignore=_stdlib_ignore(stdlib))
    # Bytecode for the stdlib, as conda-forge's python package ships it; unchecked-hash .pyc files
    # stay valid whatever mtimes the installer gives the sources. Without them every start
    # compiles each imported module and measurements (bench/) say nothing about real envs.
    import compileall

    compileall.compile_dir(staging / stdlib_rel, quiet=2, workers=0,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                           ddir=str(stdlib), legacy=False)
    _write(
        staging / stdlib_rel / "site-packages" / "README",
        "This directory exists so that installed packages have a site-packages.\n"
        "(envstrap TEST STAND-IN python package.)\n",
    )

    # ELF fix-ups: optional debug-info strip, then relocatable RUNPATHs.
    exe = bin_dir / exe_name
    libs = [p for p in sorted(lib_dir.glob("libpython3*.so*")) if not p.is_symlink()]
    dynload = sorted(p for p in (staging / stdlib_rel / "lib-dynload").glob("*.so"))
    _strip_debug([exe, *libs, *dynload])
    _patchelf("$ORIGIN/../lib", [exe])
    _patchelf("$ORIGIN", libs)
    _patchelf("$ORIGIN/../..", dynload)

    # Text files that embed the build prefix get the placeholder; binaries are left alone
    # (the interpreter finds its prefix from its own location at run time).
    old = str(base).encode()
    for rel in _staged_files(staging):
        path = staging / rel
        if path.is_symlink():
            continue
        data = path.read_bytes()
        if old in data and b"\0" not in data:
            mode = stat.S_IMODE(path.stat().st_mode)
            path.write_bytes(data.replace(old, PLACEHOLDER.encode()))
            path.chmod(mode)
            # Its bytecode holds the build prefix and is not rewritten at install: drop it, so
            # Python reads the source, which the installer does rewrite.
            if path.suffix == ".py":
                for pyc in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
                    pyc.unlink()

    return {
        "name": "python",
        "version": PYTHON_VERSION,
        "subdir": "linux-64",
        "license": "PSF-2.0",
        "depends": [],
    }


# --------------------------------------------------------------------------------------------
# conda stand-in
# --------------------------------------------------------------------------------------------

_CONDA_SCRIPT = r"""#!@PLACEHOLDER@/bin/python
# TEST STAND-IN for conda @CONDA_VERSION@, written by envstrap's tests/support/channel.py.
# This is NOT conda. It answers --version, info --base and info --json like conda would,
# and records every other call in <prefix>/conda-meta/standin-calls.log (argv as JSON).
import json
import os
import re
import stat
import sys

VERSION = "@CONDA_VERSION@"
PREFIX = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))

# conda.base.constants.SEARCH_PATH (non-Windows), in conda's order.
SEARCH_PATH = (
    "/etc/conda/.condarc",
    "/etc/conda/condarc",
    "/etc/conda/condarc.d/",
    "/var/lib/conda/.condarc",
    "/var/lib/conda/condarc",
    "/var/lib/conda/condarc.d/",
    "$CONDA_ROOT/.condarc",
    "$CONDA_ROOT/condarc",
    "$CONDA_ROOT/condarc.d/",
    "$XDG_CONFIG_HOME/conda/.condarc",
    "$XDG_CONFIG_HOME/conda/condarc",
    "$XDG_CONFIG_HOME/conda/condarc.d/",
    "~/.config/conda/.condarc",
    "~/.config/conda/condarc",
    "~/.config/conda/condarc.d/",
    "~/.conda/.condarc",
    "~/.conda/condarc",
    "~/.conda/condarc.d/",
    "~/.condarc",
    "$CONDA_PREFIX/.condarc",
    "$CONDA_PREFIX/condarc",
    "$CONDA_PREFIX/condarc.d/",
    "$CONDARC",
)
_VAR = re.compile(
    r"\$(?P<named>[_a-z][_a-z0-9]*)|\$\{(?P<braced>[_a-z][_a-z0-9]*)\}|%(?P<padded>[_a-z][_a-z0-9]*)%",
    re.IGNORECASE | re.ASCII,
)


def expand(template, mapping):
    # Like conda.common.configuration.custom_expandvars: unknown variables stay as written.
    def convert(match):
        name = match.group("named") or match.group("braced") or match.group("padded")
        return str(mapping[name]) if name in mapping else match.group()

    return _VAR.sub(convert, template)


def target_prefix(args):
    for i, arg in enumerate(args):
        if arg in ("-p", "--prefix") and i + 1 < len(args):
            return os.path.abspath(os.path.expanduser(args[i + 1]))
        if arg.startswith("--prefix="):
            return os.path.abspath(os.path.expanduser(arg.split("=", 1)[1]))
    return os.environ.get("CONDA_PREFIX") or PREFIX


def rc_files(args):
    # conda.common.configuration.Configuration._expand_search_path, then unique().
    mapping = dict(os.environ)
    mapping.setdefault("CONDA_ROOT", sys.prefix)  # conda/__init__.py does this
    mapping["CONDA_PREFIX"] = target_prefix(args)
    found = []
    for template in SEARCH_PATH:
        path = os.path.expanduser(expand(template, mapping))
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue
        name = os.path.basename(path)
        if stat.S_ISREG(mode) and (
            name in (".condarc", "condarc") or os.path.splitext(name)[1] in (".yml", ".yaml")
        ):
            found.append(path)
        elif stat.S_ISDIR(mode):
            try:
                entries = sorted(os.scandir(path), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_file() and os.path.splitext(entry.name)[1] in (".yml", ".yaml"):
                    found.append(entry.path)
    unique = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def info_json(args):
    return {
        "conda_version": VERSION,
        "standin": True,
        "root_prefix": PREFIX,
        "sys_prefix": sys.prefix,
        "python_executable": sys.executable,
        "argv": sys.argv,
        "env": {
            key: os.environ.get(key)
            for key in ("CONDARC", "MAMBARC", "CONDA_PREFIX", "PYTHONNOUSERSITE", "CONDA_PKGS_DIRS")
        },
        "rc_files": rc_files(args),
    }


def record_call():
    meta = os.path.join(PREFIX, "conda-meta")
    os.makedirs(meta, exist_ok=True)
    with open(os.path.join(meta, "standin-calls.log"), "a", encoding="utf-8") as log:
        log.write(json.dumps(sys.argv) + "\n")


def main(args):
    if args and args[0] in ("--version", "-V"):
        print("conda " + VERSION)
        return 0
    if args and args[0] == "info":
        if "--json" in args:
            print(json.dumps(info_json(args[1:]), indent=2))
        elif "--base" in args:
            print(PREFIX)
        else:
            print("     active environment : " + str(os.environ.get("CONDA_DEFAULT_ENV")))
            print("       base environment : " + PREFIX)
            print("          conda version : " + VERSION + " (test stand-in)")
            print("      user config files : " + " ".join(rc_files(args[1:])))
        return 0
    record_call()
    print("conda stand-in: " + " ".join(args) + " in " + PREFIX)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
"""

_CONDA_SH = """\
# TEST STAND-IN for conda's etc/profile.d/conda.sh (envstrap tests/support/channel.py).
# The real file defines the conda shell function; this one only keeps the layout.
"""


def _stage_conda(staging: Path) -> dict:
    script = _CONDA_SCRIPT.replace("@PLACEHOLDER@", PLACEHOLDER).replace(
        "@CONDA_VERSION@", CONDA_VERSION
    )
    _write(staging / "bin" / "conda", script, 0o755)
    _write(staging / "condabin" / "conda", script, 0o755)
    _write(staging / "etc" / "profile.d" / "conda.sh", _CONDA_SH)
    return {
        "name": "conda",
        "version": CONDA_VERSION,
        "subdir": "linux-64",
        "license": "MIT",
        "depends": ["python"],
    }


# --------------------------------------------------------------------------------------------
# mamba stand-in
# --------------------------------------------------------------------------------------------

_MAMBA_SCRIPT = r"""#!/bin/sh
# TEST STAND-IN for mamba @MAMBA_VERSION@, written by envstrap's tests/support/channel.py.
# This is NOT mamba (the real mamba 2.x is a C++ binary). It answers --version, info and
# list, and records every other call in <prefix>/conda-meta/standin-calls.log (argv as JSON).
_self=$0
while [ -L "$_self" ]; do
    _link=$(readlink -- "$_self")
    case $_link in
        /*) _self=$_link ;;
        *) _self=$(dirname -- "$_self")/$_link ;;
    esac
done
PREFIX=$(CDPATH='' cd -- "$(dirname -- "$_self")/.." && pwd -P) || exit 1

case ${1-} in
    --version|-V)
        echo "@MAMBA_VERSION@"
        ;;
    info)
        echo "mamba version : @MAMBA_VERSION@ (test stand-in)"
        echo "base environment : $PREFIX"
        echo "MAMBA_ROOT_PREFIX : ${MAMBA_ROOT_PREFIX-unset}"
        # The rc files mamba would read. As in libmamba: when MAMBARC or CONDARC is set, only
        # those files; otherwise the default search, lowest precedence first (see
        # docs/design/micromamba.md, "Configuration files").
        if [ -n "${MAMBARC-}${CONDARC-}" ]; then
            set -- ${CONDARC:+"$CONDARC"} ${MAMBARC:+"$MAMBARC"}
            [ "${CONDARC-}" = "${MAMBARC-}" ] && set -- "$1"
        else
            _root=${MAMBA_ROOT_PREFIX:-$PREFIX}
            _cfg=${XDG_CONFIG_HOME:-$HOME/.config}
            set -- /etc/conda/.condarc /etc/conda/condarc /etc/conda/.mambarc \
                "$_root/.condarc" "$_root/condarc" "$_root/.mambarc" \
                "$_cfg/conda/.condarc" "$_cfg/conda/condarc" "$HOME/.conda/.condarc" \
                "$HOME/.conda/condarc" "$HOME/.condarc" \
                "$_cfg/mamba/.mambarc" "$_cfg/mamba/mambarc" "$HOME/.mamba/.mambarc" \
                "$HOME/.mambarc" "${CONDA_PREFIX:-$_root}/.condarc"
        fi
        for _rc in "$@"; do
            [ -f "$_rc" ] && echo "rc file : $_rc"
        done
        ;;
    list)
        for _f in "$PREFIX"/conda-meta/*.json; do
            [ -f "$_f" ] || continue
            _f=${_f##*/}
            echo "${_f%.json}"
        done
        ;;
    *)
        mkdir -p "$PREFIX/conda-meta" || exit 1
        awk '
        function esc(s,    out, i, c) {
            out = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c == "\\") out = out "\\\\"
                else if (c == "\"") out = out "\\\""
                else if (c == "\n") out = out "\\n"
                else if (c == "\r") out = out "\\r"
                else if (c == "\t") out = out "\\t"
                else out = out c
            }
            return out
        }
        BEGIN {
            line = "["
            for (i = 1; i < ARGC; i++) line = line (i > 1 ? ", " : "") "\"" esc(ARGV[i]) "\""
            print line "]"
        }' "$0" "$@" >>"$PREFIX/conda-meta/standin-calls.log" || exit 1
        IFS=' '
        echo "mamba stand-in: $* in $PREFIX"
        ;;
esac
exit 0
"""

_MAMBA_SH = """\
# TEST STAND-IN for mamba's etc/profile.d/mamba.sh (envstrap tests/support/channel.py).
# The real file defines the mamba shell function; this one only keeps the layout.
"""


def _stage_mamba(staging: Path) -> dict:
    script = _MAMBA_SCRIPT.replace("@MAMBA_VERSION@", MAMBA_VERSION)
    _write(staging / "bin" / "mamba", script, 0o755)
    (staging / "condabin").mkdir()
    os.symlink("../bin/mamba", staging / "condabin" / "mamba")
    _write(staging / "etc" / "profile.d" / "mamba.sh", _MAMBA_SH)
    return {
        "name": "mamba",
        "version": MAMBA_VERSION,
        "subdir": "linux-64",
        "license": "MIT",
        "depends": [],
    }


# --------------------------------------------------------------------------------------------
# activation hooks
# --------------------------------------------------------------------------------------------

_HOOK_HEADER = "envstrap TEST STAND-IN activation hook (tests/support/channel.py)"
_HOOKS = {
    ("activate.d", "sh"): (
        f"# {_HOOK_HEADER}\n"
        "export ENVSTRAP_TEST_HOOK=active\n"
        'export ENVSTRAP_TEST_HOOK_PREFIX="$CONDA_PREFIX"\n'
    ),
    ("deactivate.d", "sh"): (
        f"# {_HOOK_HEADER}\nunset ENVSTRAP_TEST_HOOK\nunset ENVSTRAP_TEST_HOOK_PREFIX\n"
    ),
    ("activate.d", "fish"): (
        f"# {_HOOK_HEADER}\n"
        "set -gx ENVSTRAP_TEST_HOOK active\n"
        'set -gx ENVSTRAP_TEST_HOOK_PREFIX "$CONDA_PREFIX"\n'
    ),
    ("deactivate.d", "fish"): (
        f"# {_HOOK_HEADER}\nset -e ENVSTRAP_TEST_HOOK\nset -e ENVSTRAP_TEST_HOOK_PREFIX\n"
    ),
    ("activate.d", "bat"): (
        f"@REM {_HOOK_HEADER}\n"
        '@set "ENVSTRAP_TEST_HOOK=active"\n'
        '@set "ENVSTRAP_TEST_HOOK_PREFIX=%CONDA_PREFIX%"\n'
    ),
    ("deactivate.d", "bat"): (
        f'@REM {_HOOK_HEADER}\n@set "ENVSTRAP_TEST_HOOK="\n@set "ENVSTRAP_TEST_HOOK_PREFIX="\n'
    ),
    ("activate.d", "ps1"): (
        f"# {_HOOK_HEADER}\n"
        "$Env:ENVSTRAP_TEST_HOOK = 'active'\n"
        "$Env:ENVSTRAP_TEST_HOOK_PREFIX = $Env:CONDA_PREFIX\n"
    ),
    ("deactivate.d", "ps1"): (
        f"# {_HOOK_HEADER}\n"
        "Remove-Item Env:ENVSTRAP_TEST_HOOK -ErrorAction SilentlyContinue\n"
        "Remove-Item Env:ENVSTRAP_TEST_HOOK_PREFIX -ErrorAction SilentlyContinue\n"
    ),
}


def _stage_pip(staging: Path) -> dict:
    """``pip`` as a ``noarch: python`` package, from the running interpreter's own pip.

    micromamba adds pip to every python it installs (add_pip_as_python_dependency;
    docs/design/micromamba.md),
    so a channel without pip cannot solve ``python`` there.
    """
    import pip

    source = Path(pip.__file__).parent
    dist_info = next(source.parent.glob(f"pip-{pip.__version__}.dist-info"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "RECORD", "INSTALLER", "REQUESTED",
                                    "direct_url.json")
    shutil.copytree(source, staging / "site-packages" / "pip", ignore=ignore)
    shutil.copytree(dist_info, staging / "site-packages" / dist_info.name, ignore=ignore)
    return {
        "name": "pip",
        "version": pip.__version__,
        "subdir": "noarch",
        "noarch": "python",
        "license": "MIT",
        "depends": ["python >=3.7"],
        "link": {
            "noarch": {"type": "python",
                       "entry_points": ["pip = pip._internal.cli.main:main",
                                        "pip3 = pip._internal.cli.main:main"]},
            "package_metadata_version": 1,
        },
    }


def _stage_hooks(staging: Path) -> dict:
    for (folder, ext), text in _HOOKS.items():
        newline = "\r\n" if ext == "bat" else "\n"
        path = staging / "etc" / "conda" / folder / f"{HOOKS_PACKAGE}.{ext}"
        _write(path, text, newline=newline)
    return {
        "name": HOOKS_PACKAGE,
        "version": HOOKS_VERSION,
        "subdir": "noarch",
        "noarch": "generic",
        "license": "MIT",
        "depends": [],
    }
