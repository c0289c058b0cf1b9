"""Issue 11: the input cells a register records are re-checked against the raw files. On the
sample every recorded cell matches; after one SiSa amount is changed in a copy of the drop, exactly
that cell is named (file, row, column, both values)."""

from __future__ import annotations

import json
import shutil

from buig_analyse.ingest.recheck import main, recheck

from ..conftest import REFERENCE, SAMPLE_DROP


def test_every_recorded_cell_matches_the_sample(staged):
    figures = json.loads((staged[0] / "figurenregister.json").read_text(encoding="utf-8"))
    checked, skipped, problems = recheck(figures, SAMPLE_DROP, REFERENCE)
    assert problems == [] and checked > 300 and skipped > 0


def test_a_changed_cell_is_named(staged, tmp_path, capsys):
    drop = tmp_path / "voorschoten" / "2017"
    shutil.copytree(SAMPLE_DROP, drop)
    path = drop / "sisa" / "sisa_G2_2016.csv"
    path.write_bytes(path.read_bytes().replace(b"4.401.230,17", b"4.501.230,17"))
    register = staged[0] / "figurenregister.json"
    code = main(["--register", str(register), "--raw", str(drop), "--reference", str(REFERENCE)])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "- sisa/sisa_G2_2016.csv, rij 3, kolom bedrag: in het register 4.401.230,17, in het bestand nu 4.501.230,17"
        in out
    )
    assert out.count("\n- ") == 1
