"""Stage 1 as one zipapp file, so that an environment keeps the stage 1 that made it.

tools/build.py puts this zipapp (in base64) into the single files of dist/, which write it to
TARGET/.envstrap/stage1.pyz; when stage 1 runs from a source folder instead (a checkout),
`finalize` writes the same file itself. Then `TARGET/bin/python -I TARGET/.envstrap/stage1.pyz
doctor TARGET` works with no envstrap file around. Fixed order, times and modes: the same
sources give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from envstrap.fsutil import write_atomic

# The zipapp's own entry point (`python stage1.pyz doctor TARGET`).
ZIPAPP_MAIN = b"import sys\n\nfrom envstrap.cli import main\n\nsys.exit(main())\n"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PACKAGE_DIR = Path(__file__).resolve().parent


def package_files(package_dir: Path = PACKAGE_DIR) -> list[tuple[str, bytes]]:
    """Every file of the envstrap package (code and shell templates), sorted by name."""
    found = []
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            name = f"envstrap/{path.relative_to(package_dir).as_posix()}"
            found.append((name, path.read_bytes()))
    return found


def build_zipapp(package_dir: Path = PACKAGE_DIR) -> bytes:
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
