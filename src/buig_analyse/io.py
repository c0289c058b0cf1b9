"""Reading and writing the files between the rules: typed tables (parquet), the manifest, chapters
and the figure register (JSON). The only module that knows these file formats; every rule's script
reads its inputs and writes its outputs through it. Writes are atomic (temporary name in the same
folder, then rename), so a failed step leaves nothing half-written.

Heavy libraries (pandas) are imported inside the functions that need them, so a rule pays only
for what it uses.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from buig_analyse.register.figures import Register, dumps_figures, loads_figures

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from buig_analyse.analysis.chapter import Chapter


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write a file via a temporary name in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def dump_json(data: object) -> str:
    """Deterministic JSON: sorted keys, one space indent, UTF-8 text."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def read_json(path: str | Path) -> object:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_charts(paths) -> dict:
    """The charts of every chart group's file, by name (rule grafieken writes one per group)."""
    charts: dict = {}
    for path in paths:
        charts.update(read_json(path))
    return charts


def write_json(path: str | Path, data: object) -> None:
    write_atomic(path, dump_json(data))


# Typed tables -----------------------------------------------------------------------------------


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
    return buffer.getvalue()


def write_tables(outputs: Mapping[str, str | Path], tables: Mapping[str, pd.DataFrame]) -> None:
    """Write each table to the output of the same name (every output must get its table)."""
    for name, path in outputs.items():
        write_atomic(path, parquet_bytes(tables[name]))


def by_name(paths: Mapping[str, str | Path] | Iterable[str | Path]) -> dict[str, str | Path]:
    """Files by name: a mapping as it is, a list of files by their stem (``budget.json`` -> budget)."""
    if isinstance(paths, Mapping):
        return dict(paths)
    return {Path(p).stem: p for p in paths}


def read_tables(paths: Mapping[str, str | Path] | Iterable[str | Path]) -> dict[str, pd.DataFrame]:
    """The typed tables in ``paths`` (name -> parquet file, or a list of parquet files)."""
    import pandas as pd

    return {name: pd.read_parquet(path) for name, path in by_name(paths).items()}


# Manifest, chapters, register -------------------------------------------------------------------


def read_manifest(path: str | Path) -> dict:
    """The validated drop's description: meta (drop.yaml), present inputs, file checksums."""
    return read_json(path)


def write_chapter(path: str | Path, chapter: Chapter) -> None:
    write_json(
        path,
        {
            "figures": json.loads(dumps_figures(chapter.figures)),
            "layout": chapter.layout(),
        },
    )


def read_chapter(path: str | Path) -> Chapter:
    """A chapter with its typed layout (the class follows from the file's layout)."""
    from buig_analyse.analysis.chapter import chapter_from_json

    data = read_json(path)
    return chapter_from_json(loads_figures(json.dumps(data["figures"])), data["layout"])


def read_chapters(paths: Mapping[str, str | Path] | Iterable[str | Path]) -> dict[str, Chapter]:
    """Chapters by name (a list of chapter files: named by their stem)."""
    return {name: read_chapter(path) for name, path in by_name(paths).items()}


def read_register(path: str | Path) -> Register:
    register = Register()
    register.extend(loads_figures(Path(path).read_text(encoding="utf-8")))
    return register
