"""TEST STAND-IN for micromamba, the implementation behind tests/standins/micromamba.py (its
docstring says what is implemented and what is not). It is NOT micromamba.

Modules: ``output`` (messages, errors, exit codes), ``config`` (paths, rc files, prefixes),
``cli`` (the command line and main), ``install`` (solve, link, history, registration).
"""

from __future__ import annotations

import os

# The micromamba release this stand-in mimics: 2.3.3 unless the launcher asks for another one
# (write_launcher(version=...)); a 1.x version switches on the 1.x behaviours.
VERSION = os.environ.get("MICROMAMBA_STANDIN_VERSION") or "2.3.3"
MAJOR = int(VERSION.split(".")[0]) if VERSION.split(".")[0].isdigit() else 2
