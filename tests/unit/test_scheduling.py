"""The scheduler measures a ready job's input files once (buig_analyse.scheduling, issue 12): the
sizes it hands the job selector are those Snakemake's own update_input_sizes gives, and a job
that waits through many scheduling passes is not measured again."""

from __future__ import annotations

import asyncio

from buig_analyse.scheduling import remember_input_sizes


class Path(str):
    measured: list[str] = []

    async def exists(self) -> bool:
        return not self.startswith("ontbreekt")

    async def size(self) -> int:
        Path.measured.append(str(self))
        return len(self)


class Job:
    def __init__(self, *paths: str) -> None:
        self.input = [Path(p) for p in paths]


class Scheduler:
    """Snakemake's JobScheduler as far as remember_input_sizes uses it."""

    def __init__(self) -> None:
        self._input_sizes: dict = {}

    async def update_input_sizes(self, jobs) -> None:  # pragma: no cover - replaced
        raise AssertionError("Snakemake's own method ran")


def test_a_waiting_job_is_measured_once_with_snakemakes_sizes():
    Path.measured = []
    scheduler = Scheduler()
    assert remember_input_sizes(scheduler)
    first = Job("a/een.csv", "gedeeld.py", "ontbreekt.csv")
    second = Job("b/twee.csv", "gedeeld.py")
    for _ in range(5):  # five scheduling passes while both wait
        asyncio.run(scheduler.update_input_sizes([first, second]))
    assert sorted(Path.measured) == ["a/een.csv", "b/twee.csv", "gedeeld.py"]
    assert scheduler._input_sizes == {
        "a/een.csv": 9,
        "gedeeld.py": 10,
        "ontbreekt.csv": None,
        "b/twee.csv": 10,
    }
    third = Job("c/drie.csv", "gedeeld.py")
    asyncio.run(scheduler.update_input_sizes([second, third]))
    assert sorted(Path.measured) == ["a/een.csv", "b/twee.csv", "c/drie.csv", "gedeeld.py"]


def test_the_remembered_sizes_stay_bounded_to_the_waiting_jobs(monkeypatch):
    import buig_analyse.scheduling as scheduling

    monkeypatch.setattr(scheduling, "KEEP_AT_MOST", 3)
    Path.measured = []
    scheduler = Scheduler()
    remember_input_sizes(scheduler)
    old = Job("oud/1.csv", "oud/2.csv", "oud/3.csv")
    asyncio.run(scheduler.update_input_sizes([old]))
    waiting = Job("nieuw/1.csv")
    asyncio.run(scheduler.update_input_sizes([waiting]))
    assert scheduler._input_sizes == {"nieuw/1.csv": 11}
    asyncio.run(scheduler.update_input_sizes([old, waiting]))  # old is ready again: measured anew
    assert scheduler._input_sizes["oud/1.csv"] == 9 and Path.measured.count("oud/1.csv") == 2


def test_another_scheduler_is_left_alone():
    class Other:
        pass

    assert remember_input_sizes(Other()) is False


def test_snakemakes_scheduler_still_has_what_remember_input_sizes_replaces():
    """On a Snakemake whose scheduler changed, remember_input_sizes would do nothing and only the
    national run would be slower; this test says so first."""
    import inspect

    from snakemake.scheduling.job_scheduler import JobScheduler

    assert inspect.iscoroutinefunction(JobScheduler.update_input_sizes)
    assert "self._input_sizes = {}" in inspect.getsource(JobScheduler.__init__)
    assert "self.update_input_sizes(jobs)" in inspect.getsource(JobScheduler.job_selector)
