"""bootstrap/envstrap.ps1, checked without PowerShell.

There is no PowerShell on the test machines, so the script is never run here. It is parsed with
tree-sitter-powershell, and the tree is checked: it parses cleanly, uses nothing newer than
Windows PowerShell 5.1, and carries the same tables as the rest of envstrap (exit codes, the
active-environment markers, the refused characters, the stage-1 command line, the options of
envstrap.sh). Without the parser these tests skip locally and fail under CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.support.shells import in_ci

REPO = Path(__file__).resolve().parents[1]
# tests/test_dist.py runs this file again on the built single file (dist/envstrap.ps1).
PS1 = Path(os.environ.get("ENVSTRAP_TEST_PS1") or REPO / "bootstrap" / "envstrap.ps1")
SH = REPO / "bootstrap" / "envstrap.sh"
PINS = REPO / "bootstrap" / "micromamba.pins"
BOM = b"\xef\xbb\xbf"

# Leaf tokens that exist only in PowerShell 7: null-coalescing, null-conditional member access,
# the ternary operator and pipeline chains.
PS7_TOKENS = {"??", "??=", "?.", "?[", "?", "&&", "||"}
PS7_NODE_TYPES = {"pipeline_chain_tail", "ternary_expression"}
PS7_PARAMETERS = {"-parallel", "-ashashtable"}


@cache
def _parser():
    try:
        import tree_sitter
        import tree_sitter_powershell
    except ImportError as exc:  # pragma: no cover - depends on the machine
        return exc
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def parse(source: bytes):
    parser = _parser()
    if isinstance(parser, ImportError):
        message = f"tree-sitter-powershell is not installed ({parser}); pip install -e '.[dev]'"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return parser.parse(source)


@cache
def _script_tree():
    raw = PS1.read_bytes()
    return parse(raw[len(BOM):] if raw.startswith(BOM) else raw)


@pytest.fixture
def tree():
    return _script_tree()


def walk(node) -> Iterator:
    yield node
    for child in node.children:
        yield from walk(child)


def text(node) -> str:
    return node.text.decode("utf-8")


def string_value(node) -> str:
    """The value of a string_literal node (no expansion of "..." strings)."""
    raw = text(node)
    if raw.startswith("@'") or raw.startswith('@"'):
        return raw[2:-2].strip("\r\n")
    body = raw[1:-1]
    return body.replace("''", "'") if raw.startswith("'") else body


def strings(node) -> list[str]:
    return [string_value(n) for n in walk(node) if n.type == "string_literal"]


def functions(tree) -> dict[str, object]:
    return {text(n.child_by_field_name("name") or _name(n)): n
            for n in walk(tree.root_node) if n.type == "function_statement"}


def _name(function_node):
    return next(c for c in function_node.children if c.type == "function_name")


def commands(node, name: str) -> list:
    return [n for n in walk(node) if n.type == "command" and n.children
            and n.children[0].type == "command_name"
            and text(n.children[0]).lower() == name.lower()]


def assignments(tree) -> dict[str, object]:
    """Top-level `$NAME = value` statements: name -> the value's node."""
    found = {}
    for n in walk(tree.root_node):
        if n.type != "assignment_expression" or n.parent is None:
            continue
        left = next(c for c in n.children if c.type == "left_assignment_expression")
        variables = [c for c in walk(left) if c.type == "variable"]
        if len(variables) == 1 and text(variables[0]) == text(left):
            found.setdefault(text(left)[1:], n.children[-1])
    return found


def sh_usage() -> str:
    source = SH.read_text(encoding="utf-8")
    return source.split("usage() {", 1)[1].split("\nEOF\n", 1)[0]


# ---- the file itself ----------------------------------------------------------------------------

def test_saved_as_utf8_with_bom():
    raw = PS1.read_bytes()
    assert raw.startswith(BOM), "Windows PowerShell 5.1 reads a .ps1 without a BOM as ANSI"
    raw[len(BOM):].decode("utf-8")  # strict: no stray bytes
    assert BOM not in raw[len(BOM):]


def test_parses_without_error_or_missing_nodes(tree):
    bad = [(n.type, n.start_point[0] + 1, text(n)[:60]) for n in walk(tree.root_node)
           if n.type == "ERROR" or n.is_missing]
    assert not tree.root_node.has_error and not bad, bad


