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
    env.filters["slug"] = slug
    css = (template_dir / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(css=Markup(css), register=register, **context)
