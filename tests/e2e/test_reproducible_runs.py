"""End to end, two full runs of the sample drop in fresh copies of the project: one split over two
invocations in another directory, time zone and locale, each rule script in its own interpreter
(BUIG_VOORLADEN=nee), one killed halfway and restarted, its scripts run by the preloaded process
(buig_analyse.warm). Both must give the same bytes (a third build, in test_workflow.py, is checked
against the seed's figures)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .helpers import OUTPUTS, copy_project, digests, snakemake

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """The sample drop built in another directory, time zone and locale, split in two runs."""
    other = copy_project(tmp_path_factory.mktemp("elsewhere"))
    env = {
        "TZ": "America/Los_Angeles",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "BUIG_VOORLADEN": "nee",
    }
    first = snakemake(other, "--until", "analyse", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert not (other / OUTPUTS[0]).exists()
    rest = snakemake(other, env=env)
    assert rest.returncode == 0, rest.stderr[-3000:]
    return other


def test_killed_run_restarted_gives_the_same_outputs(elsewhere, tmp_path):
    import signal
    import time

    other = copy_project(tmp_path / "killed")
    process = subprocess.Popen(
        [sys.executable, "-m", "buig_analyse.run"],
        cwd=other,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    marker = other / "results/voorschoten/2017/analysis/budget.json"
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # halfway: the analyses have started, nothing rendered
    process.wait()
    assert not (other / OUTPUTS[0]).exists()
    # The preloaded process (a session of its own) and its forks end with the killed run.
    deadline = time.monotonic() + 10
    while processes_in(other) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_in(other)
    # `make report` again: no unlock needed (the run's lock ended with its process).
    rerun = subprocess.run(
        [sys.executable, "-m", "buig_analyse.run"], cwd=other, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert (
        "Rapporten gereed:" in rerun.stderr and "BUIG-analyse-voorschoten-2017.html" in rerun.stderr
    )
    assert digests(other, OUTPUTS) == digests(elsewhere, OUTPUTS)


def processes_in(folder) -> list[int]:
    """The processes whose working folder is ``folder``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/cwd") == str(folder):
                    found.append(int(entry))
            except OSError:
                continue
    return found
