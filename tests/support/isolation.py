"""An isolated home: HOME, XDG_* and TMPDIR point at empty folders, checked empty afterwards.

envstrap promises to write nothing outside the target and the chosen package cache; tests run
every command with this environment and then assert the folders stayed empty.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

# Variables from the developer's machine that must not reach envstrap or the shells under test.
_DROPPED_PREFIXES = ("CONDA", "_CE_", "_CONDA", "MAMBA", "PYTHON", "VIRTUAL_ENV", "ENVSTRAP",
                     "XDG_", "PIP_")
_SHELL_OWN = (os.path.join(".config", "fish"), os.path.join(".local", "share", "fish"))
_SHELL_OWN_PARENTS = (".config", ".local", os.path.join(".local", "share"))
_DROPPED = {"CONDARC", "MAMBARC", "PYENV_VERSION", "ENV", "BASH_ENV", "CDPATH", "PS1",
            "PROMPT_COMMAND"}


@dataclasses.dataclass
class IsolatedHome:
    root: Path
    home: Path
    tmp: Path
    env: dict[str, str]

    def leftovers(self) -> list[str]:
        """Everything written under HOME, XDG_* folders or TMPDIR (each starts empty).

        fish keeps its own history and universal variables under XDG folders whatever runs in
        it; those belong to the shell under test, not to envstrap, and are left out.
        """
        found = []
        for base in (self.home, self.tmp):
            for dirpath, dirnames, filenames in os.walk(base):
                for name in dirnames + filenames:
                    rel = os.path.relpath(os.path.join(dirpath, name), self.home)
                    if rel in _SHELL_OWN_PARENTS or any(
                            rel == d or rel.startswith(d + os.sep) for d in _SHELL_OWN):
                        continue
                    found.append(os.path.relpath(os.path.join(dirpath, name), self.root))
        return sorted(found)


def make_isolated_home(root: Path) -> IsolatedHome:
    home = root / "home"
    tmp = root / "tmp"
    for folder in (home, tmp):
        folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(_DROPPED_PREFIXES) and k not in _DROPPED}
    env.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "TMPDIR": str(tmp),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    })
    return IsolatedHome(root=root, home=home, tmp=tmp, env=env)
