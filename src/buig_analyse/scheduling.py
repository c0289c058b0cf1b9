"""Snakemake's job scheduler made to cost what the run's work costs (issue 12).

At every scheduling pass (one after each finished job) Snakemake measures the size of every input
file of every job that is ready to start, for the greedy scheduler's reward. In a national run
hundreds of drops are ready at once (two cores run two of them), each with some 40 input files,
so each pass measured thousands of files again (two ``stat`` calls each, through one asyncio task
per file) and the passes grew with the drops: the main process cost about 0,4 CPU-s a drop and a
342-drop run was 8% slower per report than a 50-drop run. A ready job's inputs are complete and
do not change while it waits, so :func:`remember_input_sizes` measures each ready job's inputs
once. The sizes only order the jobs; which jobs run and what they write does not change.
"""

from __future__ import annotations

import asyncio
from itertools import filterfalse

KEEP_AT_MOST = 10000  # Snakemake's own bound on the remembered sizes


def remember_input_sizes(scheduler) -> bool:
    """Replace ``scheduler.update_input_sizes`` (Snakemake's JobScheduler) by one that measures
    the inputs of a ready job once; False when this Snakemake's scheduler has no such method."""
    sizes = getattr(scheduler, "_input_sizes", None)
    if not hasattr(scheduler, "update_input_sizes") or not isinstance(sizes, dict):
        return False
    measured: set = set()  # ready jobs whose input sizes are in ``sizes``

    async def size(path):
        return path, await path.size() if await path.exists() else None

    async def update_input_sizes(jobs) -> None:
        jobs = list(jobs)
        new = [job for job in jobs if job not in measured]
        paths = {path for job in new for path in job.input if path not in sizes}
        if paths:
            sizes.update(await asyncio.gather(*(size(path) for path in paths)))
        measured.update(new)
        if len(sizes) > KEEP_AT_MOST:  # as Snakemake does: keep the sizes of the waiting jobs
            keep = {path for job in jobs for path in job.input}
            for path in list(filterfalse(keep.__contains__, sizes)):
                del sizes[path]
            measured.intersection_update(jobs)

    scheduler.update_input_sizes = update_input_sizes
    return True