def ps7_only_syntax(tree) -> list[tuple[int, str]]:
    found = []
    for n in walk(tree.root_node):
        if n.type in ("comment", "string_literal"):
            continue
        token = n.child_count == 0 and text(n) in PS7_TOKENS
        parameter = n.type == "command_parameter" and text(n).lower() in PS7_PARAMETERS
        rejected = n.type == "ERROR" and "?" in text(n)  # the grammar rejects ?? and ?:
        if n.type in PS7_NODE_TYPES or token or parameter or rejected:
            found.append((n.start_point[0] + 1, text(n).strip()))
    return found


def test_the_ps7_syntax_scan_finds_what_it_looks_for():
    samples = [
        ("??", b"$a = $b ?? 1\n"),
        ("??", b"$e ??= 3\n"),
        ("?", b"$c = $d ? 1 : 2\n"),
        ("&&", b"x && y\n"),
        ("||", b"x || y\n"),
        ("-Parallel", b"1..3 | ForEach-Object -Parallel { $_ }\n"),
    ]
    for operator, sample in samples:
        found = ps7_only_syntax(parse(sample))
        assert any(operator in token for _, token in found), (operator, found)
    assert ps7_only_syntax(parse(b"$a = if ($b) { 1 } else { 2 }\nx; if ($?) { y }\n")) == []


def test_uses_nothing_newer_than_windows_powershell_5_1(tree):
    assert ps7_only_syntax(tree) == []
    code = PS1.read_text(encoding="utf-8-sig")
    assert "-AsHashtable" not in code and "$PSStyle" not in code


def test_strict_mode_and_stop_on_errors_come_first(tree):
    statements = next(n for n in tree.root_node.children if n.type == "statement_list")
    top = [n for n in statements.children if n.type != "comment"]
    first = [re.sub(r"\s+", " ", text(n)) for n in top[:2]]
    assert first == ["Set-StrictMode -Version Latest", "$ErrorActionPreference = 'Stop'"]


def test_header_says_how_to_run_it_when_the_execution_policy_blocks_scripts():
    header = PS1.read_text(encoding="utf-8-sig").split("\n\n", 1)[0]
    assert ("powershell -NoProfile -ExecutionPolicy Bypass -File bootstrap\\envstrap.ps1 "
            "D:\\envs\\py312 --python 3.12") in header
    code = PS1.read_text(encoding="utf-8-sig")
    assert not commands(_script_tree().root_node, "Set-ExecutionPolicy"), "never change the policy"
    assert "Set-ExecutionPolicy" not in code


# ---- shared tables ------------------------------------------------------------------------------

def test_every_exit_uses_a_named_code(tree):
    exits = [n for n in walk(tree.root_node) if n.type == "flow_control_statement"
             and text(n.children[0]).lower() == "exit"]
    assert exits
    for n in exits:
        assert len(n.children) == 2 and re.fullmatch(r"\$[\w:]+", text(n.children[1])), text(n)


def test_generated_tables_are_used(tree):
    """The values come from the generated region (tests/test_generated_constants.py); here:
    the code that needs them reads them."""
    guard = functions(tree)["Test-CleanShell"]
    assert "$ACTIVE_ENV_MARKERS" in text(guard) and "$EXIT_SHELL_NOT_CLEAN" in text(guard)
    assert "'CONDA_SHLVL'" in text(guard), "CONDA_SHLVL=0 means nothing is active"
    assert "$REFUSED_CHARACTERS" in text(functions(tree)["Test-Target"])
    assert "$SCRUBBED_PATTERNS" in text(functions(tree)["Invoke-Scrubbed"])
    # Run isolated (-I -B), by the hand-over and by doctor/bundle.
    code = PS1.read_text(encoding="utf-8-sig")
    assert code.count("@('-I', '-B', '-c', $STAGE1_BOOT, $script:Stage1Src,") == 2


# ---- micromamba ---------------------------------------------------------------------------------

