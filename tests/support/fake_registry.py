"""A Windows registry made of a mapping, so doctor's Windows checks run on Linux (a test double
for envstrap.doctor.registry.Registry; `winreg` itself is not exercised)."""

from __future__ import annotations

from collections.abc import Mapping

from envstrap.doctor.registry import Value


class FakeRegistry:
    """{(hive, key, name): value}; anything else reads as missing."""

    def __init__(self, values: Mapping[tuple[str, str, str], Value]) -> None:
        self.values = dict(values)

    def read(self, hive: str, key: str, name: str) -> Value | None:
        return self.values.get((hive, key, name))
