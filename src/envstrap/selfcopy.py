"""Stage 1 as one zipapp file, so that an environment keeps the stage 1 that made it.

tools/build.py puts this zipapp (in base64) into the single files of dist/, which write it to
TARGET/.envstrap/stage1.pyz; when stage 1 runs from a source folder instead (a checkout),
`finalize` writes the same file itself. Then `TARGET/bin/python -I TARGET/.envstrap/stage1.pyz
doctor TARGET` works with no envstrap file around. Fixed order, times and modes: the same
sources give the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from envstrap.fsutil import write_atomic

# The zipapp's own entry point (`python stage1.pyz doctor TARGET`).
ZIPAPP_MAIN = b"import sys\n\nfrom envstrap.cli import main\n\nsys.exit(main())\n"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PACKAGE_DIR = Path(__file__).resolve().parent


def package_files(package_dir: Path = PACKAGE_DIR) -> list[tuple[str, bytes]]:
    """Every file of the envstrap package (code and shell templates), in the order paths sort
    (folder by folder; case ignored on Windows)."""
    found = []
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.splitext(name)[1] != ".pyc" and os.path.isfile(path):
                found.append(os.path.relpath(path, package_dir).split(os.sep))
    found.sort(key=lambda parts: [os.path.normcase(part) for part in parts])
    result = []
    for parts in found:
        with open(os.path.join(package_dir, *parts), "rb") as handle:
            result.append(("envstrap/" + "/".join(parts), handle.read()))
    return result


def build_zipapp(package_dir: Path = PACKAGE_DIR) -> bytes:
    import io
    import zipfile  # only a source checkout builds one; a zipped stage 1 has it already

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in [("__main__.py", ZIPAPP_MAIN), *package_files(package_dir)]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()


def keep_stage1(destination: Path) -> None:
    """Write the running stage 1 to `destination`, unless it runs from a zipapp (then stage 0
    wrote that file already, checked against the checksum built into the single file)."""
    if PACKAGE_DIR.is_dir():
        write_atomic(destination, build_zipapp())
