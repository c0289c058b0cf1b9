"""Rendering the report HTML with Jinja2: one self-contained document (styles and charts inline).

The template gets a ``fig(id)`` function and nothing else numeric: every number comes from the
register. The PDF is made from this HTML by :mod:`buig_analyse.report.pdf`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

import jinja2
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup, escape

from buig_analyse.register.figures import Register, slug
from buig_analyse.register.formatting import (
    count,
    date_nl,
    format_abs,
    format_value,
    month_nl,
    regeling,
)


def figure_link(register: Register, figure_id: str, absolute: bool = False) -> Markup:
    """The formatted figure as a link to its register entry (tooltip: description); ``absolute``
    drops the sign where the sentence says the direction in words."""
    figure = register[figure_id]
    text = (format_abs if absolute else format_value)(figure.value, figure.unit)
    return Markup('<a class="fig" href="#fig-{id}" title="{title}">{text}</a>').format(
        id=figure_id, title=figure.description, text=text
    )


def year_blocks(years: list, size: int) -> list[list]:
    """Columns of a year table in blocks of at most ``size`` that fit the page width, as even as
    possible, earlier blocks not shorter than later ones: 10 years by 4 -> 4, 3, 3; 6 by 4 -> 3, 3."""
    years = list(years)
    if not years:
        return []
    count = -(-len(years) // size)
    base, extra = divmod(len(years), count)
    blocks, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        blocks.append(years[start:end])
        start = end
    return blocks


def years_text(years: list[int]) -> str:
    """Years in a heading: a few as a list (``2015, 2016, 2017``), a longer unbroken run as a
    span (``2015–2024``), runs and single years mixed otherwise (``2012, 2015–2021``)."""
    years = sorted(set(int(y) for y in years))
    if len(years) <= 3:
        return ", ".join(str(y) for y in years)
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(str(y) for y in run) for run in runs
    )


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates kept between processes, in Jinja's own folder for this user in
    the temporary directory (created with mode 0700, refused when another user owns it). Compiling
    the report's templates took 0,1 s of every render in a process of its own (a narrative-only
    run, issue 12). Jinja checks an entry against the template's source; the code it compiles also
    depends on the environment's settings and on Jinja's version, so the key holds both (this
    module's source, which sets up the environment, and ``jinja2.__version__``): an edited
    template, an edited environment or another Jinja is compiled again, and the HTML is the same
    as without the cache. A cache that cannot be read or written is passed over."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{name}\0{_ENVIRONMENT_KEY}", filename)

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


# What the compiled code depends on besides the template: Jinja and this module (the settings).
_ENVIRONMENT_KEY = hashlib.sha256(
    jinja2.__version__.encode() + b"\0" + Path(__file__).read_bytes()
).hexdigest()


@functools.cache
def compiled_templates() -> FileSystemBytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None


def make_environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        bytecode_cache=compiled_templates(),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env


def chart_data_uri(chart: dict[str, str]) -> str:
    """A chart as an SVG data: URI (screen and print), so the HTML is self-contained and chart ids
    cannot collide."""
    return "data:image/svg+xml;base64," + base64.b64encode(chart["svg"].encode("utf-8")).decode(
        "ascii"
    )


def figure_text(register: Register, figure_id: str, absolute: bool = False) -> Markup:
    """The formatted figure without a link (print version: the PDF lists the register by id), as
    bare text: no element around it, since nothing in print styles or tags it, and each of the
    report's 600 figures as an inline box of its own cost WeasyPrint about 0,1 s of layout."""
    figure = register[figure_id]
    return escape((format_abs if absolute else format_value)(figure.value, figure.unit))


def render_html_variants(
    template_dir: Path,
    context: dict,
    register: Register,
    chapters: dict | None = None,
    narrative_ids: set[str] | None = None,
    print_context: dict | None = None,
) -> tuple[str, str]:
    """Render the report HTML for the screen and the print variant the PDF is made from (figures
    without links, a compact register appendix: the full register is attached to the PDF as CSV),
    from one compiled template. ``context`` holds layout, narrative and metadata; numbers come only
    through ``fig``; ``print_context`` replaces entries of it for the print variant (the narrative
    without links when the PDF summarises the register)."""
    from buig_analyse.report.appendix import register_groups

    env = make_environment(template_dir)
    # The ids the text and tables print, noted while the template renders: the register appendix
    # comes after the chapters, so when it is rendered every printed figure is known.
    printed: set[str] = set(narrative_ids or ())

    @pass_context
    def fig(ctx, figure_id: str) -> Markup:
        printed.add(figure_id)
        return (figure_text if ctx["for_print"] else figure_link)(register, figure_id)

    @pass_context
    def fig_abs(ctx, figure_id: str) -> Markup:
        printed.add(figure_id)
        return (figure_text if ctx["for_print"] else figure_link)(register, figure_id, True)

    def register_appendix(for_print: bool):
        return register_groups(register, chapters or {}, set(printed) if for_print else None)

    @pass_context
    def chart(ctx, data: dict[str, str]) -> str:
        return chart_data_uri(data)

    env.globals["fig"] = fig
    env.globals["fig_abs"] = fig_abs
    env.globals["register_appendix"] = register_appendix
    env.filters["datum"] = date_nl
    env.filters["regeling"] = regeling
    env.filters["maand"] = month_nl
    env.filters["aantal"] = count
    env.globals["has_fig"] = lambda figure_id: figure_id in register
    env.globals["fig_text"] = lambda figure_id: format_value(
        register[figure_id].value, register[figure_id].unit
    )
    env.globals["raw"] = lambda figure_id: register.value(figure_id)
    env.filters["chart"] = chart
    env.filters["e"] = escape
    env.filters["slug"] = slug
    env.filters["blokken"] = year_blocks
    env.filters["jaren"] = years_text
    css = Markup((template_dir / "report.css").read_text(encoding="utf-8"))
    template = env.get_template("report.html.j2")
    screen = template.render(css=css, register=register, for_print=False, **context)
    printed = template.render(
        css=css, register=register, for_print=True, **{**context, **(print_context or {})}
    )
    return screen, printed