def test_pins_are_read_from_the_script_folder(tree):
    joins = [c for c in commands(tree.root_node, "Join-Path") if "micromamba.pins" in strings(c)]
    # read in one place (Import-Pins), for the download (Read-Pins) and for a bundle's
    # micromamba (by Use-Bundle, for Test-BundleMicromambaPin) alike
    assert len(joins) == 1 and all("$PSScriptRoot" in text(j) for j in joins)
    assert sum(s == "micromamba.pins" for s in strings(tree.root_node)) == 1
    assert "Join-Path $PSScriptRoot 'micromamba.pins'" in text(functions(tree)["Import-Pins"])
    for user in ("Read-Pins", "Use-Bundle"):
        assert "(Import-Pins)" in text(functions(tree)[user]), user
    read_pins = text(functions(tree)["Read-Pins"])
    assert "$EXIT_MICROMAMBA_UNAVAILABLE" in read_pins and "-eq '-'" in read_pins
    # The same unpinned-platform message as envstrap.sh.
    sh_message = re.search(r'"(this envstrap pins no checksum[^"]*)"', SH.read_text()).group(1)
    ps_message = re.search(r'"(this envstrap pins no checksum[^"]*)"', read_pins).group(1)
    normalise = re.compile(
        r"\$\(\$script:MmVersion\)|\$MM_VERSION|\$\(\$script:Platform\)|\$PLATFORM")
    assert normalise.sub("X", sh_message) == normalise.sub("X", ps_message)


def test_a_bundle_without_pins_to_check_its_micromamba_against_is_refused(tree):
    """No pins (a checkout without micromamba.pins): Use-Bundle refuses, before anything is
    written, as Read-Pins does for a download; the pin check cannot be skipped silently."""
    use = text(functions(tree)["Use-Bundle"])
    refusal = re.search(r"if \(-not \(Import-Pins\)\) \{\s*Stop-Envstrap (\$\w+) (\"[^\"]*\")", use)
    assert refusal and refusal.group(1) == "$EXIT_MICROMAMBA_UNAVAILABLE", use
    download = re.search(r"Stop-Envstrap \$\w+ (\"the pins file [^\"]*\")",
                         text(functions(tree)["Read-Pins"]))
    message = "\"the pins file '$($script:PinsFile)' is missing.\""
    assert refusal.group(2) == download.group(1) == message
    assert use.index("(Import-Pins)") < use.index("checking every file of the bundle")
    # the check uses the pins Use-Bundle loaded: it has no way left to skip itself
    assert "Import-Pins" not in text(functions(tree)["Test-BundleMicromambaPin"])


def test_the_pins_file_has_a_win_64_line_the_script_can_use():
    line = next(ln.split() for ln in PINS.read_text().splitlines() if ln.startswith("win-64 "))
    assert re.fullmatch(r"[0-9a-f]{64}", line[1]) and line[2].startswith("https://")


def test_downloads_only_https_or_file_urls(tree):
    code = PS1.read_text(encoding="utf-8-sig")
    for tool in ("curl", "curl.exe", "wget", "Start-BitsTransfer", "Invoke-RestMethod", "iwr"):
        assert not commands(tree.root_node, tool), tool
    assert "WebClient" not in code and "bitsadmin" not in code.lower() and "http://" not in code
    iwr = commands(tree.root_node, "Invoke-WebRequest")
    assert len(iwr) == 1
    download = functions(tree)["Invoke-Download"]
    body = text(download)
    call = body.index("Invoke-WebRequest @request")
    assert body.index("if (-not $Url.StartsWith('https://')) { return") < call
    assert body.index("if ($Url.StartsWith('file://'))") < call
    assert "UseBasicParsing = $true" in body and "[Net.SecurityProtocolType]::Tls12" in body
    assert "$env:HTTPS_PROXY" in body
    url_option = text(functions(tree)["Set-Option"])
    assert "StartsWith('https://')" in url_option and "StartsWith('file://')" in url_option


def test_a_download_is_checked_before_it_is_renamed_or_run(tree):
    body = text(functions(tree)["Get-Micromamba"])
    download = body.index("Invoke-Download $script:MmUrl $script:Partial")
    check = body.index("Test-Binary $script:Partial")
    rename = body.index("Move-Item -LiteralPath $script:Partial")
    assert download < check < rename
    assert body.index("Test-Binary $mm") < download, "a cached copy is verified again"


