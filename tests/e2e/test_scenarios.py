"""End to end on the workflow scenarios (tests/scenarios.py, one Snakemake run over all of them):
a second gemeente, hostile text, and what the console shows."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


def test_second_gemeente_gets_its_own_report(scenarios):
    """Scenario 'breed' (tests/scenarios.py: Wassenaar from the contract, with a wide drop), built
    in the same run as the other scenarios."""
    html = scenarios["breed"].results / "rapport" / "BUIG-analyse-breed-2017.html"
    text = html.read_text(encoding="utf-8")
    assert "Analyse BUIG Wassenaar" in text and "GM0629" in text


def test_html_escapes_text_from_inputs(scenarios):
    """Scenario 'omgekeerd' (with hostile text): markup in drop.yaml and narrative is text in the
    HTML and the PDF."""
    rapport = scenarios["omgekeerd"].results / "rapport"
    html = (rapport / "BUIG-analyse-omgekeerd-2017.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=http" not in html and 'src="http' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    pdf = PdfReader(rapport / "BUIG-analyse-omgekeerd-2017.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "<script>alert(1)</script>" in text  # shown as text in the PDF, nothing fetched or run


def test_console_shows_progress_per_drop_and_a_summary(scenarios):
    """A run talks like a tool: one line per drop and step, then the reports built and the drops
    refused with their first message; no job listings with every input file."""
    lines = scenarios.output.splitlines()
    assert "minimaal/2017: rapport opgemaakt" in lines
    assert "voorbeeld/2017: hoofdstukken geanalyseerd, figurenregister samengesteld" in lines
    summary = lines[lines.index("Rapporten gereed:") :]
    assert any(
        line.startswith("  minimaal/2017: .test/results/minimaal/2017/rapport/") for line in summary
    )
    refused = summary[
        summary.index("Niet gemaakt (eerdere rapporten van deze aanlevering zijn bewaard):") :
    ]
    assert any(
        line.startswith("  sisa-afwijkend/2017: ") and "controles.log" in line for line in refused
    )
    assert any(line.startswith("  Hoofdletters/2017: overgeslagen") for line in refused)
    assert "MissingInputException" not in scenarios.output
    jobs = 16 * 3 + 12 * 3  # steps of the three whole reports and the three analysis-only scenarios
    assert len(lines) < jobs + 40, len(lines)


def test_herkomst_hashes_every_file_that_can_change_the_report(scenarios):
    """Issue 11: narrative, SOURCES.md, config and templates are hashed in Herkomst, so an edit of
    a narrative block changes Herkomst."""
    import hashlib

    scenario = scenarios["breed"]
    html = (scenario.results / "rapport" / "BUIG-analyse-breed-2017.html").read_text("utf-8")
    herkomst = html.split("Bijlage: Herkomst", 1)[1]
    narrative = scenario.workdir / ".test" / "raw" / "breed" / "2017" / "narratief" / "budget.md"
    digest = hashlib.sha256(narrative.read_bytes()).hexdigest()
    assert f'<td>narratief/budget.md</td><td class="hash">{digest}</td>' in herkomst
    for label in ("SOURCES.md", "config/config.yaml", "reports/templates/report.html.j2"):
        assert f"<td>{label}</td>" in herkomst, label


def test_last_years_drop_feeds_the_controls(tmp_path):
    """Issue 11: with a drop of the year before of the same gemeente in raw_dir, the controls of
    this year's drop take its register as input (a dry run shows the DAG: 2016's register is
    built for 2017's controles)."""
    import shutil

    from .helpers import copy_project, snakemake

    workdir = copy_project(tmp_path / "p")
    raw = workdir / "data" / "raw" / "voorschoten"
    shutil.copytree(raw / "2017", raw / "2016")
    run = snakemake(workdir, "--dag", "dot", "results/voorschoten/2017/analysis/controles.json")
    assert run.returncode == 0, run.stderr[-2000:]
    labels = [line for line in run.stdout.splitlines() if "label" in line]
    # two registers are built: 2017's and, for its controls, 2016's
    assert sum('label = "analyse"' in line for line in labels) == 2
    assert any("jaar: 2016" in line for line in labels)
