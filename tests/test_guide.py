"""docs/guide.md is kept true: its tagged transcripts run, its command reference matches the
stage-0 scripts, every exit code in the code is documented, and docs/examples/ scripts run.

How a block of the guide is tagged for testing
----------------------------------------------
An HTML comment (invisible on GitHub) on the line right before a fenced block:

    <!-- test: sh -->      the block is a transcript run in dash (also: bash, zsh, ksh)
    <!-- test: cmd -->     the block is a transcript run in wine's cmd.exe

A transcript is what a reader would see at a prompt. In sh blocks a line starting with "$ " is
a command ("> " in cmd blocks); a command line ending in " \\" goes on with the next line. Every
other line is output expected from the command above it, compared line by line (trailing blanks
ignored), after the harness's own home folder has been replaced by /home/me in what was printed
(so the guide shows /home/me/envs/py311). A line "..." matches any number of lines, none
included. A command with no lines under it may print anything. stderr is part of the output.
A command must succeed (exit status 0) unless the next command of the block is `echo $?`,
which then shows the status it expects.

POSIX blocks all run in one isolated home (HOME, XDG_* and TMPDIR in a temporary folder), from a
copy of bootstrap/, src/ and tools/ (the "checkout": commands such as `sh bootstrap/envstrap.sh`
run from there; its dist/ holds the single files tools/build.py makes from it), in document
order, each block in a new shell; so a later block sees what an earlier one made (~/envs/py311)
as a reader following the guide would. What stands in for the network:
the copy's bootstrap/micromamba.pins pins this platform to the ELF micromamba STAND-IN
(tests/standins/elf.py) at a file:// URL with its real sha256, so the pinned download and its
verification run for real; the stand-in is started with `--channel-alias` pointing at a folder
whose `conda-forge` is the local test channel (tests/support/channel.py), so the channel name
conda-forge means the test channel. Its python is the machine's (3.11); blocks use --python 3.11.

cmd blocks run in the tests' shared wine prefix (tests/support/wine.py), in which drive D: is a
temporary folder holding D:\\envs\\py311, a folder laid out like a Windows environment with
stand-in programs (tests/standins/windows_program.c) as python.exe, conda.exe and mamba.exe and
envstrap's real activation scripts; the working folder is the checkout. A first word naming a
batch file (a first word ending in .bat, or `deactivate`) is run with CALL, and a `for`
variable %x becomes %%x: what cmd does at its prompt, written as a batch file does it. wine's
CALL reports every non-zero status as 1, so cmd blocks never show a status.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from envstrap.errors import ExitCode
from tests.conftest import REPO, pins_pinning
from tests.support import shells
from tests.support.isolation import make_isolated_home
from tests.support.shells import HANG_SECONDS

GUIDE = REPO / "docs" / "guide.md"
EXAMPLES = REPO / "docs" / "examples"
HOME_SHOWN = "/home/me"
TAG = re.compile(r"^<!-- test: (\w+) -->\n```[\w-]*\n(.*?)^```", re.M | re.S)
POSIX_TAGS = {"sh": "dash", "bash": "bash", "zsh": "zsh", "ksh": "ksh"}
STAGE0 = {"sh": REPO / "bootstrap" / "envstrap.sh", "bat": REPO / "bootstrap" / "envstrap.bat",
          "ps1": REPO / "bootstrap" / "envstrap.ps1"}


# ---- reading the guide ----------------------------------------------------------------------


@dataclasses.dataclass
class Step:
    command: str
    expected: list[str]


@dataclasses.dataclass
class Block:
    tag: str
    line: int  # 1-based line of the tag in the guide
    steps: list[Step]

    @property
    def id(self) -> str:
        return f"{self.tag}@{self.line}"


def parse_transcript(body: str, prompt: str) -> list[Step]:
    steps: list[Step] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(prompt):
            command = line[len(prompt):]
            while command.endswith(" \\") and i + 1 < len(lines):
                i += 1
                command += "\n" + lines[i]
            steps.append(Step(command, []))
        elif steps:
            steps[-1].expected.append(line.rstrip())
        else:
            raise AssertionError(f"output before any command: {line!r}")
        i += 1
    return steps


def guide_blocks() -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    blocks = []
    for match in TAG.finditer(text):
        tag = match.group(1)
        assert tag in POSIX_TAGS or tag == "cmd", f"unknown test tag {tag!r}"
        line = text.count("\n", 0, match.start()) + 1
        prompt = "> " if tag == "cmd" else "$ "
        blocks.append(Block(tag, line, parse_transcript(match.group(2), prompt)))
    return blocks


BLOCKS = guide_blocks()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; "..." stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def check_steps(block: Block, outputs: list[tuple[list[str], int]]) -> None:
    assert len(outputs) == len(block.steps), f"{block.id}: ran {len(outputs)} of the commands"
    for k, (step, (actual, status)) in enumerate(zip(block.steps, outputs)):
        where = f"guide line {block.line}, command {step.command!r}"
        shows_status = k + 1 < len(block.steps) and block.steps[k + 1].command in (
            "echo $?", "echo $status")
        if block.tag != "cmd" and not shows_status:
            assert status == 0, f"{where}: exit status {status}\n" + "\n".join(actual)
        if step.expected:
            assert matches(step.expected, actual), (
                f"{where}\n--- expected\n" + "\n".join(step.expected)
                + "\n--- printed\n" + "\n".join(actual))


def split_output(text: str, count: int, home: str) -> list[tuple[list[str], int]]:
    text = text.replace("\r\n", "\n").replace(home, HOME_SHOWN)
    outputs = []
    for k in range(count):
        found = re.search(rf"@@GUIDE-BEGIN {k}@@\n(.*?)\n?@@GUIDE-END {k} (\d+)@@", text, re.S)
        if not found:
            break
        lines = [line.rstrip() for line in found.group(1).split("\n")]
        if lines and lines[-1] == "":  # the newline the END marker starts with
            lines.pop()
        outputs.append((lines, int(found.group(2))))
    return outputs


# ---- the checkout, the stand-ins and the home the POSIX blocks run in ----------------------


def make_checkout(dest: Path) -> Path:
    checkout = dest / "envstrap"
    shutil.copytree(REPO / "bootstrap", checkout / "bootstrap")
    shutil.copytree(REPO / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(EXAMPLES, checkout / "docs" / "examples")
    shutil.copytree(REPO / "tools", checkout / "tools",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return checkout


def pin_standin(checkout: Path, work: Path) -> None:
    """Pin this platform, in the checkout's micromamba.pins, to the ELF stand-in at a file://
    URL; the stand-in reads the channel name conda-forge as the local test channel."""
    from tests.standins.elf import DEFAULT_SCRIPT, build_elf_launcher
    from tests.support.channel import cached_channel

    aliases = work / "channels"
    aliases.mkdir()
    (aliases / "conda-forge").symlink_to(cached_channel(), target_is_directory=True)
    wrapper = work / "standin-with-alias.py"
    wrapper.write_text(
        '"""TEST STAND-IN wrapper: the micromamba stand-in with --channel-alias set."""\n'
        "import runpy, sys\n"
        "args = sys.argv[1:]\n"
        'if args[:1] in (["install"], ["create"]):\n'
        f'    args = [args[0], "--channel-alias", {aliases.as_uri()!r}] + args[1:]\n'
        f"sys.argv = [{str(DEFAULT_SCRIPT)!r}] + args\n"
        'runpy.run_path(sys.argv[0], run_name="__main__")\n', encoding="utf-8")
    elf = build_elf_launcher(work / "served" / "micromamba", target_script=wrapper)
    (checkout / "bootstrap" / "micromamba.pins").write_text(pins_pinning(elf))


def posix_driver(block: Block) -> str:
    """The block's commands in one shell, each between markers that keep `$?` as the command
    left it (so `echo $?` shows the status of the command before it)."""
    parts = ["exec 2>&1",
             "__guide_begin() { __guide_s=$?; printf '\\n@@GUIDE-BEGIN %s@@\\n' \"$1\"; "
             "return \"$__guide_s\"; }",
             "__guide_end() { __guide_s=$?; printf '\\n@@GUIDE-END %s %s@@\\n' \"$1\" "
             "\"$__guide_s\"; return \"$__guide_s\"; }"]
    for k, step in enumerate(block.steps):
        parts += [f"__guide_begin {k}", step.command, f"__guide_end {k}"]
    return "\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def posix_run(tmp_path_factory):
    """Every POSIX block, run once in document order in one home: {block id: outputs}."""
    work = tmp_path_factory.mktemp("guide")
    isolated = make_isolated_home(work / "isolated")
    checkout = make_checkout(work)
    pin_standin(checkout, work)
    # the single file, built from the checkout as a release is (with the stand-in's pin)
    subprocess.run([sys.executable, "-I", "-B", str(checkout / "tools" / "build.py")],
                   cwd=checkout, check=True, capture_output=True, timeout=HANG_SECONDS)
    results = {}
    for block in BLOCKS:
        if block.tag not in POSIX_TAGS:
            continue
        shell = shells.require(POSIX_TAGS[block.tag])
        done = subprocess.run([shell, "-c", posix_driver(block)], cwd=checkout, env=isolated.env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=600)
        results[block.id] = split_output(done.stdout, len(block.steps), str(isolated.home))
    outside = [p for p in isolated.leftovers() if not p.startswith("home/envs")]
    return results, outside


@pytest.mark.e2e
@pytest.mark.parametrize("block", [b for b in BLOCKS if b.tag in POSIX_TAGS], ids=lambda b: b.id)
def test_posix_transcript(block, posix_run):
    results, _ = posix_run
    check_steps(block, results[block.id])


@pytest.mark.e2e
def test_posix_transcripts_write_nothing_outside_their_environments(posix_run):
    _, outside = posix_run
    assert outside == []


# ---- cmd blocks under wine -------------------------------------------------------------------


def cmd_prompt_to_batch(command: str) -> str:
    """A command typed at cmd's prompt, as a line of the driver batch file that behaves the
    same: a batch file (a first word ending in .bat, or `deactivate`) is CALLed, since without
    CALL a batch file never returns to the one that started it; a `for` variable is written
    %%x, as batch files need."""
    if re.match(r'^(?:"[^"]+\.bat"|[^ "]+\.bat|deactivate)(?: |$)', command, re.I):
        return "call " + command
    if re.match(r"^for ", command, re.I):
        return re.sub(r"%(?=~|[A-Za-z]\b)", "%%", command)
    return command


@pytest.fixture(scope="module")
def cmd_run(tmp_path_factory):
    """Every cmd block in wine's cmd, D: mapped to a folder holding D:\\envs\\py311."""
    from envstrap.activation import write_activation_scripts
    from envstrap.layout import WINDOWS, EnvLayout
    from tests.support import wine as winesupport

    cmd_blocks = [b for b in BLOCKS if b.tag == "cmd"]
    if not cmd_blocks:
        return {}
    wine = winesupport.start_wine()
    work = tmp_path_factory.mktemp("guide-cmd")
    checkout = make_checkout(work)
    drive = work / "drive-d"
    prefix = drive / "envs" / "py311"
    standin = winesupport.build_standin_exe()
    for rel in ("python.exe", "Scripts/conda.exe", "Library/bin/mamba.exe"):
        (prefix / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(standin, prefix / rel)
    (prefix / "conda-meta").mkdir()
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    link = winesupport.PREFIX / "dosdevices" / "d:"
    results = {}
    # D: belongs to the shared prefix: another session on this checkout waits until it is free
    with winesupport.prefix_lock("drive-d"):
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(drive, target_is_directory=True)
        try:
            for block in cmd_blocks:
                # stderr joins stdout inside the called label, so messages stay in command order
                lines = ["call :guide_block 2>&1", "exit /b", ":guide_block"]
                for k, step in enumerate(block.steps):
                    command = cmd_prompt_to_batch(step.command)
                    lines += [f"echo @@GUIDE-BEGIN {k}@@", command,
                              f"echo @@GUIDE-END {k} %errorlevel%@@"]
                done = wine.run("\n".join(lines) + "\nexit /b\n", work / "driver", cwd=checkout)
                text = (done.stdout + done.stderr).replace(winesupport.windows_path(drive), "D:")
                results[block.id] = split_output(text, len(block.steps), "\0")
        finally:
            link.unlink()
    return results


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.tag == "cmd"], ids=lambda b: b.id)
def test_cmd_transcript(block, cmd_run):
    check_steps(block, cmd_run[block.id])


