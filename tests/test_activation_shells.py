"""What only the POSIX shells and fish do, run in real bash, dash, zsh, ksh and fish: refusing
to be run instead of sourced, PS1 and fish_prompt, sh/dash's recorded folder, no process
started. The scenarios every shell shares (cmd included) are in tests/test_activation.py.

These use a fake prefix (tiny programs in place of python/conda/mamba), so they test activation
itself, quickly; tests/test_e2e_posix.py repeats the essentials on a bootstrapped environment.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from envstrap.activation.fish import plain_state_pattern
from envstrap.activation.plan import build_plan
from envstrap.activation.posix import PosixShell
from envstrap.layout import EnvLayout
from tests.support import shells
from tests.support.isolation import IsolatedHome

ALL = shells.ALL_SHELLS


def _run(shell: str, script: str, isolated: IsolatedHome, extra: dict[str, str] | None = None):
    env = dict(isolated.env)
    env.update(extra or {})
    return shells.run(shell, script, env, cwd=isolated.root)


def _without_hook_output(text: str) -> str:
    """Drop the line the fake prefix's deactivate.d hook prints."""
    return re.sub(r"trace=[a-z,-]*\n", "", text)


def _bracketed(text: str) -> list[str]:
    return re.findall(r"\[([^]]*)\]", text)


def _dump(shell: str, path: Path) -> str:
    return shells.dump_command(shell, path)


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_running_instead_of_sourcing_is_refused(shell, fake_prefix, isolated):
    result = _run(shell, f"{shells.sh_quote(shells.require(shell))} "
                         f"{shells.sh_quote(str(fake_prefix / 'activate'))}", isolated)
    assert result.returncode == 2
    assert "must be sourced" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_prompt_prefix_and_opt_out(shell, fake_prefix, isolated):
    script = f"PS1='$ '; {shells.source_command(shell, fake_prefix)}; printf '[%s]' \"$PS1\"; " \
             "deactivate; printf '[%s]' \"$PS1\""
    result = _run(shell, script, isolated)
    assert _bracketed(result.stdout) == ["(env (ü) it_s _HOME & _x_) $ ", "$ "], result.stderr
    result = _run(shell, script, isolated, {"ENVSTRAP_DISABLE_PROMPT": "1"})
    assert _bracketed(result.stdout) == ["$ ", "$ "]


@pytest.mark.parametrize("shell", ["bash", "zsh", "ksh"])
def test_the_folder_is_absolute_and_plain_however_the_file_was_named(shell, fake_prefix,
                                                                     isolated):
    """bash, zsh and ksh take the folder from the path the file was sourced by: relative, with
    ./, .. or // in it, CONDA_PREFIX is the same absolute folder without them (`activate`
    handles ./ and a relative path itself, `.envstrap/activate-rare.sh` walks the others)."""
    q = shells.sh_quote
    name = fake_prefix.name
    forms = [f"cd {q(str(fake_prefix))} && . ./activate",
             f"cd {q(str(fake_prefix.parent))} && . ./{q(name)}/activate",
             f"cd {q(str(fake_prefix / 'bin'))} && . ../activate",
             f"cd {q(str(fake_prefix))} && . ././activate",
             f". {q(str(fake_prefix / 'bin'))}/../activate",
             f". {q(str(fake_prefix))}/./activate",
             f". {q(str(fake_prefix))}//activate"]
    script = "; ".join(f'({form}; echo "[$CONDA_PREFIX]"; deactivate)' for form in forms)
    result = _run(shell, script, isolated)
    assert _bracketed(_without_hook_output(result.stdout)) == [str(fake_prefix)] * len(forms), \
        result.stderr


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_a_command_run_before_activation_is_found_anew(shell, fake_prefix, isolated, tmp_path):
    """A shell remembers where it found a command; activation and deactivate change PATH, which
    makes it search again (no `hash -r` needed): the environment's conda while active, the
    outer one before and after."""
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "conda").write_text("#!/bin/sh\necho outer-conda\n")
    (outer / "conda").chmod(0o755)
    script = (f"conda; {shells.source_command(shell, fake_prefix)}; conda; deactivate; conda")
    result = _run(shell, script, isolated, {"PATH": f"{outer}:/usr/bin:/bin"})
    assert _without_hook_output(result.stdout).split() == [
        "outer-conda", "fake-conda", "outer-conda"], result.stderr


