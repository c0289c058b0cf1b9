"""The PDF of the report (WeasyPrint, A4) from the rendered HTML.

The renderer fetches only ``data:`` URLs and files inside the project; everything else (http,
https, files elsewhere) is refused by :class:`ProjectOnlyFetcher`. Dates come from the data drop,
so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import URLFetcher


class RefusedURL(ValueError):
    """A resource outside the project was requested while rendering."""


class ProjectOnlyFetcher(URLFetcher):
    """URL fetcher for WeasyPrint: ``data:`` URLs and files under ``root`` only; a refusal stops
    the rendering (fail_on_errors is off, so WeasyPrint logs it and leaves the resource out)."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def check(self, url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path == self.root or self.root in path.parents:
                return
        self.refused.append(url)
        raise RefusedURL(f"geweigerd: {url} (alleen bestanden binnen het project)")

    def fetch(self, url: str, headers=None):
        self.check(url)
        return super().fetch(url, headers)

    def __call__(self, url: str):
        return self.fetch(url)


def render_pdf(
    html: str,
    base_dir: Path,
    root: Path,
    attachments: list[tuple[str, bytes, str]] | None = None,
    date: str = "2000-01-01",
) -> bytes:
    """The PDF of the report HTML. Dates come from the data drop (HTML dcterms meta and the
    attachments' dates), so the bytes depend on the inputs only."""
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC).timestamp())
    )
    fetcher = ProjectOnlyFetcher(root)
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
    files = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name,
            description=description,
            created=dt.datetime.fromisoformat(date),
            modified=dt.datetime.fromisoformat(date),
            url_fetcher=fetcher,
        )
        for name, data, description in (attachments or [])
    ]
    return document.write_pdf(
        attachments=files or None, pdf_identifier=b"buig-analyse", uncompressed_pdf=False
    )