def test_guide_has_tested_blocks_of_each_kind():
    tags = {b.tag for b in BLOCKS}
    assert "sh" in tags and "cmd" in tags
    assert all(b.steps for b in BLOCKS)


# ---- the command reference -------------------------------------------------------------------


def region(name: str) -> str:
    """The guide's text between <!-- reference: NAME --> and <!-- /reference -->."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(rf"<!-- reference: {name} -->\n?(.*?)<!-- /reference -->", text, re.S)
    assert found, f"the guide has no '{name}' reference region"
    return "\n".join(found)


def help_text(kind: str) -> str:
    """The --help text of a stage-0 script, read from the script itself (no shell needed)."""
    text = STAGE0[kind].read_text(encoding="utf-8")
    if kind == "sh":
        return re.search(r"^usage\(\) \{\n    cat <<'?EOF'?\n(.*?)^EOF", text, re.S | re.M).group(1)
    if kind == "bat":
        body = re.search(r"^:usage\r?\n(.*?)^(?:exit|goto)", text, re.S | re.M | re.I).group(1)
        return "\n".join(re.sub(r"^echo[ .]?", "", line) for line in body.splitlines())
    return re.search(r"\$text = @[\"']\r?\n(.*?)^[\"']@", text, re.S | re.M).group(1)


def help_options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*|-h)\b", text))


def help_verbs(text: str) -> set[str]:
    return set(re.findall(r"^\s*(?:Usage:)?\s*envstrap\.\w+ ([a-z]+) TARGET", text, re.M))


def test_help_is_read_from_each_script():
    for kind in STAGE0:
        text = help_text(kind)
        assert "--python" in text and "--keep-failed" in text, kind
        assert help_verbs(text) >= {"doctor", "bundle"}, kind


def test_real_help_output_is_what_the_test_reads():
    done = subprocess.run(["sh", str(STAGE0["sh"]), "--help"], capture_output=True, text=True)
    assert help_options(done.stdout) == help_options(help_text("sh"))


@pytest.mark.parametrize("kind", sorted(STAGE0))
def test_every_option_and_verb_of_the_help_is_in_the_command_reference(kind):
    reference = region("stage0")
    text = help_text(kind)
    missing = [o for o in sorted(help_options(text)) if f"`{o}" not in reference]
    assert not missing, f"envstrap.{kind} --help has options the guide does not list: {missing}"
    verbs = [v for v in sorted(help_verbs(text)) if f"`{v}" not in reference]
    assert not verbs, f"envstrap.{kind} --help has verbs the guide does not list: {verbs}"


def test_the_command_reference_names_no_option_that_does_not_exist():
    known: set[str] = set()
    verbs: set[str] = set()
    for kind in STAGE0:
        known |= help_options(help_text(kind))
        verbs |= help_verbs(help_text(kind))
    reference = region("stage0")
    named = set(re.findall(r"`(--[a-z][a-z0-9-]*|-h)\b", reference))
    assert named - known == set(), "the guide names options no stage-0 --help has"
    named_verbs = set(re.findall(r"`(?:envstrap\.\w+ )?([a-z]+) TARGET", reference))
    assert named_verbs - verbs == set(), "the guide names verbs no stage-0 --help has"


def test_stage1_reference_matches_the_stage1_parser():
    from envstrap.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse's own
    reference = region("stage1")
    options = set()
    for name, sub in commands.items():
        assert f"`{name}" in reference, name
        for action in sub._actions:  # noqa: SLF001
            options.update(o for o in action.option_strings if o.startswith("--"))
    missing = [o for o in sorted(options) if f"`{o}" not in reference]
    assert not missing, f"stage-1 options the guide does not list: {missing}"
    named = set(re.findall(r"`(--[a-z][a-z0-9-]*)", reference))
    assert named - options - {"--help", "--version"} == set()


def exit_codes_in_code() -> set[int]:
    codes = {int(c) for c in ExitCode}
    for kind, path in STAGE0.items():
        text = path.read_text(encoding="utf-8")
        pattern = {"sh": r"^\s*EXIT_\w+=(\d+)$", "bat": r'^\s*set "EXIT_\w+=(\d+)"',
                   "ps1": r"^\s*\$EXIT_\w+ = (\d+)"}[kind]
        found = {int(c) for c in re.findall(pattern, text, re.M)}
        assert found, f"no exit codes found in {path.name}"
        codes |= found
    return codes


def test_every_exit_code_in_the_code_is_documented():
    documented = {int(c) for c in re.findall(r"^\| *(\d+) *\|", region("exit-codes"), re.M)}
    table = (REPO / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    in_docs = {int(c) for c in re.findall(r"^\| *(\d+) *\|", table, re.M)}
    code = exit_codes_in_code()
    assert code - documented == set(), "exit codes missing from the guide's table"
    assert documented - code == set(), "the guide documents exit codes the code does not have"
    assert code - in_docs == set(), "exit codes missing from docs/exit-codes.md"
    assert "(exit-codes.md)" in region("exit-codes")


def test_guide_links_to_files_that_exist():
    text = GUIDE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (GUIDE.parent / target).exists(), target


def test_guide_anchors_exist():
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    anchors |= set(re.findall(r'<a id="([^"]+)"', text))
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in anchors, anchor


# ---- docs/examples ---------------------------------------------------------------------------


def test_examples_are_listed_in_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    for path in sorted(EXAMPLES.iterdir()):
        assert f"examples/{path.name}" in text, path.name


def test_shell_examples_pass_shellcheck():
    shellcheck = shells.require("shellcheck")
    for path in sorted(EXAMPLES.glob("*.sh")):
        done = subprocess.run([shellcheck, "-s", "sh", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout


def test_batch_examples_have_crlf_line_endings():
    for path in sorted(EXAMPLES.glob("*.bat")):
        raw = path.read_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n") > 0, path.name


# ---- the sample scripts, beyond what the guide's transcripts show -----------------------------


def _example_env(tmp_path: Path) -> Path:
    """A fake environment (tests/conftest.py) with the sample scripts copied in, and a lock."""
    from tests.conftest import make_fake_prefix

    prefix = make_fake_prefix(tmp_path / "envs")
    for name in ("with-env.sh", "rebuild.sh"):
        shutil.copyfile(EXAMPLES / name, prefix / name)
    (prefix / ".envstrap").mkdir(exist_ok=True)  # activation wrote activate-more.* there
    (prefix / ".envstrap" / "lock.txt").write_text("@EXPLICIT\n")
    return prefix


def test_with_env_sh_runs_the_command_inside_and_leaves_the_caller_alone(tmp_path, isolated):
    prefix = _example_env(tmp_path)
    script = ('sh "$1/with-env.sh" sh -c \'echo "inside=$CONDA_PREFIX"\'; '
              'echo "after=${CONDA_PREFIX-unset}"')
    done = subprocess.run([shells.require("dash"), "-c", script, "x", str(prefix)],
                          env=isolated.env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"inside={prefix}", "after=unset"]


def test_with_env_sh_keeps_activations_refusal_and_its_status(tmp_path, isolated):
    prefix = _example_env(tmp_path)
    env = dict(isolated.env, VIRTUAL_ENV="/somewhere/venv")
    done = subprocess.run(["sh", str(prefix / "with-env.sh"), "sh", "-c", "echo RAN"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 3
    assert "RAN" not in done.stdout and "VIRTUAL_ENV is set" in done.stderr
    done = subprocess.run(["sh", str(prefix / "with-env.sh")], env=isolated.env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "usage:" in done.stderr


def test_with_env_sh_follows_a_moved_environment(tmp_path, isolated):
    shells.require("bash")
    prefix = _example_env(tmp_path)
    moved = prefix.rename(prefix.with_name("moved (ü)"))
    done = subprocess.run(["sh", str(moved / "with-env.sh"), "sh", "-c", 'echo "$CONDA_PREFIX"'],
                          env=isolated.env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"{moved}\n"), done.stderr


def test_rebuild_sh_runs_envstrap_with_the_lock_and_copies_itself(tmp_path, isolated):
    prefix = _example_env(tmp_path)
    fake = tmp_path / "fake-envstrap.sh"
    record = tmp_path / "argv"
    fake.write_text(f'printf "%s\\n" "$@" > "{record}"\nmkdir -p "$1/.envstrap"\n')
    new = tmp_path / "new env"
    env = dict(isolated.env, ENVSTRAP_SH=str(fake))
    done = subprocess.run(["sh", str(prefix / "rebuild.sh"), str(new), "--offline"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert record.read_text().splitlines() == [
        str(new), "--lock", str(prefix / ".envstrap" / "lock.txt"), "--offline"]
    assert (new / "rebuild.sh").read_bytes() == (EXAMPLES / "rebuild.sh").read_bytes()
    assert (new / "with-env.sh").is_file()


def test_rebuild_sh_refuses_without_a_lock_and_passes_envstraps_failure_on(tmp_path, isolated):
    prefix = _example_env(tmp_path)
    fake = tmp_path / "failing-envstrap.sh"
    fake.write_text("exit 6\n")
    env = dict(isolated.env, ENVSTRAP_SH=str(fake))
    done = subprocess.run(["sh", str(prefix / "rebuild.sh"), str(tmp_path / "new")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 6 and not (tmp_path / "new").exists()
    (prefix / ".envstrap" / "lock.txt").unlink()
    done = subprocess.run(["sh", str(prefix / "rebuild.sh"), str(tmp_path / "new")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 8 and "lock.txt' is missing" in done.stderr


@pytest.fixture(scope="module")
def example_wine():
    from tests.support import wine as winesupport

    return winesupport.start_wine()


def _windows_example_env(tmp_path: Path) -> Path:
    from envstrap.activation import write_activation_scripts
    from envstrap.layout import WINDOWS, EnvLayout
    from tests.support import wine as winesupport

    prefix = tmp_path / "envs" / "py env (1)"
    standin = winesupport.build_standin_exe()
    for rel in ("python.exe", "Scripts/conda.exe", "Library/bin/mamba.exe"):
        (prefix / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(standin, prefix / rel)
    (prefix / "conda-meta").mkdir()
    write_activation_scripts(EnvLayout(prefix, WINDOWS))
    for name in ("with-env.bat", "rebuild.bat"):
        shutil.copyfile(EXAMPLES / name, prefix / name)
    (prefix / ".envstrap").mkdir()
    (prefix / ".envstrap" / "lock.txt").write_text("@EXPLICIT\n")
    return prefix


def test_with_env_bat_activates_for_one_command_only(tmp_path, example_wine):
    from tests.support.wine import windows_path

    prefix = _windows_example_env(tmp_path)
    script = (f'call "{windows_path(prefix)}\\with-env.bat" python\n'
              "if defined CONDA_PREFIX (echo after=set) else (echo after=unset)\n")
    done = example_wine.run(script, tmp_path / "work")
    assert done.stdout.splitlines()[-2:] == [f"stand-in {windows_path(prefix)}\\python.exe",
                                             "after=unset"], done


def test_with_env_bat_stops_when_another_environment_is_active(tmp_path, example_wine):
    from tests.support.wine import windows_path

    prefix = _windows_example_env(tmp_path)
    # the script is the driver's last command, so its exit code is the process's
    script = f'set "VIRTUAL_ENV=C:\\venv"\n"{windows_path(prefix)}\\with-env.bat" python\n'
    done = example_wine.run(script, tmp_path / "work")
    assert done.returncode == 3, done
    assert "stand-in" not in done.stdout and "VIRTUAL_ENV is set" in done.stderr


def test_rebuild_bat_runs_envstrap_with_the_lock_and_copies_itself(tmp_path, example_wine):
    from tests.support.wine import windows_path

    prefix = _windows_example_env(tmp_path)
    fake = tmp_path / "fake envstrap.bat"
    fake.write_bytes(b'@echo off\r\necho ARGS %*\r\nmkdir "%~f1\\.envstrap"\r\n'
                     b'echo done>"%~f1\\.envstrap\\complete"\r\n')
    new = tmp_path / "new env"
    script = (f'set "ENVSTRAP_BAT={windows_path(fake)}"\n'
              f'"{windows_path(prefix)}\\rebuild.bat" "{windows_path(new)}" --offline\n')
    done = example_wine.run(script, tmp_path / "work")
    assert done.returncode == 0, done
    args = next(line for line in done.stdout.splitlines() if line.startswith("ARGS "))
    assert args == (f'ARGS "{windows_path(new)}" --offline --lock '
                    f'"{windows_path(prefix)}\\.envstrap\\lock.txt"')
    assert (new / "rebuild.bat").read_bytes() == (EXAMPLES / "rebuild.bat").read_bytes()
    assert (new / "with-env.bat").is_file()


def test_rebuild_bat_passes_envstraps_failure_on(tmp_path, example_wine):
    from tests.support.wine import windows_path

    prefix = _windows_example_env(tmp_path)
    fake = tmp_path / "failing.bat"
    fake.write_bytes(b"@exit /b 6\r\n")
    script = (f'set "ENVSTRAP_BAT={windows_path(fake)}"\n'
              f'"{windows_path(prefix)}\\rebuild.bat" "{windows_path(tmp_path / "new")}"\n')
    done = example_wine.run(script, tmp_path / "work")
    assert done.returncode == 6, done
    assert not (tmp_path / "new").exists()


# ---- facts the guide states that the code defines --------------------------------------------


def test_activation_variables_table_is_the_plan():
    from envstrap.activation.plan import build_plan
    from envstrap.layout import EnvLayout

    plan = build_plan(EnvLayout(Path("/x")))
    table = region("activation-variables")
    named = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            named |= set(re.findall(r"`([A-Z_][A-Z0-9_]*)`", row.split("|")[1]))
    assert named == {"PATH", *plan.saved_variables}


def test_path_order_table_is_the_layout():
    from envstrap.layout import POSIX, WINDOWS

    rows = {row.split("|")[1].strip(): re.findall(r"`([^`]+)`", row.split("|")[2])
            for row in region("path-order").splitlines() if row.startswith("| ")
            and "`" in row}
    posix = next(v for k, v in rows.items() if k.startswith("Linux"))
    windows = next(v for k, v in rows.items() if k.startswith("Windows"))
    assert posix == ["TARGET/" + d if d else "TARGET" for d in POSIX.path_dirs]
    assert windows == ["TARGET\\" + d.replace("/", "\\") if d else "TARGET"
                       for d in WINDOWS.path_dirs]


def test_markers_and_refused_characters_are_the_codes():
    from envstrap.guard import ACTIVE_ENV_MARKERS
    from envstrap.layout import REFUSED_CHARACTERS

    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("### 2.2"):text.index("### 2.3")]
    assert re.findall(r"^\| `([A-Z_]+)`", table, re.M) == [m.variable for m in ACTIVE_ENV_MARKERS]
    chars = text[text.index("### 6.9"):text.index("### 6.10")]
    refused = [row.split("|")[1].strip().strip("`") for row in chars.splitlines()
               if row.startswith("| `") and "refused" in row.split("|")[-2]]
    assert sorted(refused) == sorted(REFUSED_CHARACTERS)


def test_doctor_checks_named_in_the_guide_exist():
    from envstrap.doctor.model import ordered_checks

    ids = {info.id for info in ordered_checks()}
    named = set(re.findall(r"`((?:target|shell|machine)\.[a-z-]+)`", GUIDE.read_text("utf-8")))
    assert named and named - ids == set()


def test_the_envstrap_sh_walkthrough_names_every_function_and_no_other():
    defined = set(re.findall(r"^([a-z_][a-z0-9_]*)\(\) \{", STAGE0["sh"].read_text(), re.M))
    named = set(re.findall(r"`([a-z_][a-z0-9_]*)`", "\n".join(
        row.split("|")[1] for row in region("sh-functions").splitlines() if row.startswith("| `"))))
    assert named == defined


def test_final_keys_named_are_the_condarc_s():
    from envstrap.condarc import render_condarc

    text = render_condarc(Path("/x"), ["conda-forge"], Path("/x/pkgs"))
    final = set(re.findall(r"^(\w+):.*#!final", text, re.M))
    assert set(re.findall(r"`(\w+)`", region("final-keys"))) == final


def test_powershell_example_parses_and_finds_its_folder_itself():
    from tests.test_bootstrap_ps1 import parse, walk

    source = (EXAMPLES / "with-env.ps1").read_bytes()
    tree = parse(source)
    bad = [n for n in walk(tree.root_node) if n.type == "ERROR" or n.is_missing]
    assert not bad, [n.text for n in bad]
    text = source.decode("utf-8")
    assert "$PSScriptRoot" in text and "Activate.ps1" in text
    assert not re.search(r"^[^#]*[A-Z]:\\", text, re.M)  # no absolute path outside comments


def test_tables_and_code_fences_are_well_formed():
    lines = GUIDE.read_text(encoding="utf-8").split("\n")
    fences = [line for line in lines if line.startswith("```")]
    assert len(fences) % 2 == 0
    in_code, width = False, None
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("|"):
            width = None
            continue
        cells = len(line.replace("\\|", "").strip().strip("|").split("|"))
        width = width or cells
        assert cells == width, f"guide line {number}: {cells} cells, the table has {width}"
