"""The one place that guards reading a data drop: every file read from a drop must be a regular
file inside the drop (no symlink, directory, device or FIFO) and within the size limits. Messages
name the file as it is in the drop and echo nothing of its content or of where a link points.

The limits are configuration (``limieten`` in config/config.yaml, documented in the data contract);
:data:`DEFAULT` holds the defaults.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from buig_analyse.errors import InputValidationError, Problem


@dataclass(frozen=True)
class Limits:
    """Bounds on what a drop may contain; anything beyond is refused before it is parsed."""

    bestand_mb: float = 20.0  # one input file
    xlsx_uitgepakt_mb: float = 50.0  # an .xlsx file once unzipped
    rijen: int = 100_000  # data rows of one table
    kolommen: int = 60  # columns of one table
    cel_tekens: int = 2_000  # characters in one cell
    narratief_kb: int = 200  # one narrative block

    @classmethod
    def from_config(cls, values: dict | None) -> Limits:
        return cls(**(values or {}))


DEFAULT = Limits()


def refuse(label: str, message: str, row: int | None = None) -> InputValidationError:
    return InputValidationError([Problem(label, row, None, message)])


def checked_file(path: Path, root: Path, label: str, max_bytes: float) -> Path:
    """``path`` if it is a regular file inside ``root`` of at most ``max_bytes``; otherwise a
    Dutch refusal that names ``label`` and nothing else about the file."""
    root = Path(os.path.abspath(root))
    path = Path(os.path.abspath(path))
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise refuse(label, "het bestand ligt buiten de data-aanlevering") from None
    current = root
    for part in relative.parts:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            raise refuse(label, "het bestand ontbreekt") from None
        if stat.S_ISLNK(info.st_mode):
            raise refuse(
                label,
                "is een snelkoppeling (symbolic link); zet het bestand zelf in de data-aanlevering",
            )
    if not stat.S_ISREG(info.st_mode):
        kind = "een map" if stat.S_ISDIR(info.st_mode) else "geen gewoon bestand"
        raise refuse(label, f"is {kind}; verwacht een gewoon bestand")
    if info.st_size > max_bytes:
        raise refuse(
            label,
            f"het bestand is te groot ({info.st_size / 1e6:.1f} MB; hoogstens "
            f"{max_bytes / 1e6:g} MB, zie limieten in de configuratie)",
        )
    return path


def read_bytes(path: Path, root: Path, label: str, max_bytes: float) -> bytes:
    """The bytes of a guarded file (see :func:`checked_file`)."""
    checked = checked_file(path, root, label, max_bytes)
    with open(checked, "rb") as handle:
        data = handle.read(int(max_bytes) + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise refuse(label, f"het bestand is te groot (hoogstens {max_bytes / 1e6:g} MB)")
    return data
