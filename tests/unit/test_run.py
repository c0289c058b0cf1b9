"""buig-run's environment for Snakemake: the SLURM plugins (installed apart by `make`, so that a
local run's start does not import them and pandas; issue 12) are on PYTHONPATH for a SLURM run
only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from buig_analyse.run import SLURM_PLUGINS, environment, uses_slurm

from ..conftest import ROOT


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--workflow-profile", str(ROOT / "profiles/slurm")], True),
        ([f"--workflow-profile={ROOT / 'profiles/slurm'}", "--configfile", "x.yaml"], True),
        (["--executor", "slurm"], True),
        (["-e", "slurm"], True),
        (["--workflow-profile", str(ROOT / "profiles/default")], False),
        (["--cores", "2", "results/x"], False),
        (["--executor", "local"], False),
    ],
)
def test_a_run_uses_slurm_by_its_executor_or_profile(args, expected):
    assert uses_slurm(args) is expected


def test_the_slurm_plugins_are_on_the_path_of_a_slurm_run_only(tmp_path):
    (tmp_path / "x").mkdir()
    local = environment(["--cores", "2"], {"PYTHONPATH": "x"})
    assert local["PYTHONPATH"] == "x"
    cluster = environment(["--executor", "slurm"], {"PYTHONPATH": "x"})
    if SLURM_PLUGINS.is_dir():
        assert cluster["PYTHONPATH"] == f"{SLURM_PLUGINS}{os.pathsep}x"


@pytest.mark.skipif(
    not SLURM_PLUGINS.is_dir(), reason=f"{SLURM_PLUGINS} ontbreekt: installeer met make"
)
def test_a_local_run_does_not_load_the_slurm_plugin_and_a_slurm_run_finds_it():
    probe = [sys.executable, "-c", "import snakemake_executor_plugin_slurm"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    assert subprocess.run(probe, env=env, capture_output=True).returncode != 0
    slurm = environment(["--executor", "slurm"], env)
    found = subprocess.run(probe, env=slurm, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr


@pytest.mark.skipif(
    not SLURM_PLUGINS.is_dir(), reason=f"{SLURM_PLUGINS} ontbreekt: installeer met make"
)
def test_herkomst_lists_the_slurm_plugins_with_or_without_their_folder_on_the_path():
    """A SLURM run has the plugins' folder on its path, a local run not; both list the same
    installed packages in Herkomst (the cluster test compares the bytes of both runs)."""
    probe = [
        sys.executable,
        "-c",
        "from buig_analyse.report.render import installed_packages as i; print(sorted(i().items()))",
    ]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    local = subprocess.run(probe, env=env, capture_output=True, text=True, check=True).stdout
    cluster = subprocess.run(
        probe, env=environment(["--executor", "slurm"], env), capture_output=True, text=True
    ).stdout
    assert local == cluster and "snakemake-executor-plugin-slurm" in local


@pytest.mark.parametrize(
    "args, env, expected",
    [
        (["--cores", "2"], {}, True),
        (["results/voorschoten/2017/gepubliceerd.json"], {}, True),
        (["--dry-run"], {}, False),
        (["-n", "--cores", "2"], {}, False),
        (["--unlock"], {}, False),
        (["--executor", "slurm"], {}, False),
        (["--cores", "2"], {"BUIG_VOORLADEN": "nee"}, False),
        (["--cores", "2"], {"BUIG_VOORGELADEN_SOCKET": "/tmp/geen/socket"}, True),  # stale
        (["-np"], {}, False),
        (["--executor", "cluster-generic"], {}, False),
    ],
)
def test_buig_run_starts_the_preloaded_process_for_a_local_run_with_jobs(
    args, env, expected, tmp_path
):
    from buig_analyse.run import preloads

    assert preloads(args, env, tmp_path) is expected  # a folder with no published drop


def test_started_by_buig_run_the_preloaded_process_imports_the_report_first():
    """The stages in each order hold every module once, and the other order's first stage comes
    right after the first (buig_analyse.warm.stages)."""
    from buig_analyse import warm

    for report_first in (False, True):
        first, rest = warm.stages(report_first)
        assert sorted((*first, *rest)) == sorted(warm.PRELOAD)
        assert len(set((*first, *rest))) == len(first) + len(rest)
    first, rest = warm.stages(report_first=True)
    assert first == warm.REPORT_STAGE and rest[0] == "pandas"
    assert "pandas" not in first and not any(name.startswith("matplotlib") for name in first)
    first, rest = warm.stages(report_first=False)
    assert first == warm.DATA_STAGE and rest[0] == "matplotlib.figure"


def _published_project(root):
    """A project folder whose one drop was published after every file was last changed."""
    for name in ("config/config.yaml", "data/raw/voorschoten/2017/drop.yaml",
                 "data/reference/vangnet.csv", "src/buig_analyse/x.py", "workflow/Snakefile",
                 "reports/templates/report.html.j2", "Snakefile"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x: 1\n" if name.endswith(".yaml") else "x\n", encoding="utf-8")
    record = root / "results/voorschoten/2017/gepubliceerd.json"
    record.parent.mkdir(parents=True)
    record.write_text("{}", encoding="utf-8")
    for path in root.rglob("*"):
        os.utime(path, (1_000_000, 1_000_000))
    os.utime(record, (2_000_000, 2_000_000))
    return root


def test_a_run_with_nothing_to_do_starts_no_preloaded_process(tmp_path):
    from buig_analyse.run import preloads, published_and_unchanged

    root = _published_project(tmp_path)
    assert published_and_unchanged([], root) and published_and_unchanged(["--cores", "2"], root)
    assert not preloads(["--cores", "2"], {}, root)
    # A target or an option that changes what is built: Snakemake decides, with the process.
    assert not published_and_unchanged(["results/voorschoten/2017/gepubliceerd.json"], root)
    assert not published_and_unchanged(["--forcerun", "publish"], root)


@pytest.mark.parametrize(
    "changed",
    ["data/raw/voorschoten/2017/drop.yaml", "data/reference/vangnet.csv", "config/config.yaml",
     "src/buig_analyse/x.py", "reports/templates/report.html.j2", "Snakefile"],
)  # fmt: skip
def test_a_file_changed_after_the_publication_gives_the_run_its_preloaded_process(
    tmp_path, changed
):
    from buig_analyse.run import preloads

    root = _published_project(tmp_path)
    os.utime(root / changed, (3_000_000, 3_000_000))
    assert preloads(["--cores", "2"], {}, root)


def test_a_drop_without_a_publication_gives_the_run_its_preloaded_process(tmp_path):
    from buig_analyse.run import preloads

    root = _published_project(tmp_path)
    new = root / "data/raw/leiden/2017/drop.yaml"
    new.parent.mkdir(parents=True)
    new.write_text("x: 1\n", encoding="utf-8")
    os.utime(new, (1_000_000, 1_000_000))
    os.utime(new.parent, (1_000_000, 1_000_000))
    os.utime(new.parent.parent, (1_000_000, 1_000_000))
    os.utime(root / "data/raw", (1_000_000, 1_000_000))
    assert preloads(["--cores", "2"], {}, root)


def _validated_project(root):
    """_published_project with the drop's validated tables (its staging manifest) written after
    every file, a narrative file and the ingest and report code."""
    for name in ("data/raw/voorschoten/2017/narratief/inleiding.md", "src/buig_analyse/io.py",
                 "src/buig_analyse/ingest/validate.py", "src/buig_analyse/report/render.py"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")
    _published_project(root)
    manifest = root / "results/voorschoten/2017/staging/processed/manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{}", encoding="utf-8")
    os.utime(manifest, (2_000_000, 2_000_000))
    return root


def test_the_preloaded_process_imports_the_data_first_when_a_drop_will_be_validated(tmp_path):
    from buig_analyse.run import validation_due

    assert validation_due(tmp_path)  # no config: the data first, as a new project needs
    root = _validated_project(tmp_path)
    assert not validation_due(root)
    changed = {
        "data/raw/voorschoten/2017/drop.yaml": True,
        "data/reference/vangnet.csv": True,
        "src/buig_analyse/ingest/validate.py": True,
        "src/buig_analyse/io.py": True,
        "data/raw/voorschoten/2017/narratief/inleiding.md": False,  # the render alone
        "src/buig_analyse/report/render.py": False,
    }
    for name, due in changed.items():
        os.utime(root / name, (3_000_000, 3_000_000))
        assert validation_due(root) is due, name
        os.utime(root / name, (1_000_000, 1_000_000))
    (root / "results/voorschoten/2017/staging/processed/manifest.json").unlink()
    assert validation_due(root)  # never validated (or refused last time)


def test_buig_run_gives_the_preloaded_process_the_order_of_its_guess(monkeypatch, tmp_path):
    from buig_analyse import run, warm

    started = []
    monkeypatch.setattr(run, "preloads", lambda args: True)
    monkeypatch.setattr(
        warm, "start", lambda log, report_first, fork: started.append((report_first, fork))
    )
    for due in (True, False):
        monkeypatch.setattr(run, "validation_due", lambda due=due: due)
        run.preloaded_process([])
    assert started == [(False, True), (True, True)]  # as a fork of buig-run


def test_a_preloaded_process_that_cannot_start_leaves_the_run_without_one(monkeypatch, tmp_path):
    from buig_analyse import run, warm

    monkeypatch.chdir(tmp_path)  # no published drop here: the run would get one
    monkeypatch.delenv(warm.SOCKET_ENV, raising=False)
    monkeypatch.delenv("BUIG_VOORLADEN", raising=False)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warm, "start", full)
    assert run.preloaded_process(["--cores", "2"]) is None


def test_an_inherited_preloaded_process_counts_only_in_a_private_folder_of_this_user(tmp_path):
    import socket

    from buig_analyse import warm
    from buig_analyse.run import preloads

    folder = tmp_path / "voorgeladen"
    folder.mkdir(mode=0o700)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / "socket"))
    env = {warm.SOCKET_ENV: str(folder / "socket")}
    try:
        assert warm.inherited(env) and not preloads(["--cores", "2"], env, tmp_path)
        folder.chmod(0o755)  # others may enter: not the folder start() makes
        assert not warm.inherited(env) and preloads(["--cores", "2"], env, tmp_path)
    finally:
        listener.close()


def test_the_national_make_target_gives_snakemake_the_overview_as_its_target():
    """`make landelijk` builds the drops, then the overview. Snakemake's --configfile takes every
    word after it, so an overview path written after it was read as a config file, and the run
    stopped without a word (the profile's console is quiet)."""
    import shlex

    from snakemake.cli import get_argument_parser

    done = subprocess.run(
        ["make", "-n", "landelijk", "JAAR=2017"], cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    commands = [
        shlex.split(line)
        for line in done.stdout.replace("\\\n", " ").splitlines()
        if "buig-run" in line
    ]
    parsed = []
    for command in commands:
        args = command[[i for i, word in enumerate(command) if "buig-run" in word][0] + 1 :]
        options = get_argument_parser().parse_args(args)
        parsed.append((sorted(options.targets or ()), options.configfile))
    overview = "results/landelijk-run/landelijk/2017/overzicht.html"
    assert [(target, [str(f) for f in files]) for target, files in parsed] == [
        ([], ["config/landelijk.yaml"]),
        ([overview], ["config/landelijk.yaml"]),
    ]


def _tiny_workflow(folder, rule: str) -> None:
    (folder / "profiles/default").mkdir(parents=True)
    (folder / "profiles/default/config.yaml").write_text(
        "cores: 1\nquiet:\n  - all\n", encoding="utf-8"
    )
    (folder / "Snakefile").write_text(
        "from buig_analyse.run import workflow_ended\n\n"
        f"{rule}\n\n"
        "onsuccess:\n    workflow_ended()\n\n"
        "onerror:\n    workflow_ended()\n",
        encoding="utf-8",
    )


def _buig_run(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "buig_analyse.run", *args], cwd=folder, capture_output=True,
        text=True, timeout=120, env={**os.environ, "BUIG_VOORLADEN": "nee"},
    )  # fmt: skip


@pytest.mark.parametrize(
    "rule, args, code, told",
    [
        ('rule alles:\n    output: "uit.txt"\n    shell: "touch {output}"', ["--configfile",
         "ontbreekt.yaml"], 1, True),  # a command Snakemake refuses before the workflow begins
        ('rule alles:\n    output: "uit.txt"\n    shell: "touch {output}"', ["--onbekend"], 2,
         True),
        ('rule alles:\n    output: "uit.txt"\n    shell: "exit 3"', [], 1, False),  # a job fails
        ('rule alles:\n    output: "uit.txt"\n    shell: "touch {output}"', [], 0, False),
    ],
    ids=["missing config file", "unknown option", "failed job", "success"],
)  # fmt: skip
def test_buig_run_says_in_dutch_why_a_quiet_snakemake_stopped_before_the_workflow(
    tmp_path, rule, args, code, told
):
    """With the profile's quiet console Snakemake prints nothing when it refuses the command
    itself; buig-run then says so in Dutch. A workflow that ran to its end (its summary printed
    by onsuccess or onerror) gets no such line."""
    from buig_analyse.run import NOT_BEGUN

    _tiny_workflow(tmp_path, rule)
    done = _buig_run(tmp_path, *args)
    assert done.returncode == code, done.stderr[-2000:]
    assert (NOT_BEGUN.format(code=code) in done.stderr) is told, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_only_buig_runs_own_child_writes_to_the_pipe_it_names(tmp_path):
    """A job on a cluster node gets Snakemake's environment too: there the descriptor the variable
    names is another file of its own, and it must not be written to."""
    from buig_analyse.run import ENDED_ENV, workflow_ended

    read_end, write_end = os.pipe()
    other = os.open(tmp_path / "eigen.log", os.O_WRONLY | os.O_CREAT)
    try:
        parent = os.getppid()
        assert not workflow_ended({ENDED_ENV: f"{write_end}:{parent + 1}"})  # not its parent
        assert not workflow_ended({ENDED_ENV: f"{other}:{parent}"})  # no pipe
        assert not workflow_ended({ENDED_ENV: "onzin"}) and not workflow_ended({})
        assert (tmp_path / "eigen.log").read_bytes() == b""
        assert workflow_ended({ENDED_ENV: f"{write_end}:{parent}"})
        assert os.read(read_end, 16) == b"."
    finally:
        for fd in (read_end, write_end, other):
            os.close(fd)
