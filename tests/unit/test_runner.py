"""A rule's script: a data problem or a program error ends with one Dutch line on the console (no
traceback) and a non-zero exit; the detail is in the rule's log."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.runner import rule_step


def fake(tmp_path):
    return SimpleNamespace(
        log=[str(tmp_path / "regel.log")],
        rule="analyse_budget",
        wildcards=SimpleNamespace(gemeente="voorschoten", jaar="2017"),
    )


def test_program_error_is_one_dutch_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        with rule_step(fake(tmp_path), "klaar"):
            _ = 1 / 0
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "voorschoten/2017: onverwachte fout in stap 'analyse_budget'" in err
    assert "Traceback" not in err
    log = (tmp_path / "regel.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError" in log


def test_data_problem_is_the_dutch_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        with rule_step(fake(tmp_path), "klaar"):
            raise InputValidationError([Problem("a.csv", 3, "bedrag", "waarde ontbreekt")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "a.csv, rij 3, kolom 'bedrag': waarde ontbreekt" in err and "Traceback" not in err


def test_success_prints_progress(tmp_path, capsys):
    with rule_step(fake(tmp_path), "budget geanalyseerd"):
        pass
    assert capsys.readouterr().err.strip() == "voorschoten/2017: budget geanalyseerd"


def test_a_report_step_runs_without_the_garbage_collector_and_a_test_gets_it_back(tmp_path):
    import gc

    with rule_step(fake(tmp_path), "klaar"):
        assert gc.isenabled()
    with rule_step(fake(tmp_path), "klaar", collect_garbage=False):
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(SystemExit), rule_step(fake(tmp_path), "klaar", collect_garbage=False):
        raise InputValidationError([Problem("a.csv", 3, "bedrag", "waarde ontbreekt")])
    assert gc.isenabled()


def test_in_a_snakemake_job_the_step_ends_the_process_before_any_collection(tmp_path):
    """The point of collect_garbage=False: the job's process ends with the collector still off."""
    import subprocess
    import sys

    code = f"""
import gc, os, sys
import buig_analyse.runner as runner
from types import SimpleNamespace
job = SimpleNamespace(log=[{str(tmp_path / "regel.log")!r}], rule="render_report",
                      wildcards=SimpleNamespace(gemeente="voorschoten", jaar="2017"))
runner._in_snakemake_job = lambda snakemake: True
gc.callbacks.append(lambda phase, info: phase == "start" and os.write(2, b"collectie\\n"))
with runner.rule_step(job, "rapport opgemaakt", collect_garbage=False):
    rubbish = []
    for _ in range(50000):
        cycle = []
        cycle.append(cycle)
print("niet bereikt")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "voorschoten/2017: rapport opgemaakt" in done.stderr
    assert "collectie" not in done.stderr and "niet bereikt" not in done.stdout
