"""The activation scripts as text: the shell contract, templates, quoting, files as written.

What the scripts do when they run is tested in real shells (tests/test_activation_*.py); these
check what every shell's rendering must hold without running it. Activate.ps1 is parsed with
tree-sitter-powershell (there is no PowerShell here).
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib

from envstrap import __version__
from envstrap.activation import SHELLS, write_activation_scripts
from envstrap.activation.cmd import REFUSED, REFUSED_CHARACTERS, CmdShell, refused_characters
from envstrap.activation.fish import FishShell
from envstrap.activation.plan import ActivationPlan, Literal, PrefixPath, build_plan
from envstrap.activation.posix import PosixShell
from envstrap.activation.powershell import PowerShell
from envstrap.activation.shell import PLACEHOLDER, Shell
from envstrap.layout import WINDOWS, EnvLayout
from tests.support import shells

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "it's \"$HOME\" `x` \\ ü ; & | * ?"
ALL_SHELLS = [shell for group in SHELLS.values() for shell in group]


def _files(platform: str, prefix: str) -> dict[str, str]:
    layout = EnvLayout(Path(prefix), WINDOWS) if platform == "windows" else EnvLayout(Path(prefix))
    plan = build_plan(layout)
    files: dict[str, str] = {}
    for shell in SHELLS[platform]:
        files.update(shell.render(plan, __version__))
    return files


def _windows_files(prefix: str = "C:\\Users\\Jürgen\\envs\\x (1)") -> dict[str, str]:
    return _files("windows", prefix)


# ---- the contract ------------------------------------------------------------------------------


def test_every_shell_implements_the_contract():
    assert {type(s) for s in ALL_SHELLS} == {PosixShell, FishShell, CmdShell, PowerShell}
    for shell in ALL_SHELLS:
        assert isinstance(shell, Shell)
        assert len(shell.files) == len(shell.templates) >= 1
        for template in shell.templates:
            assert shell.template(template), template  # shipped as package data


def test_abstract_contract_cannot_be_skipped():
    class Half(Shell):
        files = ("x",)
        templates = ("x",)

        def quote(self, text):
            return text

    with pytest.raises(TypeError):
        Half()


@pytest.mark.parametrize("shell", ALL_SHELLS, ids=lambda s: type(s).__name__)
def test_every_placeholder_is_filled(shell):
    """A folder that looks like a placeholder is never substituted."""
    windows = isinstance(shell, (CmdShell, PowerShell))
    prefix = "C:\\x\\@MARKER@ y" if windows else "/x/@MARKER@ y"
    layout = EnvLayout(Path(prefix), WINDOWS) if windows else EnvLayout(Path(prefix))
    rendered = shell.render(build_plan(layout), "1.0")
    for name, template in zip(shell.files, shell.templates):
        assert PLACEHOLDER.findall(shell.template(template)), name
        text = rendered[name]
        if name == "activate":  # only the sh/dash fallback records the folder
            assert "'/x/@MARKER@ y'" in text
            text = text.replace("'/x/@MARKER@ y'", "")
        assert not PLACEHOLDER.search(text), name


def test_files_as_written(tmp_path):
    """Line ends and byte order marks as each shell needs them."""
    posix = tmp_path / "posix"
    windows = tmp_path / "windows"
    assert write_activation_scripts(EnvLayout(posix)) == [
        "activate", "etc/conda/deactivate.d/000-envstrap.sh",
        "etc/conda/activate.d/000-envstrap.sh", ".envstrap/activate-more.sh",
        ".envstrap/activate-rare.sh", ".envstrap/deactivate.sh", "activate.fish",
        "etc/conda/deactivate.d/000-envstrap.fish", "etc/conda/activate.d/000-envstrap.fish",
        ".envstrap/activate-more.fish"]
    assert write_activation_scripts(EnvLayout(windows, WINDOWS)) == [
        "activate.bat", "deactivate.bat", "etc/conda/deactivate.d/000-envstrap.bat",
        "etc/conda/activate.d/000-envstrap.bat", "Activate.ps1",
        "etc/conda/deactivate.d/000-envstrap.ps1", "etc/conda/activate.d/000-envstrap.ps1"]
    for path in (posix / "activate", posix / "activate.fish"):
        assert b"\r" not in path.read_bytes()
    for name in ("activate.bat", "deactivate.bat", "etc/conda/deactivate.d/000-envstrap.bat",
                 "etc/conda/activate.d/000-envstrap.bat"):
        data = (windows / name).read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n"), "CRLF line ends only"
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("ascii")  # nothing but ASCII: read correctly in any code page
    data = (windows / "Activate.ps1").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM (Windows PowerShell 5.1)"
    assert data.count(b"\r\n") == data.count(b"\n")


ZWC = ("activate.zwc", ".envstrap/activate-more.sh.zwc", ".envstrap/activate-rare.sh.zwc",
       ".envstrap/deactivate.sh.zwc")


def _leftovers(prefix: Path) -> list[str]:
    return sorted(p.name for p in prefix.rglob("*.tmp-*"))


def test_zsh_copies_are_made_with_the_zsh_on_path_or_not_at_all(tmp_path, monkeypatch, capsys):
    """With a zsh on PATH the three sh files get a .zwc each, written after them (zsh takes a
    .zwc not older than its file). With none there is none, and no word about it; with a zsh
    that fails there is none either (an earlier run's is removed: zsh parses the new files)
    and one line says why. Never a temporary file left, never an error."""
    shells.require("zsh")
    prefix = tmp_path / "env"
    write_activation_scripts(EnvLayout(prefix))
    for name in ZWC:
        zwc = prefix / name
        assert zwc.stat().st_mtime >= (prefix / name[:-4]).stat().st_mtime, name
        check = subprocess.run(["zsh", "-f", "-c", 'zcompile -t "$1"', "zsh", str(zwc)],
                               capture_output=True, text=True)
        # read into memory when sourced, not mapped (-R), and holding the file it was made from
        lines = check.stdout.splitlines()
        assert lines[0].startswith("zwc file (read) for zsh-"), lines
        assert lines[1:] == [name[:-4]]  # the name it was made from: relative
    assert capsys.readouterr().err == "" and _leftovers(prefix) == []

    failing = tmp_path / "failing"
    failing.mkdir()
    (failing / "zsh").write_text("#!/bin/sh\necho 'zcompile: cannot write' >&2\nexit 1\n")
    (failing / "zsh").chmod(0o755)
    monkeypatch.setenv("PATH", f"{failing}:/usr/bin:/bin")
    write_activation_scripts(EnvLayout(prefix))
    assert [n for n in ZWC if (prefix / n).exists()] == [] and _leftovers(prefix) == []
    assert capsys.readouterr().err == (
        "envstrap: note: zsh could not compile the activation scripts (zcompile: cannot "
        "write); zsh parses them instead\n")

    (failing / "zsh").write_text("#!/bin/sh\nexit 0\n")  # says it did, wrote nothing
    write_activation_scripts(EnvLayout(prefix))
    assert [n for n in ZWC if (prefix / n).exists()] == [] and _leftovers(prefix) == []
    assert "zsh exited with status 0" in capsys.readouterr().err

    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    write_activation_scripts(EnvLayout(prefix))
    assert all((prefix / n).is_file() for n in ZWC)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    write_activation_scripts(EnvLayout(prefix))
    assert [n for n in ZWC if (prefix / n).exists()] == [] and _leftovers(prefix) == []
    assert capsys.readouterr().err == ""
    assert (prefix / "activate").is_file()


def test_templates_are_found_in_a_zipped_stage_1(tmp_path):
    """importlib.resources reads the templates from a zip archive as from a folder."""
    archive = tmp_path / "stage1.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (REPO / "src" / "envstrap").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(REPO / "src").as_posix())
    code = ("import sys, pathlib; from envstrap.activation import write_activation_scripts; "
            "from envstrap.layout import EnvLayout, WINDOWS; "
            "print(write_activation_scripts(EnvLayout(pathlib.Path(sys.argv[1])))); "
            "print(write_activation_scripts(EnvLayout(pathlib.Path(sys.argv[2]), WINDOWS)))")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-I", "-c", code, str(out / "p"), str(out / "w")],
                            env={"PYTHONPATH": str(archive)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "p" / "activate").read_text() == _files("posix", str(out / "p"))["activate"]
    assert (out / "w" / "deactivate.bat").read_bytes() == \
        _windows_files(str(out / "w"))["deactivate.bat"].replace("\n", "\r\n").encode()


def test_package_data_lists_every_template():
    """A wheel carries only the package data pyproject.toml lists: every template of every
    shell must match one of its module's patterns."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = data["tool"]["setuptools"]["package-data"]
    for shell in ALL_SHELLS:
        patterns = listed[type(shell).__module__]
        for template in shell.templates:
            assert any(fnmatch.fnmatch(template, p) for p in patterns), template


# ---- POSIX sh and fish ---------------------------------------------------------------------------


def test_posix_template_passes_shellcheck():
    """Every POSIX template and every file rendered from it (activate, activate-more, the
    conda hooks)."""
    shellcheck = shells.require("shellcheck")
    files = _files("posix", "/e/x y")
    for name, template in zip(PosixShell.files, PosixShell.templates):
        rendered = subprocess.run([shellcheck, "-s", "sh", "-"], capture_output=True, text=True,
                                  input=files[name])
        assert rendered.returncode == 0, (name, rendered.stdout)
        path = REPO / "src" / "envstrap" / "activation" / "posix" / template
        raw = subprocess.run([shellcheck, "-s", "sh", str(path)], capture_output=True, text=True)
        assert raw.returncode == 0, (template, raw.stdout)


def test_fish_more_functions_are_the_renderers_list():
    """activate-more.fish's cleanup line comes from FishShell.function_slots: it names every
    function the file defines."""
    fish = FishShell()
    defined = set(re.findall(r"^function (\w+)", fish.template("activate-more.fish"), re.M))
    listed = fish.function_slots["@MORE_FUNCTIONS@"]
    assert defined == set(listed) and len(listed) == len(defined)
    more = _files("posix", "/e")[".envstrap/activate-more.fish"]
    assert "functions -e " + " ".join(listed) in more


def test_posix_own_hooks_share_the_name_activate_skips():
    from envstrap.activation.posix import OWN_HOOK

    hooks = [name for name in PosixShell.files if name.startswith("etc/conda/")]
    assert len(hooks) == 2 and all(name.endswith("/" + OWN_HOOK) for name in hooks)
    assert f"*/{OWN_HOOK}) shift" in _files("posix", "/e")["activate"]


def test_posix_script_is_builtins_only():
    files = _files("posix", "/e")
    for text in (files[name] for name in PosixShell.files):
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        # no command substitution and no external tools
        assert "$(" not in code.replace("$((", "")
        for tool in ("dirname", "basename", "readlink", "realpath", "sed", "awk", "python"):
            assert not re.search(rf"(^|[;&|(\s]){tool}\s", code), tool


@pytest.mark.parametrize("shell, program", [(PosixShell(), "dash"), (FishShell(), "fish")])
def test_quote_round_trips_hostile_text(shell, program):
    result = shells.run(program, f"printf '%s' {shell.quote(HOSTILE)}",
                        env={"PATH": "/usr/bin:/bin"})
    assert result.stdout == HOSTILE


# ---- cmd.exe ------------------------------------------------------------------------------------


def test_scripts_never_name_the_folder():
    marker = "C:\\Users\\Jürgen\\envs\\x (1)"
    for name, text in _windows_files(marker).items():
        assert "Jürgen" not in text and "x (1)" not in text, name


def test_batch_files_are_plain_cmd():
    for name in ("activate.bat", "deactivate.bat"):
        text = _windows_files()[name]
        lines = text.split("\n")
        assert all(not line or line.startswith(("@", ":")) for line in lines), name
        lower = text.lower()
        assert "enabledelayedexpansion" not in lower and "setlocal" not in lower
        assert "%temp%" not in lower and "%tmp%" not in lower
        assert not re.search(r"(?<![\"'])\(\s*$", text, re.M), "no ( ) blocks"
        assert re.search(r"%SystemRoot%\\System32\\chcp\.com", text)
        assert "a CALLed helper would expand each value a" in "\n".join(lines[:12])
        for line in lines:
            # every `set` assigns in the quoted form (messages aside)
            if not line.startswith(('@set "_ENVSTRAP_MSG=', "@REM ")):
                for match in re.finditer(r"\bset (?!/a )(.)", line):
                    assert match.group(1) == '"', line


def test_conda_hooks_and_deactivate_are_plain_cmd_for_conda_to_call():
    """conda CALLs the hooks from its own `for %%A ... %%B` loop (_conda_activate.bat), and
    wine's cmd fills those letters in a called file: the hooks and deactivate.bat, which they
    call, use other loop letters; no delayed expansion, no ( ) blocks, quoted `set`."""
    files = _windows_files()
    for name in ("deactivate.bat", "etc/conda/deactivate.d/000-envstrap.bat",
                 "etc/conda/activate.d/000-envstrap.bat"):
        text = files[name]
        assert not re.search(r"%%[AB]\b", text), name
        assert all(not line or line.startswith(("@", ":")) for line in text.split("\n")), name
        assert "setlocal" not in text.lower() and "delayedexpansion" not in text.lower()
        assert not re.search(r"(?<![\"'])\(\s*$", text, re.M), name
        for line in text.split("\n"):
            if not line.startswith(('@set "_ENVSTRAP_MSG=', "@REM ")):
                for match in re.finditer(r"\bset (?!/a )(.)", line):
                    assert match.group(1) == '"', line
    assert '@call "%_ENVSTRAP_ACTIVE%\\deactivate.bat" --suspend' in \
        files["etc/conda/deactivate.d/000-envstrap.bat"]
    assert '@call "%_ENVSTRAP_ACTIVE%\\deactivate.bat" --resume' in \
        files["etc/conda/activate.d/000-envstrap.bat"]


def test_refused_characters_are_data():
    assert set(REFUSED_CHARACTERS) == set('!%^;"')
    assert "".join(REFUSED_CHARACTERS) == REFUSED
    for char in REFUSED:
        assert refused_characters(f"C:\\a{char}b\\env") == char
        with pytest.raises(ValueError, match="cmd.exe activation cannot carry"):
            _windows_files(f"C:\\a{char}b\\env")
    assert refused_characters("C:\\my env (ü) R&D=1,2 it's") == ""


def test_windows_renderers_consume_the_whole_plan():
    plan = build_plan(EnvLayout(Path("C:\\e"), WINDOWS))
    files = _windows_files("C:\\e")
    activate, deactivate = files["activate.bat"], files["deactivate.bat"]
    ps1 = files["Activate.ps1"]
    for name in plan.saved_variables:
        assert f'set "_ENVSTRAP_OLD_{name}=%{name}%"' in activate, name
        assert f'set "_ENVSTRAP_HAD_{name}=0"' in activate, name
        assert f"'{name}'" in ps1, name
    for name in plan.saved_variables[1:]:
        assert f'set "{name}=%_ENVSTRAP_OLD_{name}%"' in deactivate, name
    # conda's suspend and resume: every variable but PATH (conda's then), and the prompt,
    # unrolled like the restore (no CALL on a value).
    suspend = deactivate[deactivate.index("\n:_envstrap_suspend\n"):
                         deactivate.index("\n:_envstrap_resume\n")]
    resume = deactivate[deactivate.index("\n:_envstrap_resume\n"):
                        deactivate.index("\n:_envstrap_suspend_config\n")]
    for name in plan.saved_variables[1:] + ("PROMPT",):
        assert f'set "{name}=%_ENVSTRAP_OLD_{name}%"' in suspend, name
        if name == "CONDA_SHLVL":  # conda's level: conda sets it before the resume
            assert f"_ENVSTRAP_NEW_{name}" not in suspend + resume
            continue
        assert f'@if defined {name} set "_ENVSTRAP_NEW_{name}=%{name}%"' in suspend, name
        assert f'set "{name}=%_ENVSTRAP_NEW_{name}%"' in resume, name
    assert "_ENVSTRAP_NEW_PATH" not in suspend + resume and "call set" not in suspend + resume
    for name, _ in plan.set_vars:
        assert re.search(rf'^@set "{name}=', activate, re.M), name
    unset = re.search(r'^@for %%A in \(([^)]*)\) do @set "%%A="$', activate, re.M)
    assert unset and unset.group(1).split() == list(plan.unset_vars)
    for marker in plan.guard_markers:
        assert f"if not defined {marker.variable} goto" in activate
        assert f"'{marker.variable}'" in ps1


def test_cmd_values_are_quoted_for_set():
    cmd = CmdShell()
    assert cmd.value(Literal("100% (a) & b")) == "100%% (a) & b"
    assert cmd.value(PrefixPath("Library/bin/mamba.exe")) == \
        "%_ENVSTRAP_P%\\Library\\bin\\mamba.exe"
    for bad in ('say "hi"', "wow!", "two\nlines"):
        with pytest.raises(ValueError):
            cmd.quote(bad)


# ---- PowerShell: Activate.ps1 is parsed, not run (there is no PowerShell here) ----------------


@pytest.fixture(scope="module")
def ps_parser():
    try:
        import tree_sitter
        import tree_sitter_powershell
    except ImportError:
        message = "tree-sitter-powershell is not installed (pip install -e '.[dev]')"
        if shells.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def _parse_problems(parser, text: str) -> list[str]:
    data = text.encode("utf-8")
    problems = []

    def walk(node):
        if node.type == "ERROR" or node.is_missing:
            line = data[:node.start_byte].count(b"\n") + 1
            problems.append(f"line {line}: {node.type}{' (missing)' if node.is_missing else ''}: "
                            f"{data[node.start_byte:node.end_byte][:80]!r}")
        for child in node.children:
            walk(child)

    walk(parser.parse(data).root_node)
    return problems


def _string_literals(parser, text: str) -> list[str]:
    data = text.encode("utf-8")
    found = []

    def walk(node):
        if node.type == "string_literal":
            found.append(data[node.start_byte:node.end_byte].decode("utf-8"))
        for child in node.children:
            walk(child)

    walk(parser.parse(data).root_node)
    return found


def test_activate_ps1_parses_cleanly(ps_parser, tmp_path):
    write_activation_scripts(EnvLayout(tmp_path / "my env (ü)", WINDOWS))
    data = (tmp_path / "my env (ü)" / "Activate.ps1").read_bytes()
    assert _parse_problems(ps_parser, data[3:].decode("utf-8")) == []
    # The check itself catches broken and PowerShell-7-only syntax.
    assert _parse_problems(ps_parser, "if ($x) {\n")
    assert _parse_problems(ps_parser, "$x = $a ?? 'b'\n")


def test_activate_ps1_key_lines():
    plan = build_plan(EnvLayout(Path("C:\\e"), WINDOWS))
    text = _windows_files("C:\\e")["Activate.ps1"]
    ps = PowerShell()
    q = ps.quote
    assert "    $prefix = $PSScriptRoot\n" in text
    assert "    $sep = [IO.Path]::PathSeparator\n" in text
    # guard: one block per marker, CONDA_SHLVL=0 is not active
    for marker in plan.guard_markers:
        test = ("$value -and $value -notmatch '^0+$'" if marker.positive_number else "$value")
        assert (f"    $value = [Environment]::GetEnvironmentVariable({q(marker.variable)})\n"
                f"    if ({test}) {{\n"
                f"        & $refuse {q(marker.variable)} $value {q(marker.meaning)}\n"
                "        return\n") in text
    # PATH: conda's order, joined with the platform's separator, before the old PATH
    assert ("    $added = @($prefix, ($prefix + '\\Library\\mingw-w64\\bin'), "
            "($prefix + '\\Library\\usr\\bin'), ($prefix + '\\Library\\bin'), "
            "($prefix + '\\Scripts'), ($prefix + '\\bin'), ($prefix + '\\condabin')) "
            "-join $sep\n") in text
    assert "[Environment]::SetEnvironmentVariable('PATH', $added + $sep + $oldPath)" in text
    # every plan variable saved (with whether it was defined) and restored
    saved = "@(" + ", ".join(q(n) for n in plan.saved_variables) + ")"
    restored = "@(" + ", ".join(q(n) for n in plan.saved_variables[1:]) + ")"
    assert (f"    foreach ($name in {saved}) {{\n"
            "        if (Test-Path -LiteralPath ('Env:' + $name)) {") in text
    assert (f"        foreach ($name in {restored}) {{\n"
            "            [Environment]::SetEnvironmentVariable($name, $state.Saved[$name])") in text
    for name, value in plan.set_vars:
        assert (f"    [Environment]::SetEnvironmentVariable({q(name)}, "
                f"{ps.value(value)})\n") in text
    assert "    foreach ($name in @(" + ", ".join(q(n) for n in plan.unset_vars) + ")) {\n" \
        "        [Environment]::SetEnvironmentVariable($name, $null)" in text
    # a refusal changes nothing: every change and definition comes after the last guard block
    last_guard = text.rindex("& $refuse ")
    first_change = min(text.index("SetEnvironmentVariable("), text.index("function global:"),
                       text.index("$global:_envstrap ="))
    assert last_guard < first_change
    # prompt wrapped and restored, hooks in order
    assert "function global:prompt {" in text and "Set-Item -Path 'Function:global:prompt'" in text
    assert "[Array]::Reverse($names)" in text.split("function global:deactivate")[1]
    # nothing that needs PowerShell 7
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\?\?|&&|\|\||\?\.|\s\?\s", code)


def test_powershell_quoting_keeps_hostile_text_literal(ps_parser):
    hostile = "it's \u2018x\u2019 $HOME $(calc) `n \" & ; | ü @(1)"
    plan = ActivationPlan(path_dirs=("", "Scripts"), set_vars=(("HOSTILE", Literal(hostile)),),
                          unset_vars=(), baked_prefix="C:\\e")
    ps = PowerShell()
    text = ps.render(plan, "1.0")["Activate.ps1"]
    assert _parse_problems(ps_parser, text) == []
    line = "    [Environment]::SetEnvironmentVariable('HOSTILE', " \
           "'it''s \u2018\u2018x\u2019\u2019 $HOME $(calc) `n \" & ; | ü @(1)')\n"
    assert line in text
    literal = ps.quote(hostile)
    assert literal in _string_literals(ps_parser, text)  # one verbatim string, nothing expanded
    # what PowerShell reads back: the doubled quotes undone
    inner = literal[1:-1]
    for mark in "'\u2018\u2019\u201a\u201b":
        inner = inner.replace(mark * 2, mark)
    assert inner == hostile


def _assignments(text: str, pattern: str, unquote) -> dict[str, str]:
    return {m.group(1): unquote(m.group(2)) for m in re.finditer(pattern, text, re.M)}


def test_powershell_reads_config_vars_with_fishs_regular_expressions():
    """PowerShell cannot run here: its JSON pieces must be fish's (which runs), and the file
    check they make, evaluated with Python's re (same syntax), must accept and refuse the
    fixture files exactly as the shells that run do."""
    from tests.support.config_vars import CASES, STATE, malformed

    ps = _windows_files("C:\\e")["Activate.ps1"]
    fish = _files("posix", "/e")[".envstrap/activate-more.fish"]  # fish's full reader
    ps_parts = _assignments(ps, r"^ +\$(w|s|raw) = '((?:[^']|'')*)'$",
                            lambda s: s.replace("''", "'"))
    fish_parts = _assignments(fish, r"^ *set -l (w|s|raw) '((?:[^'\\]|\\.)*)'$",
                              lambda s: re.sub(r"\\([\\'])", r"\1", s))
    assert ps_parts == fish_parts and set(ps_parts) == {"w", "s", "raw"}
    w, s = ps_parts["w"], ps_parts["s"]
    flat = r"\{" + w + "(?:" + s + w + ":" + w + s + "(?:" + w + "," + w + s + w + ":" + w + s \
        + ")*)?" + w + r"\}"
    assert "$flat = '\\{' + $w + '(?:' + $s + $w + ':' + $w + $s + '(?:' + $w + ',' + $w" in ps
    for case in CASES:
        for rel, text in case.files.items():
            value = "(?:" + s + "|" + flat + ")" if rel == STATE else s
            whole = "^" + w + r"\{" + w + "(?:" + s + w + ":" + w + value + "(?:" + w + "," + w \
                + s + w + ":" + w + value + ")*)?" + w + r"\}" + w + "$"
            refused = malformed(rel) in case.messages
            assert (re.match(whole, text) is None) == refused, (case.id, rel)


def test_no_list_that_data_can_reach_is_evaluated():
    """docs/security.md, "Hostile package data": the sh script evaluates only single, checked
    names (indirect reads), never a list."""
    files = _files("posix", "/e")
    text = files["activate"] + files[".envstrap/activate-more.sh"]
    evals = [line.strip() for line in text.splitlines() if "eval " in line]
    assert evals and not [line for line in evals if "CONFIG_VARS" in line or "for " in line]


def test_activate_ps1_takes_back_one_occurrence_of_each_path_entry():
    """PowerShell cannot run here: the rule of tests/test_activation.py's PATH scenarios, as
    text: the first entry equal to each added one (ignoring case) is removed, the rest joined
    back; an untouched PATH is restored as saved."""
    text = _windows_files("C:\\e")["Activate.ps1"]
    deactivate = text.split("function global:deactivate")[1]
    assert "SetEnvironmentVariable('PATH', $state.Saved['PATH'])" in deactivate
    assert "foreach ($entry in $state.AddedPath.Split($sep)) {" in deactivate
    assert ("if ([string]::Equals($entries[$i], $entry, [StringComparison]::OrdinalIgnoreCase)) {\n"
            "                        $entries.RemoveAt($i)\n"
            "                        break") in deactivate
    assert "[string]::Join([string] $sep, $entries.ToArray())" in deactivate
    assert "reordered" not in text
