"""The national run on a real SLURM cluster (issue 12): a single-node cluster from Debian's packages
(munge, slurmctld, slurmd; job status from squeue, so no slurmdbd), a small national set run through
profiles/slurm and Snakemake's SLURM executor plugin, and every output byte-identical to the same
set run locally in another folder.

It needs root and Debian (it writes /etc/slurm/slurm.conf and starts the daemons); `make test`
installs the packages and runs it after the main suite, on its own (`pytest -m slurm`). Anywhere
else it is skipped with the reason. It leaves an existing SLURM configuration alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .. import scenarios
from ..conftest import ROOT

CONF = Path("/etc/slurm/slurm.conf")
MARKER = "# buig-analyse: single-node test cluster (tests/cluster/test_slurm.py)"
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo")
YEAR = "2017"
OVERVIEW = f"results/landelijk-run/landelijk/{YEAR}/overzicht.html"


def why_not() -> str | None:
    """Why this machine cannot run the test, or None."""
    if os.geteuid() != 0:
        return (
            "the SLURM test starts slurmctld, slurmd and munged and writes /etc/slurm: needs root"
        )
    if not Path("/etc/debian_version").exists():
        return "the SLURM test starts a cluster from Debian's packages: not a Debian machine"
    missing = [name for name in DAEMONS if shutil.which(name) is None]
    if missing:
        return (
            f"SLURM/munge not installed ({', '.join(missing)}); `make test` installs them as root"
        )
    if CONF.exists() and MARKER not in CONF.read_text(encoding="utf-8", errors="replace"):
        return f"{CONF} belongs to an existing SLURM installation; the test leaves it alone"
    return None


def _run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, **kwargs)


def _memory_mb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(int(line.split()[1]) / 1024 * 0.8)
    return 2000


def _start_munge() -> None:
    if _run("sh", "-c", "munge -n | unmunge").returncode == 0:
        return  # already running (for example under systemd)
    Path("/run/munge").mkdir(parents=True, exist_ok=True)
    shutil.chown("/run/munge", "munge", "munge")
    started = _run("runuser", "-u", "munge", "--", "munged")
    assert started.returncode == 0, started.stderr
    for _ in range(50):
        if _run("sh", "-c", "munge -n | unmunge").returncode == 0:
            return
        time.sleep(0.1)
    pytest.fail("munged did not start")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = why_not()
    if reason:
        pytest.skip(reason)
    state = tmp_path_factory.mktemp("slurm")
    host = socket.gethostname().split(".")[0]
    cpus = os.cpu_count() or 1
    CONF.parent.mkdir(parents=True, exist_ok=True)
    CONF.write_text(
        f"""{MARKER}
ClusterName=buigtest
SlurmctldHost={host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation={state}/state
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={state}/slurmctld.pid
SlurmdPidFile={state}/slurmd.pid
SlurmctldLogFile={state}/slurmctld.log
SlurmdLogFile={state}/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
NodeName={host} CPUs={cpus} RealMemory={_memory_mb()} State=UNKNOWN
PartitionName=buig Nodes={host} Default=YES MaxTime=INFINITE State=UP
""",
        encoding="utf-8",
    )
    for folder in ("state", "spool"):
        (state / folder).mkdir()
    _start_munge()
    for daemon in ("slurmctld", "slurmd"):
        started = _run(daemon)
        assert started.returncode == 0, f"{daemon}: {started.stderr}"
    for _ in range(100):
        if "idle" in _run("sinfo", "-h", "-o", "%t").stdout:
            break
        time.sleep(0.2)
    else:
        pytest.fail(
            f"the node did not come up: {_run('sinfo').stdout} {_read(state / 'slurmd.log')}"
        )
    yield state
    _run("scontrol", "shutdown")
    _run("pkill", "-x", "slurmd")
    CONF.unlink(missing_ok=True)


def _read(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _project(target: Path) -> Path:
    """A copy of the project with two generated drops (seed 5: a tekort with a vangnet payment and
    one without the optional verdeelmodel)."""
    project = scenarios.copy_project(target, (*scenarios.PROJECT_PARTS, "tools", "data/raw"))
    generated = subprocess.run(
        [sys.executable, "tools/generate_drops.py", "--aantal", "2", "--seed", "5",
         "--uit", "data/landelijk/raw"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    return project


def _snakemake(project: Path, *args: str) -> subprocess.CompletedProcess:
    from buig_analyse.run import environment

    command = ["--configfile", "config/landelijk.yaml", *args]
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", *command],
        cwd=project, capture_output=True, text=True, timeout=900, env=environment(command),
    )  # fmt: skip
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    return run


def _outputs(project: Path) -> dict[str, str]:
    """Every file the run published or built, by path (the links of the publication followed)."""
    found = {}
    for top in ("results/landelijk-run", "data/landelijk/processed"):
        for path in sorted((project / top).rglob("*")):
            if path.is_file():
                found[path.relative_to(project).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return found


@pytest.mark.slurm
def test_national_set_on_slurm_gives_the_bytes_of_a_local_run(cluster, tmp_path):
    on_slurm = _project(tmp_path / "cluster")
    for target in ([], [OVERVIEW]):  # every drop (keep-going), then the overview: make landelijk
        _snakemake(
            on_slurm, "--workflow-profile", "profiles/slurm",
            "--slurm-init-seconds-before-status-checks", "1", "--slurm-keep-successful-logs",
            *target,
        )  # fmt: skip
    submitted = list((on_slurm / ".snakemake" / "slurm_logs").rglob("*.log"))
    rules = {path.parts[-3] for path in submitted}
    # every rule but publish (a local rule) ran as a SLURM job
    assert {"rule_validate_drop", "rule_analyse", "rule_controles", "rule_grafieken",
            "rule_render_report", "rule_landelijk_overzicht"} <= rules, rules  # fmt: skip
    assert "rule_publish" not in rules

    local = _project(tmp_path / "local")
    for target in ([], [OVERVIEW]):
        _snakemake(local, "--cores", "2", *target)

    cluster_files, local_files = _outputs(on_slurm), _outputs(local)
    assert (on_slurm / OVERVIEW).exists()
    assert len(cluster_files) > 100
    assert cluster_files.keys() == local_files.keys()
    differ = [name for name in cluster_files if cluster_files[name] != local_files[name]]
    assert not differ, differ


def test_slurm_profile_sets_resources_for_every_cluster_rule():
    import yaml

    profile = yaml.safe_load((ROOT / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    rules = {"validate_drop", "analyse", "controles", "grafieken", "render_report",
             "landelijk_overzicht"}  # fmt: skip
    assert rules <= set(profile["set-resources"])
    for rule in rules:
        assert profile["set-resources"][rule]["mem_mb"] >= 1000
