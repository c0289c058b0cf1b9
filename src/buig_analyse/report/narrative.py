"""Staff-written prose (Markdown in the drop's ``narratief/`` folder) with figure placeholders.

A placeholder ``[[budget.resultaat.2016]]`` is replaced by the formatted figure from the register,
so a number in the prose can never disagree with the tables. Raw HTML and images are disabled:
a ``<script>`` or ``<img src=http://...>`` in a block is shown as text, never executed or fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from buig_analyse.errors import NarrativeError

SECTIONS = (
    "inleiding",
    "landelijke_ontwikkelingen",
    "toelichting_verdeelmodel",
    "budget",
    "participatiebudget",
    "meerjarig_perspectief",
    "verdeelmodel",
    "bestandsontwikkeling",
    "oorzaken",
    "conclusies",
)
PLACEHOLDER = re.compile(r"\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    return md


def narrative_files(folder: Path) -> dict[str, Path]:
    """The narrative blocks of a drop by section; an unknown file name is refused."""
    if not folder.is_dir():
        return {}
    blocks = {}
    for path in sorted(folder.glob("*.md")):
        if path.stem not in SECTIONS:
            raise NarrativeError(
                f"narratief/{path.name}: onbekend tekstblok; toegestane namen: {', '.join(s + '.md' for s in SECTIONS)}"
            )
        blocks[path.stem] = path
    return blocks


def render_block(
    text: str, label: str, figure_html: Callable[[str], str], known: set[str]
) -> Markup:
    """Render one Markdown block to safe HTML with its placeholders filled in."""
    tokens: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in known:
                problems.append(
                    f"{label}, regel {number}: onbekend cijfer '{match.group(1)}' (zie het figurenregister voor geldige namen)"
                )

    if problems:
        raise NarrativeError("\n".join(problems))

    def to_token(match: re.Match) -> str:
        token = f"BUIGFIGTOKEN{len(tokens):04d}X"
        tokens[token] = figure_html(match.group(1))
        return token

    html = _markdown().render(PLACEHOLDER.sub(to_token, text))
    for token, replacement in tokens.items():
        html = html.replace(token, replacement)
    return Markup(html)


def render_narrative(
    folder: Path, figure_html: Callable[[str], str], known: set[str]
) -> dict[str, Markup]:
    """All narrative blocks of a drop, rendered; sections without a file are absent."""
    rendered = {}
    for section, path in narrative_files(folder).items():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise NarrativeError(f"narratief/{path.name}: geen UTF-8-tekst") from exc
        rendered[section] = render_block(text, f"narratief/{path.name}", figure_html, known)
    return rendered
