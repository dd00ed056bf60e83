"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temporary sibling, fsync, then rename over the destination."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: Path, text: str, *, newline: str = "\n", bom: bool = False) -> None:
    data = text.replace("\n", newline).encode("utf-8")
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + data)