def test_fish_prompt_wrapped_and_restored(fake_prefix, isolated):
    """An interactive fish (as config.fish, `fish -C` and a command typed at its prompt see it)
    shows the environment's name before its own prompt, and deactivate puts the prompt back. A
    fish that is not interactive draws no prompt: activation leaves its fish_prompt alone
    (CONDA_PROMPT_MODIFIER is set either way)."""
    script = ("function fish_prompt; printf 'P> '; end; "
              f"{shells.source_command('fish', fake_prefix)}; fish_prompt; "
              "printf '|%s|' \"$CONDA_PROMPT_MODIFIER\"; deactivate; fish_prompt")
    name = "(env (ü) it_s _HOME & _x_) "
    interactive = subprocess.run([shells.require("fish"), "-i", "--no-config", "-c", script],
                                 env=dict(isolated.env, TERM="dumb"), cwd=isolated.root,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=shells.HANG_SECONDS)
    assert _without_hook_output(interactive.stdout) == f"{name}P> |{name}|P> ", \
        interactive.stderr
    result = _run("fish", script, isolated)
    assert _without_hook_output(result.stdout) == f"P> |{name}|P> ", result.stderr


def test_dash_falls_back_to_the_recorded_folder_and_says_when_it_is_gone(fake_prefix, isolated,
                                                                         tmp_path):
    moved = tmp_path / "moved"
    shutil.move(str(fake_prefix), moved)
    result = _run("dash", f". {shells.sh_quote(str(moved / 'activate'))}; echo status=$?",
                  isolated)
    assert "status=4" in result.stdout
    assert "Source it from bash, zsh or ksh" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_deactivate_says_so_when_the_folder_is_gone(shell, fake_prefix, isolated, tmp_path):
    """What deactivate runs is in the environment (.envstrap/deactivate.sh): when the folder was
    moved while active, deactivate fails loudly and changes nothing; back in place, it works."""
    moved = tmp_path / "moved"
    q = shells.sh_quote
    result = _run(shell, f"{shells.source_command(shell, fake_prefix)}; "
                         f"mv {q(str(fake_prefix))} {q(str(moved))}; deactivate; "
                         'echo "[$?] [$CONDA_PREFIX]"; '
                         f"mv {q(str(moved))} {q(str(fake_prefix))}; deactivate; "
                         'echo "[$?] [${CONDA_PREFIX-unset}]"', isolated)
    assert _bracketed(_without_hook_output(result.stdout)) == [
        "1", str(fake_prefix), "0", "unset"], result.stderr
    assert (f"envstrap: cannot deactivate: '{fake_prefix}' is gone (moved or deleted while "
            "active); open a new shell.") in result.stderr


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
@pytest.mark.parametrize("state", ['{"env_vars": {"had": "new", "plain": "1"}}',
                                   '{"env_vars": {"had": "new", "plain": "1", "conda_x": "c"}}'],
                         ids=["quick reader", "quick reader stops, full reader"])
def test_activation_under_set_eu(shell, state, fake_prefix, isolated):
    """Scripts often `set -eu` (stop at a failing command, an unset variable is an error)
    before sourcing activate: activation, both config-var readers, the package's hooks and
    deactivate run through there alike, and the user's value comes back."""
    (fake_prefix / "conda-meta" / "state").write_text(state)
    result = _run(shell, f"set -eu; {shells.source_command(shell, fake_prefix)}; "
                         'echo "[$HAD] [$PLAIN] [${CONDA_X-unset}] [$CONDA_PREFIX]"; deactivate; '
                         'echo "[$HAD] [${PLAIN-unset}] [${CONDA_X-unset}] '
                         '[${CONDA_PREFIX-unset}]"', isolated, {"HAD": "old"})
    assert result.returncode == 0, result.stderr
    applied = "c" if "conda_x" in state else "unset"
    assert _bracketed(_without_hook_output(result.stdout)) == [
        "new", "1", applied, str(fake_prefix), "old", "unset", "unset", "unset"], result.stderr


