"""End to end: the Snakemake workflow on the sample drop in a temporary copy of the project."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .helpers import OUTPUTS, REPORT, copy_project, digests, snakemake
from .test_bad_input_corpus import CASES, DROP, END_TO_END

pytestmark = pytest.mark.e2e


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
    html = (project / OUTPUTS[0]).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Analyse BUIG Voorschoten" in html
    assert "€ -111.742" in html and "€ 56.992" in html and "€ 4.616.155" in html
    assert "http://" not in html and "https://" not in html.replace(
        "https://www.efk.nl", ""
    )  # only cited sources
    assert "<script" not in html


def test_sample_pdf_fits_every_page(project):
    """Issue 9: the render rule's layout check of the sample report found no box beyond a page's
    content area (the other drops: tests/e2e/test_layout.py)."""
    import json

    check = project / "results/voorschoten/2017/staging/opmaakcontrole.json"
    found = json.loads(check.read_text(encoding="utf-8"))["pagina_buiten_tekstruimte"]
    assert found == [], "\n".join(found)


def test_pdf_pages_and_text(project):
    reader = PdfReader(project / OUTPUTS[1])
    assert len(reader.pages) >= 8
    first = reader.pages[0].extract_text()
    assert (
        "Analyse BUIG Voorschoten" in first and "2017" in first and "voorschoten-2017-k1" in first
    )
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
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


def test_the_contents_gives_the_page_of_each_heading(project):
    """The page number after each entry of the contents is the page its heading is printed on: the
    first page after the contents whose text has the heading (a chapter number and the title, or
    the appendix's 'Bijlage: ...'), read from the PDF's text, not from the layout that numbered
    it. Also that every entry has a number, on a line of its own with its title, and that the
    PDF's text gives each title with its number."""
    import re

    reader = PdfReader(project / OUTPUTS[1])
    texts = [page.extract_text() for page in reader.pages]
    contents_page = next(i for i, text in enumerate(texts) if "\nInhoud\n" in f"\n{text}\n")
    lines = reader.pages[contents_page].extract_text(extraction_mode="layout").splitlines()
    entries = [
        (m.group(1), int(m.group(2)))
        for line in lines
        if (m := re.fullmatch(r"\s*(\S.*?[^\s.])[\s.]{3,}(\d+)\s*", line))
    ]
    assert len(entries) == 16, lines
    # in the PDF's text (copied, searched, read aloud without tags) each title comes with its number
    plain = texts[contents_page].splitlines()
    assert all(f"{title} {number}" in plain for title, number in entries), plain
    for title, number in entries:
        prefix = "" if title.startswith("Bijlage:") else r"\d+(\.\d+)*\.?[ \t]+"
        heading = re.compile(rf"^{prefix}{re.escape(title)}\b", re.MULTILINE)
        pages = [
            i + 1 for i, text in enumerate(texts) if i > contents_page and heading.search(text)
        ]
        assert pages and pages[0] == number, (title, number, pages)


def test_no_change_rerun_does_nothing(project):
    run = snakemake(project, "--dry-run", "--quiet")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


def test_bad_input_stops_run_and_keeps_previous_report(project):
    processed = sorted(
        p.relative_to(project) for p in (project / "data/processed").rglob("*") if p.is_file()
    )
    before = digests(project, OUTPUTS + processed)
    bad = project / "data/raw/voorschoten/2017/rijksbijdrage.csv"
    original = bad.read_bytes()
    bad.write_bytes(original.replace(b"4.372.242", b"4,372,242"))
    raw_digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    try:
        run = snakemake(project)
        assert run.returncode != 0
        assert "rijksbijdrage.csv, rij 3, kolom 'bedrag'" in run.stderr
        assert hashlib.sha256(bad.read_bytes()).hexdigest() == raw_digest
        assert digests(project, OUTPUTS + processed) == before  # report and processed tables intact
    finally:
        bad.write_bytes(original)


def test_the_summary_gives_this_runs_reason_not_an_older_log_of_a_later_step(project):
    """A drop whose charts failed in an earlier run, refused by the validation now: the run's
    closing summary names the refused cell, not the charts' log that this run did not write
    (it named that log, the oldest with an error, since the summary read the logs by time)."""
    log = project / "logs/voorschoten/2017/grafieken_budget.log"
    kept_log = log.read_bytes()
    log.write_text(
        "ERROR onverwachte fout in stap 'grafieken' (programmafout ParseError); meld dit\n",
        encoding="utf-8",
    )
    bad = project / DROP / "benchmark.csv"
    original = bad.read_bytes()
    bad.write_bytes(original.replace(b"Netto prijs per", b"Netto prijs\x01 per", 1))
    try:
        run = snakemake(project)
        assert run.returncode != 0
        output = run.stdout + run.stderr
        summary = output[output.index("Niet gemaakt (eerdere rapporten") :].splitlines()
        line = next(x for x in summary if x.startswith("  voorschoten/2017: "))
        assert "benchmark.csv, rij 2, kolom 'omschrijving'" in line, line
        assert "validate_drop.log" in line and "grafieken" not in line, line
    finally:
        bad.write_bytes(original)
        log.write_bytes(kept_log)


def _client_identifiers(project: Path) -> tuple[set[str], set[str]]:
    import csv

    with (project / "data/raw/voorschoten/2017/bestand_clienten.csv").open(
        encoding="utf-8"
    ) as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) > 300  # the client-level export with known keys ran end to end
    return {r["client_id"] for r in rows}, {r["geboortedatum"] for r in rows}