def test_only_a_private_verified_copy_of_micromamba_runs(tree):
    """Issue 16: the download goes into a folder this run made (a random name in the target's
    scratch folder), a cached binary is copied there before it is verified, and what runs is
    that copy; the cache entry is written through a fresh name and a rename, never via a link."""
    body = text(functions(tree)["Get-Micromamba"])
    assert "$script:MmPrivate = New-PrivateFolder" in body
    assert "$mm = Join-Path $script:MmPrivate 'micromamba.exe'" in body
    assert "$script:Micromamba = $mm" in body
    assert "$script:Partial = Join-Path $script:MmPrivate 'download.tmp'" in body
    assert body.index("[System.IO.File]::Copy($cached, $mm, $false)") < body.index(
        "Test-Binary $mm")
    assert "partial-" not in body and "Test-ReparsePoint $cached" in body
    assert "Join-Path $script:Scratch" in text(functions(tree)["New-PrivateFolder"])
    save = text(functions(tree)["Save-ToCache"])
    assert "(Get-Acl -LiteralPath $dir).Owner" in save and "$owner -ne $me" in save
    assert save.index("Test-ReparsePoint $dir") < save.index(
        "[System.IO.File]::Copy($Verified, $kept, $false)") < save.index(
        "Move-Item -LiteralPath $kept -Destination $Entry")
    assert "Remove-PrivateCopy" in text(functions(tree)["Complete-Run"])
    test_binary = text(functions(tree)["Test-Binary"])
    assert "0x4D" in test_binary and "0x5A" in test_binary and "Get-Sha256" in test_binary
    assert "-Algorithm SHA256" in text(functions(tree)["Get-Sha256"])
    # Running micromamba happens only after Get-Micromamba in the main sequence.
    main = text(functions(tree)["Invoke-Main"])
    order = [main.index(step) for step in ("Get-Micromamba", "Test-MicromambaRuns",
                                           "New-Environment", "Invoke-HandOver")]
    assert order == sorted(order)


def test_micromamba_is_only_asked_to_install(tree):
    create = functions(tree)["New-Environment"]
    args = strings(create)
    assert args[0] == "install"
    for flag in ("install", "-r", "-p", "--rc-file", "-y", "--override-channels",
                 "--strict-channel-priority", "-c", "conda", "mamba", "-f", "--offline"):
        assert flag in args, flag
    # No word of any command line anywhere asks for `create`, `shell init` or `shell hook`.
    words = set(strings(tree.root_node))
    words |= {text(n) for n in walk(tree.root_node) if n.type == "generic_token"}
    for forbidden in ("create", "shell", "init", "hook", "activate", "run"):
        assert forbidden not in words, forbidden
    for value in strings(tree.root_node):
        assert not re.search(r"\bshell (init|hook)\b", value), value
    # micromamba is started in exactly two places: `--version`, and the install's argument list.
    calls = [n for n in walk(tree.root_node) if n.type == "command"
             and n.children[0].type == "command_invokation_operator"]
    programs = sorted(text(n.children[1]) for n in calls)
    assert programs == ["$Program", "$python", "$script:Micromamba"], programs
    assert "& $script:Micromamba --version 2>$null" in text(functions(tree)["Test-MicromambaRuns"])
    scrubbed_calls = sorted(re.sub(r"\s+", " ", text(c))
                            for c in commands(tree.root_node, "Invoke-Scrubbed"))
    assert scrubbed_calls == [
        "Invoke-Scrubbed $script:Micromamba $argv.ToArray()",
        "Invoke-Scrubbed (Join-Path $script:Target 'python.exe') $argv.ToArray()",
    ]
    # Its own rc file, root prefix and TEMP inside the target.
    main = text(functions(tree)["Invoke-Main"])
    assert "Join-Path $script:StateDir 'micromamba-root'" in main
    assert "Join-Path $script:StateDir 'micromamba.yml'" in main
    scrubbed = text(functions(tree)["Invoke-Scrubbed"])
    assert "@('TEMP', 'TMP', 'TMPDIR')" in scrubbed and "$script:Scratch" in scrubbed
    assert "finally" in scrubbed, "the variables are restored in this process"