@pytest.mark.parametrize("shell", ALL)
def test_activation_starts_no_process(shell, fake_prefix, isolated, tmp_path):
    """strace counts every process the shell starts while sourcing the script."""
    strace = shells.require("strace")
    log = tmp_path / "strace.log"
    script = f"{shells.source_command(shell, fake_prefix)}; deactivate"
    argv = [shells.require(shell)] + (["--no-config"] if shell == "fish" else
                                     ["-f"] if shell == "zsh" else []) + ["-c", script]
    subprocess.run([strace, "-f", "-qq", "-e", "trace=execve,fork,vfork", "-o", str(log),
                    *argv], env=isolated.env, check=True, capture_output=True)
    execs = [line for line in log.read_text().splitlines() if "execve(" in line]
    assert len(execs) == 1, execs  # the shell itself, nothing else
    forks = [line for line in log.read_text().splitlines()
             if "fork(" in line or "clone(" in line]
    assert forks == []


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_functions_left_are_the_renderers_lists(shell, fake_prefix, isolated):
    """The `unset -f` lines come from PosixShell's lists: every function the templates define
    is in one, those for deactivate stay while active, and none is left after (also when
    activate-more.sh was used: a config file the quick reader leaves to it)."""
    posix = PosixShell()
    defined = {name for template in ("activate.sh", "activate-more.sh")
               for name in re.findall(r"^\s*(\w+)\(\) \{", posix.template(template), re.M)}
    slots = posix.function_slots
    lists = [set(slots[s]) for s in ("@KEPT_FUNCTIONS@", "@TEMPORARY_FUNCTIONS@",
                                     "@MORE_FUNCTIONS@")]
    assert defined == set.union(*lists) and sum(map(len, lists)) == len(defined)
    kept = lists[0]
    (fake_prefix / "conda-meta" / "state").write_text('{"env_vars": {"a": "1"}, "other": "2"}')
    probe = " ".join(f"$(case $(command -V {name} 2>&1) in *function*) echo {name} ;; esac)"
                     for name in sorted(defined))
    result = _run(shell, f"{shells.source_command(shell, fake_prefix)}; echo \"[{probe}]\"; "
                         f"deactivate; echo \"[{probe}]\"", isolated)
    during, after = (set(b.split()) for b in _bracketed(_without_hook_output(result.stdout)))
    assert during == kept and after == set(), result.stderr
def test_fish_usual_activation_stays_on_its_short_path(fake_prefix, isolated, tmp_path):
    """activate.fish applies conda's plain conda-meta/state itself and leaves refusals, the full
    config-var reader, conda's suspend/resume and a changed PATH to .envstrap/activate-more.fish
    (docs/performance.md): a usual activate+deactivate does not read that file, and runs a
    bounded number of fish commands (counted by `fish --profile`, not timed). The script before
    this split ran 767 here, the split one 137."""
    state = fake_prefix / "conda-meta" / "state"
    state.write_text('{"env_vars": {"plain_a": "1", "Plain_B": "two words", "PLAIN_C": "ü"}}',
                     encoding="utf-8")
    profile = tmp_path / "profile.txt"
    script = (f"{shells.source_command('fish', fake_prefix)}; "
              "printf '[%s]' $PLAIN_A $PLAIN_B $PLAIN_C; deactivate; printf '[%s]' \"$PLAIN_A\"")
    argv = [shells.require("fish"), "--no-config", "--profile", str(profile), "-c", script]
    result = subprocess.run(argv, env=isolated.env, cwd=isolated.root, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert _bracketed(result.stdout) == ["1", "two words", "ü", ""], result.stderr
    commands = [line.split("\t", 2)[2] for line in profile.read_text().splitlines()
                if re.match(r"\d+\t\d+\t", line)]
    assert not [c for c in commands if "activate-more" in c]
    assert len(commands) < 200, len(commands)


@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "ksh"])
def test_usual_activation_needs_no_activate_more(shell, fake_prefix, isolated):
    """No environment active, a conda-meta/state as conda writes it, a plain folder name:
    `activate` alone does it all (activate-more.sh is not even there)."""
    (fake_prefix / ".envstrap" / "activate-more.sh").unlink()
    (fake_prefix / "conda-meta" / "state").write_text(
        '{"env_vars": {"plain_one": "a b", "PLAIN_TWO": "2"}}')
    result = _run(shell, f"{shells.source_command(shell, fake_prefix)}; echo \"[$?]\"; "
                         "echo \"[$PLAIN_ONE] [$PLAIN_TWO] [$CONDA_PREFIX]\"; deactivate; "
                         "echo \"[$?] [$PLAIN_ONE] [$CONDA_PREFIX]\"", isolated)
    assert _bracketed(_without_hook_output(result.stdout)) == [
        "0", "a b", "2", str(fake_prefix), "0", "", ""], result.stderr
    # A PATH changed while active needs activate-more.sh; without it (the folder is gone),
    # deactivate still ends the activation and puts PATH back as before activation.
    result = _run(shell, f"before=$PATH; {shells.source_command(shell, fake_prefix)}; "
                         'PATH="/opt/x:$PATH"; deactivate; echo "[$?] [$CONDA_PREFIX]"; '
                         '[ "$PATH" = "$before" ] && echo "[same]"', isolated)
    assert _bracketed(_without_hook_output(result.stdout)) == ["0", "", "same"], result.stderr


