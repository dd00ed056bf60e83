"""Reading the environment's files the way a crafted folder cannot abuse.

doctor is run on folders that may not be what they claim: a manifest may be a FIFO (reading
would wait forever), a device such as /dev/zero (reading would never end), or a huge file. Only
regular files are read, at most MAX_BYTES of them, and a FIFO is opened without waiting for a
writer. JSON nested deeper than Python's recursion limit is "unreadable", not a crash.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # far above any real manifest, lock or package record
# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Unreadable(Exception):
    """The file is missing, not a regular file, too large, or not valid text/JSON."""


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise Unreadable(f"{path}: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Unreadable(f"{path} is not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable(f"{path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable(f"{path} is larger than {limit} bytes")
    return data


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    return read_bytes(path, limit).decode("utf-8", errors="replace")


def read_json(path: Path, limit: int = MAX_BYTES) -> object:
    try:
        return json.loads(read_bytes(path, limit).decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise Unreadable(f"{path} is not valid JSON") from exc


def read_manifest(path: Path) -> dict:
    """The manifest's fields, or {} when it is missing or unreadable. The one reader of it:
    doctor.run_checks reads it once and passes it along in Context.manifest; bundle reads it
    here too."""
    try:
        data = read_json(path)
    except Unreadable:
        return {}
    return data if isinstance(data, dict) else {}
