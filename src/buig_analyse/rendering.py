"""Rendering the report HTML with Jinja2: one self-contained document (styles and charts inline).

The template gets a ``fig(id)`` function and nothing else numeric: every number comes from the
register. The PDF is made from this HTML by :mod:`buig_analyse.pdf`.
"""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .figures import Register, slug
from .formatting import format_value


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


def chart_data_uri(chart: dict[str, str], for_print: bool = False) -> str:
    """A chart as a data: URI (SVG on screen, PNG in print), so the HTML is self-contained and
    chart ids cannot collide."""
    if for_print:
        return "data:image/png;base64," + chart["png"]
    return "data:image/svg+xml;base64," + base64.b64encode(chart["svg"].encode("utf-8")).decode(
        "ascii"
    )


def figure_text(register: Register, figure_id: str) -> Markup:
    """The formatted figure without a link (print version: the PDF lists the register by id)."""
    figure = register[figure_id]
    return Markup('<span class="fig">{text}</span>').format(
        text=format_value(figure.value, figure.unit)
    )


def render_html(
    template_dir: Path, context: dict, register: Register, for_print: bool = False
) -> str:
    """Render the report HTML. ``context`` holds layout, narrative and metadata; numbers come
    only through ``fig``. ``for_print`` renders the variant the PDF is made from: figures without
    links and a compact register appendix (the full register is attached to the PDF as CSV)."""
    env = make_environment(template_dir)
    show = figure_text if for_print else figure_link
    env.globals["fig"] = lambda figure_id: show(register, figure_id)
    env.globals["for_print"] = for_print
    env.globals["has_fig"] = lambda figure_id: figure_id in register
    env.globals["fig_text"] = lambda figure_id: format_value(
        register[figure_id].value, register[figure_id].unit
    )
    env.globals["raw"] = lambda figure_id: register.value(figure_id)
    env.filters["chart"] = lambda chart: chart_data_uri(chart, for_print)
    env.filters["e"] = escape
    env.filters["slug"] = slug
    css = (template_dir / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(css=Markup(css), register=register, **context)