def test_no_registry_or_profile_writes(tree):
    for cmdlet in ("Set-ItemProperty", "New-ItemProperty", "Remove-ItemProperty", "reg",
                   "reg.exe", "setx", "Set-ExecutionPolicy"):
        assert not commands(tree.root_node, cmdlet), cmdlet
    code = PS1.read_text(encoding="utf-8-sig")
    assert "$PROFILE" not in code and "SetEnvironmentVariable($name, $null, " not in code
    reads = commands(tree.root_node, "Get-ItemProperty")
    assert len(reads) == 1 and "LongPathsEnabled" in strings(reads[0])


# ---- command line -------------------------------------------------------------------------------

def sh_options() -> set[str]:
    return set(re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", sh_usage()))


def test_every_option_of_envstrap_sh_is_handled(tree):
    options = sh_options()
    assert {"--python", "--with", "--micromamba-sha256", "-h", "--keep-failed"} <= options
    # doctor's own options are passed to stage 1 with the rest of the command line.
    forwarded = {"--json", "--deep"}
    handled = set(strings(functions(tree)["Read-Arguments"]))
    handled |= set(strings(assignments(tree)["VALUE_OPTIONS"]))
    missing = sorted(options - forwarded - handled)
    assert not missing, f"envstrap.sh documents {missing}, envstrap.ps1 does not handle them"
    for value_option in strings(assignments(tree)["VALUE_OPTIONS"]):
        assert f"'{value_option}'" in text(functions(tree)["Set-Option"]), value_option
    stage1 = text(functions(tree)["Invoke-Stage1Command"])
    assert "for ($i = 2; $i -lt $Arguments.Count; $i++)" in stage1
    main = text(functions(tree)["Invoke-Main"])
    assert "$Arguments[0] -ceq 'doctor'" in main and "$Arguments[0] -ceq 'bundle'" in main


def test_its_help_documents_the_same_options(tree):
    usage = next(s for s in strings(functions(tree)["Show-Usage"]) if "Options:" in s)
    documented = set(re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", usage))
    assert sh_options() <= documented


def test_usage_errors_and_checks_share_envstrap_sh_wording(tree):
    sh = SH.read_text(encoding="utf-8")
    code = PS1.read_text(encoding="utf-8-sig")
    for message in (
        "--micromamba-url and --micromamba-sha256 go together: give both or neither",
        "--micromamba and --micromamba-url exclude each other",
        "--lock installs exactly the locked packages: --python and --with do not apply",
        "missing TARGET (the folder to create the environment in)",
        "is already a complete envstrap environment; nothing to do.",
        "a Python environment is active in this shell.",
        "envstrap never deletes what it did not create",
        "It was deleted and not run.",
        "is left marked incomplete; run the same command again to resume.",
    ):
        assert message in sh and message in code, message
    die = text(functions(tree)["Stop-Envstrap"])
    assert "'envstrap: error: '" in die and "'envstrap: hint: '" in die


BUNDLE_MESSAGES = (
    "--bundle brings its own packages, channels and micromamba: --lock, --python, --with, "
    "--channel and --micromamba* do not apply",
    "is not an envstrap bundle (no SHA256SUMS, lock.txt or channels.txt)",
    "checking every file of the bundle against its SHA256SUMS",
    "the bundle's micromamba is not listed in SHA256SUMS.",
    "the bundle lists an unsafe path",
    "the bundle is damaged: '",
    "the bundle's lock names ",
    ", which SHA256SUMS does not list.",
    "make the bundle again",
)


def test_bundle_messages_are_the_same_in_all_three_stage0_scripts():
    for path in (SH, PS1, REPO / "bootstrap" / "envstrap.bat"):
        code = path.read_text(encoding="utf-8-sig")
        for message in BUNDLE_MESSAGES:
            assert message in code, (path.name, message)


def test_bundle_is_verified_before_anything_is_written_and_feeds_the_lock(tree):
    main = text(functions(tree)["Invoke-Main"])
    first_write = main.index("$script:Writing = $true")
    assert main.index("Use-Bundle") < first_write
    # the rewritten lock is written once the run holds its lock, and replaces --lock
    order = [main.index(f) for f in ("Enter-RunLock", "Write-BundleLock", "New-Environment")]
    assert order == sorted(order)
    use = text(functions(tree)["Use-Bundle"])
    for needle in ("SHA256SUMS", "Get-Sha256", "'^[A-Za-z0-9._+/-]+$'", "'..'",
                   "$script:BundleVerified.Add($path)", "micromamba.exe", "channels.txt"):
        assert needle in use, needle
    lock = text(functions(tree)["Write-BundleLock"])
    # packages in pkgs/<subdir>/ (this platform's or noarch), as in a channel
    assert "$script:BundleVerified.Contains(\"pkgs/$candidate/$name\")" in lock
    assert "@($script:Platform, 'noarch')" in lock
    assert "'/pkgs/' + $subdir + '/' + $name" in lock
    # old flat bundles refused; lock.txt and channels.txt must be listed
    for needle in ("'^pkgs/[^/]+$'", "was made by an older envstrap",
                   "@('lock.txt', 'channels.txt')", "is not listed in SHA256SUMS"):
        assert needle in use, needle
    # the bundle's micromamba runs as a verified private copy, compared with the pins
    assert main.index("Copy-BundleMicromamba") < main.index("Test-BundleMicromambaPin") < \
        main.index("New-Environment")
    copy = text(functions(tree)["Copy-BundleMicromamba"])
    for needle in ("New-PrivateFolder", "Get-Sha256 $copy", "$script:Micromamba = $copy"):
        assert needle in copy, needle
    assert "$script:LockFile = Join-Path $script:StateDir 'bundle-lock.txt'" in lock
    # file:// URLs as envstrap.bat writes them: %, space and # escaped, \ turned into /
    url = text(functions(tree)["ConvertTo-FileUrl"])
    for needle in ("'file:///'", "'file://'", "Replace('%', '%25')", "Replace(' ', '%20')",
                   "Replace('#', '%23')"):
        assert needle in url, needle


def test_target_checks_cover_the_windows_cases(tree):
    body = text(functions(tree)["Test-Target"])
    for needle in ("network (UNC) path", "root folder", "$env:USERPROFILE", "$env:SystemRoot",
                   "exists and is not a folder", "Test-Busy", ".envstrap\\complete",
                   ".envstrap\\incomplete", "$PATH_ROOM", "259", "Test-LongPathsEnabled"):
        assert needle in body, needle
    assert int(text(assignments(tree)["PATH_ROOM"])) == 120
    # Everything is checked before the first write.
    main = text(functions(tree)["Invoke-Main"])
    first_write = main.index("$script:Writing = $true")
    for check in ("Read-Arguments", "Test-CleanShell", "Test-Target", "Select-Micromamba",
                  "Find-Stage1"):
        assert main.index(check) < first_write, check


def test_failure_cleanup_runs_in_a_finally_block(tree):
    code = PS1.read_text(encoding="utf-8-sig")
    tail = code[code.rindex("\ntry {"):]
    assert "Invoke-Main $args" in tail and "finally" in tail and "Complete-Run" in tail
    cleanup = text(functions(tree)["Complete-Run"])
    assert "$script:KeepFailed" in cleanup and "$script:CreatedTarget" in cleanup
    assert "run.lock" in cleanup and "interrupted" in cleanup


def test_a_failed_run_removes_only_what_it_made(tree):
    """Issue 16: the target this run made (recursively, under its lock), and each parent its own
    New-OwnFolder made, never recursively (a parent others filled meanwhile stays)."""
    cleanup = text(functions(tree)["Complete-Run"])
    recursive = [text(c) for c in commands(functions(tree)["Complete-Run"], "Remove-Item")
                 if "-Recurse" in text(c)]
    assert sorted(recursive) == sorted([
        "Remove-Item -LiteralPath (Join-Path $script:StateDir 'run.lock') -Recurse -Force "
        "-ErrorAction SilentlyContinue",
        "Remove-Item -LiteralPath $script:Target -Recurse -Force -ErrorAction SilentlyContinue"])
    assert "[System.IO.Directory]::Delete($dir, $false)" in cleanup
    make = text(functions(tree)["New-Target"])
    assert "New-OwnFolder $dir" in make and "(New-OwnFolder $script:Target)" in make
    main = text(functions(tree)["Invoke-Main"])
    assert main.index("New-Target") < main.index("CreateDirectory($script:StateDir)")


def test_run_lock_records_the_host_and_takes_a_stale_lock_over_atomically(tree):
    """Issue 16: the owner line is "PID STARTED HOST" like envstrap.sh's; a lock from another
    host is never taken over; a stale lock is renamed to a name of this run's, its owner read
    again, and put back when it changed (another run took it over first)."""
    sh = SH.read_text(encoding="utf-8")
    assert 'echo "$$ $STARTED $HOST_NAME" >"$STATE_DIR/run.lock/owner"' in sh
    enter = text(functions(tree)["Enter-RunLock"])
    assert '"$PID $($script:Started) $($script:HostName)`r`n"' in enter
    busy = text(functions(tree)["Test-Busy"])
    assert "$ownerHost -ne $script:HostName" in busy
    assert "a lock from another host is never taken over automatically" in busy
    assert "Remove-Item" not in busy and "Remove-StaleLock $lock $line $owner" in busy
    take = text(functions(tree)["Remove-StaleLock"])
    assert take.index("[System.IO.Directory]::Move($Lock, $stale)") < take.index(
        "(Read-LockOwner $stale) -cne $Line") < take.index("Remove-Item -LiteralPath $stale")
    assert "[System.IO.Directory]::Move($stale, $Lock)" in take


def test_hand_over_passes_stage_1_what_envstrap_sh_passes(tree):
    sh = SH.read_text(encoding="utf-8")
    sh_hand_over = sh.split("hand_over() {", 1)[1].split("\n}\n", 1)[0]
    expected = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", sh_hand_over))
    hand_over = functions(tree)["Invoke-HandOver"]
    passed = {s for s in strings(hand_over) if s.startswith("--")}
    assert passed == expected
    assert "finalize" in strings(hand_over)
    # Its exit code is passed on, and "done" means complete (issue 9).
    assert "Test-Complete $status" in text(hand_over)
    complete = text(functions(tree)["Test-Complete"])
    assert "Join-Path $script:StateDir 'complete'" in complete
    assert "Stop-Envstrap $EXIT_FINALIZE_FAILED" in complete and "Exit-Envstrap $Status" in complete
    main = text(functions(tree)["Invoke-Main"])
    assert main.index("Invoke-HandOver") < main.index("Write-Say 'done. Activate with:'")


def test_both_option_forms_are_checked_alike(tree):
    """Issue 16: --opt=value and --opt value both go through Set-Option, which refuses a value
    that starts with - and one with a line break."""
    options = text(functions(tree)["Set-Option"])
    assert "if ($Value.StartsWith('-')) { Stop-Usage \"option $Option needs a value, got" in options
    assert 'if ($Value.Contains("`n") -or $Value.Contains("`r"))' in options
    parse = text(functions(tree)["Read-Arguments"])
    assert parse.count("Set-Option $") == 2


def test_micromamba_versions_advice_and_zst_as_in_envstrap_sh(tree):
    """Parsed only: the same supported versions, the same dropped 1.x advice and the same
    repodata_use_zst rule as envstrap.sh, whose behaviour tests/test_micromamba_versions.py runs."""
    runs = text(functions(tree)["Test-MicromambaRuns"])
    for needle in ("StartsWith('1.5.')", "StartsWith('2.')", "is not supported: envstrap works "
                   "with micromamba 1.5.x and 2.x.", "$EXIT_MICROMAMBA_UNAVAILABLE"):
        assert needle in runs, needle
    # asked once the run holds its lock (a single file first checks its stage 1), before
    # micromamba installs anything
    main = text(functions(tree)["Invoke-Main"])
    assert main.index("Enter-RunLock") < main.index("Test-MicromambaRuns") < \
        main.index("New-Environment")
    advice = text(functions(tree)["Test-ActivationAdvice"])
    assert "'To activate this environment, use:'" in advice and "mycommand$" in advice
    assert "Test-ActivationAdvice" in text(functions(tree)["Invoke-Scrubbed"])
    rc = text(functions(tree)["Write-MicromambaRc"])
    assert "'repodata_use_zst: false'" in rc and "file://" in rc
