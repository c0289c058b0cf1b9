"""Rendering the report: Jinja2 HTML (self-contained) and the same document as PDF (WeasyPrint).

The template gets a ``fig(id)`` function and nothing else numeric: every number comes from the
register. The PDF renderer fetches only ``data:`` URLs and files inside the project; everything
else (http, https, files elsewhere) is refused.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from weasyprint.urls import URLFetcher

from .figures import Register
from .formatting import format_value


class RefusedURL(ValueError):
    """A resource outside the project was requested while rendering."""


def figure_link(register: Register, figure_id: str) -> Markup:
    """The formatted figure as a link to its register entry (tooltip: description)."""
    figure = register[figure_id]
    text = format_value(figure.value, figure.unit)
    return Markup('<a class="fig" href="#fig-{id}" title="{title}">{text}</a>').format(
        id=figure_id, title=figure.description, text=text
    )


def make_environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env


def svg_data_uri(svg: str) -> str:
    """An SVG chart as a data: URI, so the HTML is self-contained and chart ids cannot collide."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_html(template_dir: Path, context: dict, register: Register) -> str:
    """Render the report HTML. ``context`` holds layout, narrative and metadata; numbers come
    only through ``fig``."""
    env = make_environment(template_dir)
    env.globals["fig"] = lambda figure_id: figure_link(register, figure_id)
    env.globals["has_fig"] = lambda figure_id: figure_id in register
    env.globals["fig_text"] = lambda figure_id: format_value(
        register[figure_id].value, register[figure_id].unit
    )
    env.globals["raw"] = lambda figure_id: register.value(figure_id)
    env.filters["chart"] = svg_data_uri
    env.filters["e"] = escape
    css = (template_dir / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(css=Markup(css), register=register, **context)


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
    import datetime as dt
    import io

    import weasyprint

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