def test_no_client_key_or_birth_date_leaves_validation(project):
    import pandas as pd

    keys, births = _client_identifiers(project)
    texts = []
    for path in sorted((project / "data/processed").rglob("*")):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            texts.append(
                " ".join(map(str, frame.columns))
                + " "
                + " ".join(str(v) for v in frame.to_numpy().ravel())
            )
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    for path in OUTPUTS:
        if path.suffix == ".pdf":
            texts.append("\n".join(page.extract_text() for page in PdfReader(project / path).pages))
        else:
            texts.append((project / path).read_text(encoding="utf-8"))
    for log in sorted((project / "logs").rglob("*.log")):
        texts.append(log.read_text(encoding="utf-8"))
    blob = "\n".join(texts)
    assert not [k for k in keys if k in blob]
    assert not [b for b in births if b in blob]
    assert "client_id" not in blob.replace("(client_id)", "")


def test_no_small_subgroup_count_in_processed_or_report(project):
    import json

    import pandas as pd

    base = project / "data/processed/voorschoten/2017"
    for name in ("bestand_samenstelling", "bestand_stromen", "bestand_maand"):
        frame = pd.read_parquet(base / f"{name}.parquet")
        counts = frame["aantal"].dropna().astype(int)
        assert ((counts == 0) | (counts >= 5)).all(), name
        if (
            name != "bestand_samenstelling"
        ):  # the sample has small outflow reasons and a small regeling
            assert frame["onderdrukt"].any(), (
                f"{name}: the sample's small groups must be suppressed"
            )
    register = json.loads((project / REPORT / "figurenregister.json").read_text(encoding="utf-8"))
    subgroup = [
        f
        for f in register
        if f["id"].startswith(("samenstelling.", "stromen.", "bestand."))
        and f["unit"] in ("AANTAL", "TEKST")
    ]
    assert subgroup
    for figure in subgroup:
        # "<5": below the threshold; "x": hidden to protect a small group (secondary suppression)
        value = figure["value"]
        assert value in ("<5", "x") or value == 0 or value >= 5, figure["id"]
    html = (project / OUTPUTS[0]).read_text(encoding="utf-8")
    assert "&lt;5" in html


def test_second_concurrent_run_gets_a_dutch_message(project):
    import fcntl

    lock_path = project / ".snakemake" / "buig-run.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in progress
        run = subprocess.run(
            [sys.executable, "-m", "buig_analyse.run"], cwd=project, capture_output=True, text=True
        )
    assert run.returncode == 3
    assert "Er loopt al een run van buig-analyse in deze map" in run.stderr
    assert "Traceback" not in run.stderr and "LockException" not in run.stderr


@pytest.mark.parametrize("case", [c for c in CASES if c.name in END_TO_END], ids=lambda c: c.name)
def test_bad_input_is_refused(project, case):
    drop = project / DROP
    pristine = project.parent / "pristine-drop"
    if not pristine.exists():
        shutil.copytree(drop, pristine)
    kept = OUTPUTS + sorted(
        p.relative_to(project) for p in (project / "data/processed").rglob("*") if p.is_file()
    )
    before = digests(project, kept)
    try:
        case.mutate(drop)
        raw = sorted(p.relative_to(project) for p in drop.rglob("*") if p.is_file())
        raw_before = digests(project, raw)
        run = snakemake(project)
        output = run.stdout + run.stderr
        assert run.returncode != 0, f"{case.name}: the run should fail"
        for expected in case.expect:
            assert expected in output, (
                f"{case.name}: {expected!r} not in the message:\n{output[-2500:]}"
            )
        assert digests(project, raw) == raw_before, "raw files were modified"
        assert digests(project, kept) == before, "the previous report or processed tables changed"
    finally:
        shutil.rmtree(drop)
        shutil.copytree(pristine, drop)


