"""TARGET/.condarc: configuration scoped to one environment, read by its conda and its mamba.

The environment is its own root prefix, so conda reads this file as `$CONDA_ROOT/.condarc` and
mamba as the root-prefix rc; activation also points MAMBARC and CONDARC at it, which makes mamba
read nothing else. conda still reads the user's files after this one, so the keys that decide
where packages come from and go to are marked `#!final`: in conda's merge (conda/common/
configuration.py, LoadedParameter._first_important_matches) a final key ignores every source of
higher precedence, i.e. ~/.condarc, CONDA_* variables and command-line settings (`-c CHANNEL`
still works: conda adds it outside this key). mamba reads `#!final` as a plain comment.

Values are written as YAML double-quoted strings in pure ASCII, so any path survives: spaces,
quotes, colons, '#', letters of any script. Every character outside printable ASCII is an
escape: written raw, NEL (U+0085) and the Unicode line and paragraph separators are line breaks
to YAML 1.1 readers (a target holding one would make them see other keys), and DEL and C1
controls make readers refuse the whole file.
"""

from __future__ import annotations

from pathlib import Path


def _yaml_char(char: str) -> str:
    """One character of a double-quoted scalar. Below U+10000 the escape is also JSON's, so a
    JSON reader gets the same string; above, YAML's one \\U escape (a JSON-style surrogate pair
    would be two separate characters to YAML)."""
    code = ord(char)
    if char in '"\\':
        return "\\" + char
    if 0x20 <= code < 0x7F:
        return char
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar made only of printable ASCII."""
    return '"' + "".join(_yaml_char(c) for c in text) + '"'


def _yaml_list(key: str, values: list[str]) -> list[str]:
    return [f"{key}:  #!final"] + [f"  - {_yaml_string(v)}" for v in values]


def render_condarc(prefix: Path, channels: list[str], pkgs_dir: Path) -> str:
    lines = [
        "# Written by envstrap: configuration of this environment only, read by its own conda",
        "# and mamba. Keys marked #!final cannot be overridden by ~/.condarc, CONDA_* variables or",
        "# the command line, so conda ignores `-c CHANNEL`: add channels here instead, with",
        "#   conda config --file <this folder>/.condarc --add channels CHANNEL",
        "# (mamba reads only this file while the environment is active, and honours -c).",
        *_yaml_list("channels", channels),
        "channel_priority: strict  #!final",
        *_yaml_list("pkgs_dirs", [str(pkgs_dir)]),
        # New environments made by this conda/mamba stay inside this folder.
        *_yaml_list("envs_dirs", [str(prefix / "envs")]),
        # Nothing in the home folder: no registration in ~/.conda/environments.txt, no notices
        # cache and no repodata shards under ~/.cache, no shortcuts, no error reports.
        "register_envs: false  #!final",
        "number_channel_notices: 0  #!final",
        "repodata_use_shards: false  #!final",  # conda's name
        "use_sharded_repodata: false",  # mamba's name (mamba >= 2.6 caches shards in ~/.cache)
        "shortcuts: false  #!final",
        "report_errors: false  #!final",
        "notify_outdated_conda: false",
        "auto_update_conda: false",
        "auto_activate_base: false",
        # `conda activate OTHER` replaces this environment instead of stacking on it, whatever
        # a user's auto_stack says (docs/conda-interop.md); `--stack` still stacks.
        "auto_stack: 0  #!final",
        "",
    ]
    return "\n".join(lines)
