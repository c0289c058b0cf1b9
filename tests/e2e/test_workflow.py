"""End to end: the Snakemake workflow on the sample drop in a temporary copy of the project."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import ROOT

pytestmark = pytest.mark.e2e
REPORT = Path("results/voorschoten/2017/rapport")
OUTPUTS = [
    REPORT / "BUIG-analyse-voorschoten-2017.html",
    REPORT / "BUIG-analyse-voorschoten-2017.pdf",
    REPORT / "figurenregister.csv",
    REPORT / "figurenregister.json",
]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("Snakefile", "workflow", "config", "reports", "src", "data/raw", "data/reference"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, target / name)
    return target


def snakemake(workdir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def digests(workdir: Path, paths) -> dict[str, str]:
    return {str(p): hashlib.sha256((workdir / p).read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    workdir = copy_project(tmp_path_factory.mktemp("project"))
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-4000:]
    return workdir


def test_html_and_pdf_exist(project):
    for path in OUTPUTS:
        assert (project / path).stat().st_size > 0


def test_html_is_self_contained(project):
    html = (project / OUTPUTS[0]).read_text(encoding="utf-8")
    assert "Analyse BUIG Voorschoten" in html
    assert "€ -111.742" in html and "€ 56.992" in html and "€ 4.616.155" in html
    assert "http://" not in html and "https://" not in html.replace(
        "https://www.efk.nl", ""
    )  # only cited sources
    assert "<script" not in html


def test_pdf_pages_and_text(project):
    reader = PdfReader(project / OUTPUTS[1])
    assert len(reader.pages) >= 8
    first = reader.pages[0].extract_text()
    assert (
        "Analyse BUIG Voorschoten" in first and "2017" in first and "voorschoten-2017-k1" in first
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Inhoud",
        "4.1 Analyse BUIG budget",
        "€ -285.791",
        "€ -332.596",
        "€ -3.037",
        "+3,2%",
        "Pagina 2 van",
        "Bijlage: Figurenregister",
        "Bijlage: Herkomst",
    ):
        assert expected in text, expected
    attachments = reader.attachments
    assert "figurenregister.csv" in attachments


def test_no_change_rerun_does_nothing(project):
    run = snakemake(project, "--dry-run", "--quiet")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


def test_second_run_is_byte_identical(project, tmp_path):
    first = digests(project, OUTPUTS)
    other = copy_project(tmp_path / "elsewhere")
    run = snakemake(
        other, env={"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert digests(other, OUTPUTS) == first


def test_bad_input_stops_run_and_keeps_previous_report(project):
    before = digests(project, OUTPUTS)
    bad = project / "data/raw/voorschoten/2017/rijksbijdrage.csv"
    original = bad.read_bytes()
    bad.write_bytes(original.replace(b"4.372.242", b"4,372,242"))
    raw_digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    try:
        run = snakemake(project)
        assert run.returncode != 0
        assert "rijksbijdrage.csv, rij 3, kolom 'bedrag'" in run.stderr
        assert hashlib.sha256(bad.read_bytes()).hexdigest() == raw_digest
        assert digests(project, OUTPUTS) == before
    finally:
        bad.write_bytes(original)


def test_second_gemeente_beside_the_first_gets_its_own_report(tmp_path):
    workdir = copy_project(tmp_path / "two")
    second = workdir / "data/raw/wassenaar/2017"
    shutil.copytree(workdir / "data/raw/voorschoten/2017", second)
    meta = (second / "drop.yaml").read_text(encoding="utf-8")
    meta = (
        meta.replace("Voorschoten", "Wassenaar")
        .replace("GM0626", "GM0629")
        .replace("voorschoten-", "wassenaar-")
    )
    (second / "drop.yaml").write_text(meta, encoding="utf-8")
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-4000:]
    for gemeente in ("voorschoten", "wassenaar"):
        html = workdir / f"results/{gemeente}/2017/rapport/BUIG-analyse-{gemeente}-2017.html"
        assert html.exists()
    text = (workdir / "results/wassenaar/2017/rapport/BUIG-analyse-wassenaar-2017.html").read_text(
        encoding="utf-8"
    )
    assert "Analyse BUIG Wassenaar" in text and "GM0629" in text
