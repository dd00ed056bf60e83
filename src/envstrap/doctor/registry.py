"""Read-only access to the few Windows registry values doctor looks at.

doctor never writes the registry. Off Windows there is no registry (None). Checks see only the
Registry interface, so tests run the Windows checks on Linux with a registry of their own
(tests/support/fake_registry.py).
"""

from __future__ import annotations

import os
from typing import Protocol, Union

Value = Union[str, int]

AUTORUN_KEY = r"Software\Microsoft\Command Processor"
LONG_PATHS_KEY = r"SYSTEM\CurrentControlSet\Control\FileSystem"


class Registry(Protocol):
    def read(self, hive: str, key: str, name: str) -> Value | None:
        """The value `name` of `hive`\\`key` ("HKCU" or "HKLM"), or None if it is not there."""


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


def system_registry() -> WindowsRegistry | None:
    return WindowsRegistry() if os.name == "nt" else None