def _structure_types(node, found, figures):
    """Walk the PDF structure tree: every element type, and the /Alt of every Figure."""
    from pypdf.generic import ArrayObject, DictionaryObject

    node = node.get_object()
    if isinstance(node, ArrayObject):
        for item in node:
            _structure_types(item, found, figures)
        return
    if not isinstance(node, DictionaryObject):
        return
    kind = node.get("/S")
    if kind is not None:
        found.add(str(kind))
        if kind == "/Figure":
            figures.append(str(node.get("/Alt", "")))
    if "/K" in node:
        _structure_types(node["/K"], found, figures)


def test_pdf_is_tagged_archival_and_accessible(project):
    """Issue 9: PDF/A-3 (level a: tagged) with the PDF/UA-1 identification, document language nl,
    the title shown, bookmarks, table headers as TH, an alt text on every figure, and the register
    CSV embedded as the document's data (AFRelationship /Data). Read with pypdf."""
    reader = PdfReader(project / OUTPUTS[1])
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]) == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    for expected in (
        'pdfaid:part="3"',
        'pdfaid:conformance="A"',
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
        "Analyse BUIG Voorschoten 2017",
    ):
        assert expected in xmp, expected
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    found: set[str] = set()
    figures: list[str] = []
    _structure_types(root["/StructTreeRoot"], found, figures)
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure"} <= found
    assert len(figures) >= 8 and all(alt.startswith("Grafiek met de cijfers") for alt in figures)

    def titles_of(outline):
        for item in outline:
            yield from titles_of(item) if isinstance(item, list) else [item.title]

    titles = list(titles_of(reader.outline))
    assert "1. Inleiding" in titles and "Bijlage: Figurenregister" in titles
    attached = reader.attachments
    assert list(attached) == ["figurenregister.csv"]
    assert attached["figurenregister.csv"][0] == (project / OUTPUTS[2]).read_bytes()
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data"


def test_assumptions_appendix(project):
    """Issue 11: the 2017 baten are an 'aanname' in meerjarenraming.csv row 2 (the issue's own
    example), the placements are illustrative, step D was assumed, and the seed's national
    'EUR 332 miljoen' is typed in landelijke_ontwikkelingen.md line 1."""
    import html as html_lib

    page = html_lib.unescape((project / OUTPUTS[0]).read_text(encoding="utf-8"))
    appendix = page.split("Bijlage: Aannames en keuzes</h2>", 1)[1].split("Bijlage: Herkomst")[0]
    appendix = appendix.replace("\u00a0", " ")
    assert "meerjarenraming.csv, rij 2, kolom soort</td><td>aanname" in appendix
    assert "plaatsingen.csv, rij 2, kolom bron</td><td>illustratie" in appendix
    assert "(vangnet.d_fout_onzeker.2016)" in appendix
    assert "narratief/landelijke_ontwikkelingen.md, regel 1: getal '€ 332 miljoen'" in appendix


def test_a_setting_that_differs_from_the_default_is_listed():
    from buig_analyse.register.figures import Register
    from buig_analyse.report.render import assumptions

    # the shipped settings (config/config.yaml), as the workflow passes them
    DEFAULT_SETTINGS = {
        "history_years": 2,
        "perspective_offset": -1,
        "forecast_weights": {"externe_groeiprognose": 1, "lineaire_extrapolatie": 1,
                             "trend_vorig_jaar": 1},
        "min_count": 5,
        "single_categories": ["alleenstaand", "eenouder"],
    }  # fmt: skip
    settings = {**DEFAULT_SETTINGS, "forecast_weights": {**DEFAULT_SETTINGS["forecast_weights"],
                                                         "trend_vorig_jaar": 2}}  # fmt: skip
    found = assumptions({}, Register(), settings, [], DEFAULT_SETTINGS)["instellingen"]
    assert len(found) == 1 and "forecast.weights" in found[0][0] and "2" in found[0][1]
    assert (
        assumptions({}, Register(), dict(DEFAULT_SETTINGS), [], DEFAULT_SETTINGS)["instellingen"]
        == []
    )


def test_pdf_register_summary_names_the_attachment_it_carries(project):
    """Issue 12: the PDF summarises the figure register (the full register is attached). The total
    it prints must equal the rows of the attached CSV counted here, and the SHA-256 it prints must
    be that of the attached bytes, so a reader of the paper can check the attachment; the per-figure
    rows (calculation and input cells) are not in the PDF."""
    import csv
    import io
    import re

    reader = PdfReader(project / OUTPUTS[1])
    attached = reader.attachments["figurenregister.csv"][0]
    rows = list(csv.reader(io.StringIO(attached.decode("utf-8-sig")), delimiter=";"))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    start = text.index("Bijlage: Figurenregister\n")
    appendix = text[start : text.index("Bijlage: Controles\n", start)]
    total = re.search(r"^Totaal ([\d.]+) ([\d.]+) ([\d.]+)$", appendix, re.M)
    assert total, appendix
    shown, chart_only, together = (int(n.replace(".", "")) for n in total.groups())
    assert shown + chart_only == together == len(rows) - 1  # the header row
    digest = re.search(r"SHA-256 van figurenregister\.csv is\s+([0-9a-f\s]{64,80})\.", appendix)
    assert digest, appendix
    assert re.sub(r"\s", "", digest.group(1)) == hashlib.sha256(attached).hexdigest()
    assert "rijksbijdrage.csv, rij 2, kolom bedrag" not in text


