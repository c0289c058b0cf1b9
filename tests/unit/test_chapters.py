"""All chapters in one process (rule analyse): a chapter that builds on another gets it exactly as
it would read it back from the other's file."""

import json

from buig_analyse import io
from buig_analyse.analysis.chapter import settled
from buig_analyse.analysis.participatie import ParticipatieChapter, participatie_chapter

from ..conftest import ROOT


def test_settled_chapter_is_the_chapter_read_back_from_its_file(sample_drop, tmp_path):
    chapter = participatie_chapter(sample_drop.tables["participatiebudget"], 2017, 2, 2012)
    path = tmp_path / "participatie.json"
    io.write_chapter(path, chapter)
    from_file = io.read_chapter(path)
    again = settled(chapter)
    assert type(again) is ParticipatieChapter
    assert again.figures == from_file.figures
    assert json.dumps(again.layout()) == json.dumps(from_file.layout())  # key order too
    io.write_chapter(tmp_path / "again.json", again)
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_workflow_takes_the_chapter_names_from_the_package():
    common = (ROOT / "workflow" / "rules" / "common.smk").read_text(encoding="utf-8")
    assert "ANALYSES = list(chapter_names.ANALYSES)" in common  # one list, not two copies


def test_reading_chapters_back_does_not_import_pandas_or_pandera(tmp_path):
    """Issue 12: the chart and report jobs read chapters back from JSON; they import the chapter
    modules for the classes but must not pay for pandas and pandera (about 0.5 s per job). Run in a
    fresh interpreter, since this one has them loaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from buig_analyse.analysis.chapter import chapter_class\n"
        "from buig_analyse.analysis.chapters import CHAPTERS\n"
        "for name in CHAPTERS: chapter_class(name)\n"
        "import buig_analyse.report.render, buig_analyse.report.html\n"
        # pandas executed imports pandas.core; the lazy module alone does not
        "print('pandas.core' in sys.modules, 'pandera' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
