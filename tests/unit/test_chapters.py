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
