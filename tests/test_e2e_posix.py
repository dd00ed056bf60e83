"""End to end on POSIX: the real envstrap.sh and stage 1, run against the local test channel
(tests/support/channel.py, stand-in packages) with the micromamba STAND-IN
(tests/standins/micromamba.py), then used from real bash, dash, zsh, ksh and fish.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from envstrap.errors import ExitCode
from envstrap.selfcopy import build_zipapp
from tests.conftest import REPO
from tests.support import shells
from tests.support.channel import HOOKS_PACKAGE, PYTHON_VERSION
from tests.support.isolation import IsolatedHome, make_isolated_home
from tests.support.shells import HANG_SECONDS

SCRIPT = REPO / "bootstrap" / "envstrap.sh"
# The acceptance target: spaces, non-ASCII letters and parentheses, below a spaced folder.
TARGET_NAME = "py ü (3.11)"
PY = ".".join(PYTHON_VERSION.split(".")[:2])

pytestmark = pytest.mark.e2e


def bootstrap(isolated: IsolatedHome, target: Path, micromamba: Path, channel_url: str,
              *extra: str, shell: str = "dash", env: dict | None = None):
    argv = [shells.require(shell), str(SCRIPT), str(target), "--python", PY,
            "--micromamba", str(micromamba), "--channel", channel_url,
            "--with", HOOKS_PACKAGE, *extra]
    return subprocess.run(argv, env=env or isolated.env, cwd=isolated.root, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def made(tmp_path_factory, micromamba, channel_url):
    """One environment for the whole module, made once."""
    isolated = make_isolated_home(tmp_path_factory.mktemp("e2e") / "isolated")
    target = isolated.root / "my envs" / TARGET_NAME
    result = bootstrap(isolated, target, micromamba, channel_url)
    assert result.returncode == 0, result.stdout + result.stderr
    return target, isolated, result


def test_bootstrap_succeeds_and_writes_only_inside_the_target(made):
    target, isolated, result = made
    assert isolated.leftovers() == []
    assert f"envstrap: target: {target}" in result.stderr
    assert "Linking python-" in result.stdout  # micromamba's own progress reaches the user
    assert ".zst" not in result.stderr  # repodata_use_zst: false for the file:// channel
    assert sorted(os.listdir(isolated.root)) == ["home", "my envs", "tmp"]
    state = target / ".envstrap"
    # zsh's compiled copies, made when finalize finds a zsh (the tests' machines have one)
    zwc = ["activate-more.sh.zwc", "activate-rare.sh.zwc",
           "deactivate.sh.zwc"] if shutil.which("zsh") else []
    assert sorted(os.listdir(state)) == sorted(["activate-more.fish", "activate-more.sh",
                                                "activate-rare.sh", "deactivate.sh",
                                                "complete", "lock.txt",
                                                "manifest.json", "stage1.pyz", *zwc])
    assert (target / "activate.zwc").is_file() == bool(zwc)
    # the stage 1 that made it, as the single files carry it (doctor runs from it alone)
    assert (state / "stage1.pyz").read_bytes() == build_zipapp()
    for name in ("activate", "activate.fish", ".condarc", "bin/python", "bin/conda",
                 "bin/mamba", "condabin/conda"):
        assert (target / name).exists(), name


def test_micromamba_got_the_isolating_command_line(made, channel_url):
    target, _, _ = made
    history = (target / "conda-meta" / "history").read_text()
    command = next(line for line in history.splitlines() if line.startswith("# cmd:"))
    for part in (" install ", f"-r {target}/.envstrap/micromamba-root", "--rc-file",
                 f"-p {target}", "--override-channels", "--strict-channel-priority",
                 f"-c {channel_url}", f"python={PY}", "conda", "mamba", HOOKS_PACKAGE):
        assert part in command, part
    assert " create " not in command


def test_manifest_lock_and_condarc(made, channel_url):
    target, _, _ = made
    manifest = json.loads((target / ".envstrap" / "manifest.json").read_text())
    assert manifest["prefix"] == str(target)
    assert manifest["python_version"] == PYTHON_VERSION
    assert manifest["micromamba"]["version"] == "2.5.0"  # the stand-in mimics the pinned one
    assert len(manifest["micromamba"]["sha256"]) == 64
    assert manifest["micromamba"]["source"].startswith("given: ")
    assert manifest["options"] == {"python": PY, "with": [HOOKS_PACKAGE],
                                   "channels": [channel_url], "pkgs_dir": str(target / "pkgs"),
                                   "lock": "", "offline": False, "bundle": ""}
    names = sorted(p["name"] for p in manifest["packages"])
    assert names == sorted(["conda", HOOKS_PACKAGE, "mamba", "pip", "python"])
    lock = (target / ".envstrap" / "lock.txt").read_text().splitlines()
    urls = [line for line in lock if line.startswith("file://")]
    assert lock[lock.index("@EXPLICIT") - 1] == "# platform: linux-64"
    assert len(urls) == len(names) and all("#" in u for u in urls)
    condarc = yaml.safe_load((target / ".condarc").read_text())  # ASCII, with escapes
    assert condarc["channels"] == [channel_url] and condarc["pkgs_dirs"] == [f"{target}/pkgs"]


def _activation_script(shell: str, target: Path, out: Path) -> str:
    dump = shells.dump_command
    q = shells.quote_for
    if shell == "fish":
        lookups = "; ".join(f"echo {t}=(command -s {t})" for t in ("python", "conda", "mamba"))
        status = "$status"
    elif shell == "ksh":
        lookups = "; ".join(f'eval "p=$(command -v {t})"; echo "{t}=$p"'
                            for t in ("python", "conda", "mamba"))
        status = "$?"
    else:
        lookups = "; ".join(f'echo {t}="$(command -v {t})"' for t in ("python", "conda", "mamba"))
        status = "$?"
    return "; ".join([
        dump(shell, out / "before"), shells.source_command(shell, target),
        f"echo status={status}", lookups,
        "python -c " + q(shell, "import sys; print('prefix=' + sys.prefix)"),
        "conda info --base", "mamba --version", dump(shell, out / "during"),
        "deactivate", dump(shell, out / "after"),
    ])


@pytest.mark.parametrize("shell", shells.ALL_SHELLS)
def test_activate_use_deactivate_in_each_shell(shell, made, tmp_path):
    target, isolated, _ = made
    result = shells.run(shell, _activation_script(shell, target, tmp_path), isolated.env,
                        cwd=isolated.root)
    out = result.stdout
    assert "status=0" in out, result.stderr
    for tool in ("python", "conda", "mamba"):
        assert f"{tool}={target}/bin/{tool}\n" in out
    assert f"prefix={target}\n" in out
    assert f"\n{target}\n" in out  # conda info --base from the conda stand-in
    during = shells.read_dump(tmp_path / "during")
    assert during["ENVSTRAP_TEST_HOOK"] == "active"  # the package's activate.d script ran
    assert during["ENVSTRAP_TEST_HOOK_PREFIX"] == str(target)
    assert during["CONDA_PREFIX"] == str(target)
    before, after = (shells.read_dump(tmp_path / n) for n in ("before", "after"))
    assert shells.comparable(after) == shells.comparable(before)
    assert isolated.leftovers() == []


def test_conda_and_mamba_act_on_this_environment(made):
    target, isolated, _ = made
    script = f"{shells.source_command('bash', target)}; conda install -y numpy; mamba list"
    result = shells.run("bash", script, isolated.env, cwd=isolated.root)
    assert result.returncode == 0, result.stderr
    assert f"in {target}" in result.stdout  # the conda stand-in reports where it acted
    assert "python-" + PYTHON_VERSION in result.stdout  # mamba list reads this conda-meta
    calls = (target / "conda-meta" / "standin-calls.log").read_text().splitlines()
    assert json.loads(calls[-1])[1:] == ["install", "-y", "numpy"]


def test_second_activation_and_child_shell_are_refused(made, tmp_path, micromamba,
                                                       channel_url):
    target, isolated, _ = made
    other = tmp_path / "other env"
    shutil.copytree(target, other, symlinks=True)
    child = shells.sh_quote(shells.source_command("bash", other) + "; echo child=$?")
    script = (f"{shells.source_command('bash', target)}; "
              f"{shells.source_command('bash', other)}; echo same-shell=$?; bash -c {child}")
    result = shells.run("bash", script, isolated.env, cwd=isolated.root)
    assert "same-shell=3" in result.stdout and "child=3" in result.stdout
    assert result.stderr.count("only one environment may be active") == 2


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_copied_environment_activates_the_copy(shell, made, tmp_path):
    target, isolated, _ = made
    copy = tmp_path / "copied" / "elsewhere (copy)"
    shutil.copytree(target, copy, symlinks=True)
    q = shells.quote_for(shell, "import sys; print('prefix=' + sys.prefix)")
    script = (f"{shells.source_command(shell, copy)}; echo CONDA_PREFIX=$CONDA_PREFIX; "
              f"python -c {q}")
    result = shells.run(shell, script, isolated.env, cwd=isolated.root)
    assert f"CONDA_PREFIX={copy}\n" in result.stdout, result.stderr
    assert f"prefix={copy}\n" in result.stdout


def test_activation_shields_the_environment_from_user_state(made, tmp_path):
    """Hostile rc files, PYTHONPATH with a sitecustomize, user site-packages with a
    usercustomize, CONDA_PKGS_DIRS: none may reach python, conda or mamba once activated."""
    target, _, _ = made
    isolated = make_isolated_home(tmp_path / "hostile")
    trap = tmp_path / "trap"
    (trap / "site").mkdir(parents=True)
    ran = trap / "ran"
    (trap / "site" / "sitecustomize.py").write_text(f"open({str(ran)!r}, 'a').write('site ')\n")
    user_site = isolated.home / ".local" / "lib" / f"python{PY}" / "site-packages"
    user_site.mkdir(parents=True)
    (user_site / "usercustomize.py").write_text(f"open({str(ran)!r}, 'a').write('user ')\n")
    hostile = f"channels: [http://127.0.0.1:9/hostile]\npkgs_dirs: [{trap / 'pkgs'}]\n"
    for rc in (".condarc", ".mambarc", ".config/conda/.condarc", ".config/mamba/.mambarc"):
        (isolated.home / rc).parent.mkdir(parents=True, exist_ok=True)
        (isolated.home / rc).write_text(hostile)
    env = dict(isolated.env, PYTHONPATH=str(trap / "site"), CONDA_PKGS_DIRS=str(trap / "pkgs"),
               CONDARC=str(trap / "elsewhere.yml"))
    script = "; ".join([
        shells.source_command("bash", target),
        "python -c 'import site, sys; print(\"usersite=%s\" % site.ENABLE_USER_SITE)'",
        f"conda info --json > {shells.sh_quote(str(tmp_path / 'conda.json'))}", "mamba info",
        'echo "pkgs=${CONDA_PKGS_DIRS-unset}"'])
    result = shells.run("bash", script, env, cwd=isolated.root)
    assert "usersite=False" in result.stdout, result.stderr
    assert not ran.exists()
    assert "pkgs=unset" in result.stdout
    mamba_rc = [line.split(" : ", 1)[1] for line in result.stdout.splitlines()
                if line.startswith("rc file : ")]
    assert mamba_rc == [str(target / ".condarc")]  # mamba reads the environment's file only
    conda = json.loads((tmp_path / "conda.json").read_text())
    assert conda["env"]["CONDARC"] == str(target / ".condarc")
    # conda reads the user's files too, after the environment's own; the environment's keys are
    # marked #!final so conda ignores theirs (conda's own merge rule, not modelled by the
    # stand-in), and doctor's machine.rc-files names those files.
    rc = conda["rc_files"]
    assert rc.index(str(target / ".condarc")) < rc.index(str(isolated.home / ".condarc"))
    assert "channels:  #!final" in (target / ".condarc").read_text()


def test_doctor_on_the_new_environment(made):
    target, isolated, _ = made
    env = dict(isolated.env, PATH="/usr/bin:/bin")
    result = subprocess.run([shells.require("sh"), str(SCRIPT), "doctor", str(target), "--json",
                             "--deep"], env=env, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0, report
    assert report["summary"]["error"] == 0


def test_rerun_of_a_complete_environment_changes_nothing(made, micromamba, channel_url):
    target, isolated, _ = made
    marker = target / ".envstrap" / "complete"
    before = marker.stat().st_mtime_ns
    result = bootstrap(isolated, target, micromamba, channel_url)
    assert result.returncode == 0
    assert "already a complete envstrap environment; nothing to do" in result.stderr
    assert marker.stat().st_mtime_ns == before


# -- each test below makes its own environment ----------------------------------------------

def test_failed_create_removes_what_the_run_created(isolated, micromamba, channel_url):
    target = isolated.root / "new parent" / "env"
    argv = [shells.require("dash"), str(SCRIPT), str(target), "--python", "3.99",
            "--micromamba", str(micromamba), "--channel", channel_url]
    result = subprocess.run(argv, env=isolated.env, capture_output=True, text=True)
    assert result.returncode == ExitCode.CREATE_FAILED
    assert "micromamba could not create the environment" in result.stderr
    assert "Could not solve" in result.stderr  # micromamba's own message reaches the user
    assert f"removed '{isolated.root / 'new parent'}', which this run had created" in result.stderr
    assert not (isolated.root / "new parent").exists()
    assert isolated.leftovers() == []


def test_failed_create_in_an_existing_folder_keeps_it(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "mine"
    target.mkdir(parents=True)
    argv = [shells.require("dash"), str(SCRIPT), str(target), "--python", "3.99",
            "--micromamba", str(micromamba), "--channel", channel_url]
    result = subprocess.run(argv, env=isolated.env, capture_output=True, text=True)
    assert result.returncode == ExitCode.CREATE_FAILED
    assert target.is_dir() and (target / ".envstrap" / "incomplete").is_file()
    assert "left marked incomplete" in result.stderr


def test_kept_failed_target_resumes(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "resume me"
    argv = [shells.require("dash"), str(SCRIPT), str(target), "--python", "3.99",
            "--micromamba", str(micromamba), "--channel", channel_url, "--keep-failed"]
    result = subprocess.run(argv, env=isolated.env, capture_output=True, text=True)
    assert result.returncode == ExitCode.CREATE_FAILED
    assert (target / ".envstrap" / "incomplete").is_file()
    assert not (target / ".envstrap" / "complete").exists()
    assert not (target / ".envstrap" / "run.lock").exists()
    result = bootstrap(isolated, target, micromamba, channel_url)
    assert result.returncode == 0, result.stderr
    assert "resuming the incomplete environment" in result.stderr
    assert (target / ".envstrap" / "complete").is_file()
    assert not (target / ".envstrap" / "incomplete").exists()
    assert isolated.leftovers() == []


def test_interrupted_stage1_is_finished_by_a_rerun(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "half"
    assert bootstrap(isolated, target, micromamba, channel_url).returncode == 0
    # As if stage 1 died before its last step.
    (target / ".envstrap" / "complete").unlink()
    (target / ".envstrap" / "incomplete").write_text("")
    (target / "activate").unlink()
    result = bootstrap(isolated, target, micromamba, channel_url)
    assert result.returncode == 0, result.stderr
    assert (target / "activate").is_file() and (target / ".envstrap" / "complete").is_file()


def test_hostile_configuration_and_variables_are_not_used(isolated, micromamba, channel_url,
                                                          tmp_path):
    """A user's ~/.condarc, ~/.mambarc, CONDA_PKGS_DIRS, MAMBARC and a PYTHONPATH with a
    sitecustomize must not steer micromamba or stage 1."""
    trap = tmp_path / "trap"
    (trap / "site").mkdir(parents=True)
    (trap / "site" / "sitecustomize.py").write_text(
        f"open({str(trap / 'sitecustomize-ran')!r}, 'w').close()\n")
    hostile = "channels: [http://127.0.0.1:9/hostile]\npkgs_dirs: [%s]\n" % (trap / "pkgs")
    (isolated.home / ".condarc").write_text(hostile)
    (isolated.home / ".mambarc").write_text(hostile)
    (trap / "mambarc.yml").write_text(hostile)
    env = dict(isolated.env, CONDA_PKGS_DIRS=str(trap / "pkgs"), CONDA_CHANNELS="hostile",
               MAMBARC=str(trap / "mambarc.yml"), PYTHONPATH=str(trap / "site"),
               PYTHONHOME=str(trap / "nohome"), MAMBA_ROOT_PREFIX=str(trap / "root"))
    target = isolated.root / "envs" / "shielded"
    result = bootstrap(isolated, target, micromamba, channel_url, env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(trap)) == ["mambarc.yml", "site"]  # nothing created in the trap
    assert (target / "pkgs").is_dir()
    assert sorted(p.name for p in isolated.home.iterdir()) == [".condarc", ".mambarc"]


def test_shared_package_cache(isolated, micromamba, channel_url):
    cache = isolated.root / "shared cache"
    first = isolated.root / "envs" / "one"
    second = isolated.root / "envs" / "two"
    for target in (first, second):
        result = bootstrap(isolated, target, micromamba, channel_url, "--pkgs-dir", str(cache))
        assert result.returncode == 0, result.stderr
        assert not (target / "pkgs").exists()
        assert f'"{cache}"' in (target / ".condarc").read_text()
    assert any(cache.iterdir())
    assert isolated.leftovers() == []


def test_unreachable_channel_fails_cleanly(isolated, micromamba):
    target = isolated.root / "envs" / "offline"
    argv = [shells.require("dash"), str(SCRIPT), str(target), "--micromamba", str(micromamba),
            "--channel", "http://127.0.0.1:9/nothing-here"]
    result = subprocess.run(argv, env=isolated.env, capture_output=True, text=True,
                            timeout=HANG_SECONDS)
    assert result.returncode == ExitCode.CREATE_FAILED
    assert "127.0.0.1:9" in result.stderr


def test_the_isolation_check_would_catch_micromamba_create(isolated, micromamba, channel_url):
    """Control: the stand-in's `create` registers the environment in HOME as the real one does,
    so the empty-HOME assertions above would fail if envstrap called it."""
    target = isolated.root / "envs" / "made by create"
    subprocess.run([str(micromamba), "create", "-y", "-r", str(isolated.root / "root"), "-p",
                    str(target), "--override-channels", "-c", channel_url, "python"],
                   env=isolated.env, capture_output=True, check=True)
    assert isolated.leftovers() == ["home/.conda", "home/.conda/environments.txt"]


def test_name_with_quotes_and_dollar(isolated, micromamba, channel_url):
    target = isolated.root / "envs" / "it's $HOME & `x`"
    result = bootstrap(isolated, target, micromamba, channel_url)
    assert result.returncode == 0, result.stderr
    script = (f"{shells.source_command('bash', target)}; "
              "python -c 'import sys; print(\"prefix=\" + sys.prefix)'")
    result = shells.run("bash", script, isolated.env)
    assert f"prefix={target}\n" in result.stdout, result.stderr
