"""Read-only access to the few Windows registry values doctor looks at.

doctor never writes the registry. Off Windows there is no registry (None); tests use
FakeRegistry to run the Windows checks on Linux.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Union

Value = Union[str, int]

AUTORUN_KEY = r"Software\Microsoft\Command Processor"
LONG_PATHS_KEY = r"SYSTEM\CurrentControlSet\Control\FileSystem"


class WindowsRegistry:
    def read(self, hive: str, key: str, name: str) -> Value | None:
        import winreg  # Windows only

        root = {"HKCU": winreg.HKEY_CURRENT_USER, "HKLM": winreg.HKEY_LOCAL_MACHINE}[hive]
        try:
            with winreg.OpenKey(root, key) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
        except OSError:
            return None
        return value


class FakeRegistry:
    """A registry made of a mapping {(hive, key, name): value}, for tests."""

    def __init__(self, values: Mapping[tuple[str, str, str], Value]) -> None:
        self.values = dict(values)

    def read(self, hive: str, key: str, name: str) -> Value | None:
        return self.values.get((hive, key, name))


def system_registry() -> WindowsRegistry | None:
    return WindowsRegistry() if os.name == "nt" else None