def _generated_state(rng: random.Random) -> str:
    """A conda-meta/state of random members: mostly conda's plain kind (which activate.fish
    applies itself), some that need the full reader (escapes, empty values, "***unset***",
    managed, reserved or unusable names, a twin spelling, pretty-printed, other members)."""
    names = (["plain", "Mixed_Case", "UPPER_1", "_u", "twin", "TWIN"],
             ["path", "Conda_Prefix", "_envstrap_x", "ps1", "9bad", "bad name"])
    values = (["x", "a b", "x: y, z", "ü 测试", "{not: json}", "%PATH% & |", "a/b"],
              ["***unset***", "", "back\\slash", 'quote"d', 'quote"&', "tab\there", "new\nline"])
    members = {rng.choice(names[rng.random() < 0.1]): rng.choice(values[rng.random() < 0.1])
               for _ in range(rng.randint(0, 4))}
    if rng.random() < 0.8:  # as conda writes it: one line
        return json.dumps({"env_vars": members}, ensure_ascii=False)
    return json.dumps({"name": "x", "env_vars": members}, ensure_ascii=False, indent=2)


def test_fish_reads_generated_states_as_dash_does(fake_prefix, isolated, tmp_path):
    """activate.fish applies conda's plain state itself and gives anything else to its full
    reader: on 40 generated state files (a fixed seed) fish ends with the same config vars and
    the same warnings as dash, and both put back the environment as it was. fish runs twice:
    as installed, and with regex-easyesc off (the default before fish 3.5, where `string
    replace -r` reads the replacement's escapes as fish's own first)."""
    rng = random.Random(12)
    state = fake_prefix / "conda-meta" / "state"
    texts = [_generated_state(rng) for _ in range(40)]
    for case, text in enumerate(texts):
        state.write_text(text, encoding="utf-8")
        seen = {}
        for shell, features in (("dash", ""), ("fish", ""), ("fish", "no-regex-easyesc")):
            dumps = [tmp_path / f"{shell}{features}-{case}-{n}"
                     for n in ("before", "during", "after")]
            script = "; ".join([_dump(shell, dumps[0]), shells.source_command(shell, fake_prefix),
                                _dump(shell, dumps[1]), "deactivate", _dump(shell, dumps[2])])
            result = _run(shell, script, isolated, {"fish_features": features} if features else {})
            before, during, after = (shells.read_dump(d) for d in dumps)
            assert after == before, (shell, features, text, result.stderr)
            ours = {k: v for k, v in during.items() if k not in before and "HOOK" not in k}
            seen[shell + features] = (ours, [line for line in result.stderr.splitlines()
                                             if line.startswith("envstrap: config var")
                                             or "is not JSON" in line])
        assert seen["fish"] == seen["dash"] == seen["fishno-regex-easyesc"], text
    pattern = plain_state_pattern(build_plan(EnvLayout(fake_prefix)))
    check = "for t in $argv[2..]; string match -qr -- $argv[1] $t; and echo plain; end"
    plain = subprocess.run([shells.require("fish"), "--no-config", "-c", check, pattern, *texts],
                           env=isolated.env, capture_output=True, text=True).stdout.split()
    assert len(plain) >= 20  # most of them take fish's own path (25 with this seed)


