"""Publishing a run's outputs as one transaction.

A drop's published set (the processed tables and the report with its register) is a complete
version folder ``results/<gemeente>/<jaar>/versies/<id>/`` that is never changed once it exists.
One symbolic link, ``results/<gemeente>/<jaar>/huidig``, points to the current version and is
switched with one atomic rename. The places readers use are fixed links through it:

- ``results/<gemeente>/<jaar>/rapport`` -> ``huidig/rapport``
- ``data/processed/<gemeente>/<jaar>`` -> ``.../results/<gemeente>/<jaar>/huidig/processed``

So at every moment, also when a run is killed halfway, a reader sees either the complete old set
or the complete new set, never a mix. The version id is a hash of the files, so a re-run with the
same inputs publishes the same version. The last two versions are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

CURRENT = "huidig"
VERSIONS = "versies"
KEPT_VERSIONS = 2


def version_id(files: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(Path(files[name]).read_bytes()).digest())
    return digest.hexdigest()[:16]


def sha256sums(folder: Path) -> str:
    """``SHA256SUMS`` of the files of a folder (the format of ``sha256sum``)."""
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}"
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "SHA256SUMS"
    ]
    return "\n".join(lines) + "\n"


def _link(link: Path, target: str) -> None:
    """Make ``link`` point to ``target`` with one atomic rename (replacing a link or a file)."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if os.path.lexists(temporary):
        os.unlink(temporary)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _fixed_link(link: Path, target: str) -> None:
    """A link that always points through ``huidig``; a real folder from an older layout is moved
    aside once (it holds no newer data than the version just published)."""
    if link.is_symlink():
        if os.readlink(link) == target:
            return
        _link(link, target)
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        aside = link.with_name(f".{link.name}.oud")
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(link, aside)
        shutil.rmtree(aside, ignore_errors=True)
    _link(link, target)


def publish_version(drop_results: Path, processed_link: Path, files: dict[str, Path]) -> dict:
    """Publish ``files`` (name in the version -> finished file) as the current version of a drop.
    Returns the publication record (version id and the SHA-256 of every file)."""
    drop_results = Path(drop_results)
    versions = drop_results / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    ident = version_id(files)
    final = versions / ident
    if not (final / "KLAAR").exists():
        work = versions / f".{ident}.{os.getpid()}.tmp"
        shutil.rmtree(work, ignore_errors=True)
        for name, source in files.items():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            os.chmod(target, 0o444)
        (work / "rapport" / "SHA256SUMS").write_text(sha256sums(work / "rapport"), "utf-8")
        (work / "KLAAR").write_text(ident + "\n", "utf-8")
        shutil.rmtree(final, ignore_errors=True)  # an incomplete folder of an earlier kill
        os.replace(work, final)
    # The one switch: from here on every reader sees the new version.
    _link(drop_results / CURRENT, f"{VERSIONS}/{ident}")
    _fixed_link(drop_results / "rapport", f"{CURRENT}/rapport")
    _fixed_link(
        Path(processed_link),
        os.path.relpath(drop_results / CURRENT / "processed", Path(processed_link).parent),
    )
    _prune(versions, keep=ident)
    return {
        "versie": ident,
        "bestanden": {
            name: hashlib.sha256(Path(source).read_bytes()).hexdigest()
            for name, source in sorted(files.items())
        },
    }


def _prune(versions: Path, keep: str) -> None:
    """Remove versions beyond the newest :data:`KEPT_VERSIONS` (the current one always stays),
    and leftovers of killed publications."""
    for leftover in versions.glob(".*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    done = sorted(
        (p for p in versions.iterdir() if (p / "KLAAR").exists() and p.name != keep),
        key=lambda p: (p / "KLAAR").stat().st_mtime,
        reverse=True,
    )
    for old in done[KEPT_VERSIONS - 1 :]:
        for path in old.rglob("*"):
            if path.is_file():
                os.chmod(path, 0o644)
        shutil.rmtree(old, ignore_errors=True)


def read_publication(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