def test_herkomst_prints_each_input_files_own_sha256_on_one_line(project):
    """The Herkomst appendix of the PDF: for each input file of the drop, the SHA-256 it prints is
    that of the file (hashed here with hashlib) and stands whole on one line of the page, so a
    reader can compare it at a glance; a hash broken over two lines fails this test."""
    import re

    reader = PdfReader(project / OUTPUTS[1])
    text = "\n".join(page.extract_text() for page in reader.pages)
    appendix = text[text.index("Bijlage: Herkomst\n") :]
    lines = dict(m.groups() for m in re.finditer(r"^(\S+) ([0-9a-f]{64})$", appendix, re.M))
    drop = project / "data/raw/voorschoten/2017"
    files = sorted(drop.glob("*.csv"))
    assert len(files) >= 15
    for path in files:
        assert lines.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
    sisa = drop / "sisa/sisa_G2_2015.xlsx"
    assert lines["sisa/sisa_G2_2015.xlsx"] == hashlib.sha256(sisa.read_bytes()).hexdigest()


def test_scheduler_has_no_job_rate_limit(tmp_path):
    """Issue 12: Snakemake's job rate limiter is off for our runs (its timers multiplied with every
    finished job and made the scheduler's cost grow with the size of a national run). With a limit
    of one job per day, the second job of a drop could only start tomorrow; it must start now."""
    workdir = copy_project(tmp_path)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "snakemake", "--cores", "2", "--until", "analyse",
             "--max-jobs-per-timespan", "1/1d"],
            cwd=workdir, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("the second job waited for the job rate limiter")
    assert run.returncode == 0, run.stderr[-2000:]
    assert (workdir / "results/voorschoten/2017/analysis/figurenregister.json").is_file()


def test_preloaded_process_runs_later_steps_and_stays_out_of_a_narrative_change(tmp_path):
    """Issue 12: a cold run's later steps run as forks of the preloaded process (its log names each
    step it ran); a narrative change, whose render starts at once, starts none."""
    workdir = copy_project(tmp_path)
    first = snakemake(workdir)
    assert first.returncode == 0, first.stderr[-3000:]
    log = workdir / "logs/voorgeladen_proces.log"
    steps = [line.split(":")[0].removeprefix("stap ") for line in log.read_text().splitlines()]
    assert "publish" in steps and all(
        line.endswith("code 0") for line in log.read_text().splitlines()
    )
    log.unlink()
    block = workdir / "data/raw/voorschoten/2017/narratief/inleiding.md"
    block.write_text(block.read_text(encoding="utf-8") + "\nExtra zin.\n", encoding="utf-8")
    again = snakemake(workdir)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "rapport opgemaakt" in again.stderr and not log.exists()
    # Through buig-run (`make report`) the preloaded process starts before Snakemake, so that
    # narrative change's render runs in it too.
    block.write_text(block.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    through_run = subprocess.run(
        [sys.executable, "-m", "buig_analyse.run", "--cores", "2"],
        cwd=workdir, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert through_run.returncode == 0, through_run.stderr[-3000:]
    steps = [line.split(":")[0].removeprefix("stap ") for line in log.read_text().splitlines()]
    assert steps == ["render_report", "publish"], log.read_text()


def test_snakemakes_own_process_never_imports_pandas_yet_sees_a_changed_param(project):
    """Issue 12: Snakemake's start is most of a no-change run. Its process imports no pandas (its
    params check would, see buig_analyse.main_process; the SLURM plugin would, it is
    installed apart), and a changed param still re-runs the rule that has it."""
    unchanged = snakemake(project, "--dry-run", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert unchanged.returncode == 0, unchanged.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in unchanged.stderr.splitlines()]
    assert "Nothing to be done" in unchanged.stdout + unchanged.stderr
    assert "snakemake.persistence" in imported and "pandas" not in imported
    changed = snakemake(project, "--dry-run", "--config", "history_years=3")
    assert changed.returncode == 0, changed.stderr[-2000:]
    assert "rule validate_drop:" in changed.stdout + changed.stderr