# ---- zsh's compiled copies (activate.zwc and the three sourced files' .zwc) ---------------------

COMPILED = ("activate", ".envstrap/activate-more.sh", ".envstrap/activate-rare.sh",
            ".envstrap/deactivate.sh")
TEXT_READ = "read-as-text"


def _mark_text(prefix: Path, name: str) -> None:
    """Make `name` say so when a shell parses it (its first command), and leave it older than
    its .zwc, so that zsh still takes the .zwc: the mark shows which one a shell read."""
    path = prefix / name
    path.write_text(f"echo {TEXT_READ}:{path.name}\n" + path.read_text())
    stamp = (prefix / (name + ".zwc")).stat().st_mtime - 10
    os.utime(path, (stamp, stamp))


def _fake_other_version(zwc: Path) -> None:
    """The header of a .zwc holds the version of the zsh that made it, once per byte order."""
    data = zwc.read_bytes()
    version = subprocess.run(["zsh", "-f", "-c", "print -rn -- $ZSH_VERSION"],
                             capture_output=True, text=True, check=True).stdout.encode()
    assert data.count(b"\0" + version + b"\0") == 2, "two headers, each naming the version"
    stamp = zwc.stat().st_mtime
    zwc.chmod(0o644)
    zwc.write_bytes(data.replace(b"\0" + version + b"\0", b"\0" + b"0" * len(version) + b"\0"))
    os.utime(zwc, (stamp, stamp))


# Activations that source activate (by an absolute path, relative ones, a path through a
# symbolic link to the folder), activate-more.sh (activating again: the guard) and
# activate-rare.sh (a path with `..`).
def _forms(prefix: Path, link: Path) -> list[str]:
    q = shells.sh_quote
    return [f". {q(str(prefix / 'activate'))}",
            f"cd {q(str(prefix))} && . ./activate",
            f"cd {q(str(prefix.parent))} && . {q(prefix.name)}/activate",
            f"cd {q(str(prefix / 'bin'))} && . ../activate",
            f". {q(str(link / 'activate'))}",
            f". {q(str(prefix / 'activate'))}; . {q(str(prefix / 'activate'))}"]


def _activations(shell: str, prefix: Path, isolated, work: Path) -> tuple[str, str]:
    """Each form in a subshell: its status, CONDA_PREFIX and PATH, then deactivate's."""
    work.mkdir()
    link = work / "link to env"
    link.symlink_to(prefix)
    script = "; ".join(f'({form}; echo "[$?][$CONDA_PREFIX][$PATH]"; deactivate; '
                       f'echo "[$?][${{CONDA_PREFIX-unset}}][$PATH]")'
                       for form in _forms(prefix, link))
    result = _run(shell, script, isolated)
    return tuple(_without_hook_output(text).replace(str(prefix), "@").replace(str(work), "#")
                 for text in (result.stdout, result.stderr))


def test_zsh_reads_the_compiled_copies_and_activates_as_from_the_text(fake_prefix, isolated,
                                                                       tmp_path):
    """Writing the activation scripts also writes zsh's compiled copies (zsh is on PATH), zsh
    sources those instead of parsing the files, and activates and deactivates exactly as from
    the text, the folder included (relative paths, a link to the folder)."""
    shells.require("zsh")
    for name in COMPILED:
        assert (fake_prefix / (name + ".zwc")).is_file(), name
    from_text = fake_prefix.parent / "text"
    shutil.copytree(fake_prefix, from_text, symlinks=True)
    for name in COMPILED:
        (from_text / (name + ".zwc")).unlink()
        _mark_text(fake_prefix, name)
    expected = _activations("zsh", from_text, isolated, tmp_path / "t")
    out, err = _activations("zsh", fake_prefix, isolated, tmp_path / "c")
    assert TEXT_READ not in out, "zsh parsed a file it has a compiled copy of"
    assert (out, err) == expected
    assert out.count("[0][@][@/bin:") == 5 and out.count("[0][unset][") == 6, out
    assert out.count("[0][#/link to env][#/link to env/bin:") == 1, out
    assert err == "envstrap: '@' is already active in this shell or its parent; nothing to do.\n"


