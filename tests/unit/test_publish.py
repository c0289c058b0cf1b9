"""Publishing is one transaction: whatever step a run is killed at, a reader sees the complete old
set or the complete new set (report, register and processed tables of one version), and a re-run
completes it. The kill is simulated at every file-system step of the publication."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from buig_analyse import publish


def make_files(folder: Path, text: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name in ("processed/sisa.parquet", "processed/manifest.json", "rapport/r.html",
                 "rapport/r.pdf", "rapport/figurenregister.csv"):  # fmt: skip
        source = folder / name.replace("/", "_")
        source.write_text(f"{text}:{name}", encoding="utf-8")
        files[name] = source
    return files


def published(root: Path) -> dict[str, str]:
    """What a reader sees through the fixed links (file name -> content)."""
    seen = {}
    for link in (
        root / "results" / "g" / "2017" / "rapport",
        root / "data" / "processed" / "g" / "2017",
    ):
        for path in sorted(link.iterdir()):
            seen[f"{link.name}/{path.name}"] = path.read_text(encoding="utf-8")
    return seen


def consistent(seen: dict[str, str]) -> str:
    """The one version every file of a published set belongs to (fails on a mix or a gap)."""
    versions = {v.split(":")[0] for k, v in seen.items() if not k.endswith("SHA256SUMS")}
    assert len(versions) == 1, seen
    assert len(seen) == 6, seen  # five files and SHA256SUMS
    return versions.pop()


def run(root: Path, files: dict[str, Path]) -> dict:
    return publish.publish_version(
        root / "results" / "g" / "2017", root / "data" / "processed" / "g" / "2017", files
    )


def test_publish_switches_every_view_at_once(tmp_path):
    run(tmp_path, make_files(tmp_path / "a", "oud"))
    assert consistent(published(tmp_path)) == "oud"
    record = run(tmp_path, make_files(tmp_path / "b", "nieuw"))
    assert consistent(published(tmp_path)) == "nieuw"
    sums = (tmp_path / "results/g/2017/rapport/SHA256SUMS").read_text(encoding="utf-8")
    html = (tmp_path / "results/g/2017/rapport/r.html").read_bytes()
    assert f"{hashlib.sha256(html).hexdigest()}  r.html" in sums
    assert record["versie"] == os.readlink(tmp_path / "results/g/2017/huidig").split("/")[-1]


def test_same_files_give_the_same_version(tmp_path):
    first = run(tmp_path, make_files(tmp_path / "a", "x"))
    second = run(tmp_path, make_files(tmp_path / "b", "x"))
    assert first == second


class Killed(BaseException):
    pass


@pytest.mark.parametrize("step", range(1, 40))
def test_a_kill_at_any_step_leaves_old_or_new(tmp_path, monkeypatch, step):
    run(tmp_path, make_files(tmp_path / "a", "oud"))
    new = make_files(tmp_path / "b", "nieuw")
    calls = {"n": 0}

    def killing(original):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == step:
                raise Killed
            return original(*args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        patch.setattr(publish.shutil, "copyfile", killing(shutil.copyfile))
        patch.setattr(publish.shutil, "rmtree", killing(shutil.rmtree))
        patch.setattr(publish.os, "replace", killing(os.replace))
        patch.setattr(publish.os, "symlink", killing(os.symlink))
        patch.setattr(Path, "write_text", killing(Path.write_text))
        try:
            run(tmp_path, new)
        except Killed:
            pass
    assert consistent(published(tmp_path)) in ("oud", "nieuw")
    run(tmp_path, new)  # the re-run completes the publication
    assert consistent(published(tmp_path)) == "nieuw"
    versions = tmp_path / "results" / "g" / "2017" / "versies"
    assert not list(versions.glob(".*.tmp"))