def _source_twice(shell: str, prefix: Path, isolated) -> subprocess.CompletedProcess:
    """activate (read from its .zwc or as text), then again (the guard: activate-more.sh), then
    from a path with `..` (activate-rare.sh); each deactivate sources deactivate.sh."""
    q = shells.sh_quote
    script = (f". {q(str(prefix / 'activate'))}; . {q(str(prefix / 'activate'))}; "
              f'echo "[$CONDA_PREFIX]"; deactivate; '
              f"cd {q(str(prefix / 'bin'))} && . ../activate; echo \"[$CONDA_PREFIX]\"; "
              "deactivate")
    return _run(shell, script, isolated)


# What the second activation says, and all that any of these runs may print on stderr.
_ALREADY_ACTIVE = "envstrap: '{}' is already active in this shell or its parent; nothing to do.\n"


def _marks(result: subprocess.CompletedProcess) -> list[str]:
    """The files the shell parsed (activate-rare.sh also for the prompt: the folder's name)."""
    return re.findall(TEXT_READ + r":(\S+)", result.stdout)


@pytest.mark.parametrize("how", ["another zsh version", "not a dump", "older than the text"])
def test_zsh_parses_the_text_silently_when_the_compiled_copy_does_not_fit(how, fake_prefix,
                                                                         isolated):
    """A .zwc made by another zsh version (its header's version edited), a file that is no
    dump, or one older than the file (an edited `activate`): zsh parses the text, with no
    message, and activation works."""
    shells.require("zsh")
    for name in COMPILED:
        _mark_text(fake_prefix, name)
        zwc = fake_prefix / (name + ".zwc")
        if how == "another zsh version":
            _fake_other_version(zwc)
        elif how == "not a dump":
            zwc.chmod(0o644)
            zwc.write_bytes(b"not a wordcode file\n" * 10)
            os.utime(zwc, (zwc.stat().st_mtime + 20,) * 2)
        else:
            os.utime(fake_prefix / name, (zwc.stat().st_mtime + 5,) * 2)
    result = _source_twice("zsh", fake_prefix, isolated)
    assert set(_marks(result)) == {"activate", "activate-more.sh", "activate-rare.sh",
                                  "deactivate.sh"}, \
        result.stdout + result.stderr
    assert _bracketed(result.stdout) == [str(fake_prefix)] * 2
    assert result.stderr == _ALREADY_ACTIVE.format(fake_prefix) and result.returncode == 0


def test_zsh_reads_every_compiled_copy(fake_prefix, isolated):
    """The same run with the copies as made: zsh parses none of the four files."""
    shells.require("zsh")
    for name in COMPILED:
        _mark_text(fake_prefix, name)
    result = _source_twice("zsh", fake_prefix, isolated)
    assert _marks(result) == [], result.stdout
    assert _bracketed(result.stdout) == [str(fake_prefix)] * 2
    assert result.stderr == _ALREADY_ACTIVE.format(fake_prefix) and result.returncode == 0


@pytest.mark.parametrize("shell", ["bash", "ksh"])
def test_other_shells_ignore_the_compiled_copies(shell, fake_prefix, isolated):
    """bash and ksh read the text next to a .zwc (dash cannot tell the folder from `..`)."""
    shells.require(shell)
    for name in COMPILED:
        _mark_text(fake_prefix, name)
    result = _source_twice(shell, fake_prefix, isolated)
    assert set(_marks(result)) == {"activate", "activate-more.sh", "activate-rare.sh",
                                  "deactivate.sh"}, \
        result.stdout + result.stderr
    assert _bracketed(result.stdout) == [str(fake_prefix)] * 2


def test_dash_ignores_the_compiled_copy(fake_prefix, isolated):
    shells.require("dash")
    _mark_text(fake_prefix, "activate")
    result = _run("dash", f"{shells.source_command('dash', fake_prefix)}; "
                          'echo "[$CONDA_PREFIX]"; deactivate', isolated)
    assert _marks(result) == ["activate"] and _bracketed(result.stdout) == [str(fake_prefix)]
