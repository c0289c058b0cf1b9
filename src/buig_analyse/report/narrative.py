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
from buig_analyse.ingest.guard import DEFAULT, read_bytes

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

from buig_analyse.ingest.outline import OUTLINE_FILE, read_outline  # noqa: E402

# A number written out in prose instead of as a placeholder: amounts with thousands separators,
# percentages, "332 miljoen", euro amounts. Years, dates and list numbers are not matched.
BARE_NUMBER = re.compile(
    r"€\s?\d[\d.,]*(?:\s?(?:miljoen|miljard)\b)?"
    r"|(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\w)"
    r"|(?<![\w.,])\d+(?:,\d+)?\s?(?:%|procent\b|miljoen\b|miljard\b)"
)


def bare_numbers(text: str, label: str) -> list[str]:
    """Warnings for numbers typed into a narrative block (they should be placeholders, so they
    follow the data): file, line and the number."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in BARE_NUMBER.finditer(LOOSE_PLACEHOLDER.sub(" ", line)):
            found.append(
                f"{label}, regel {number}: getal '{match.group(0).strip()}' staat als tekst in het "
                "verhaal en niet als [[verwijzing]] naar een cijfer"
            )
    return found


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    return md


def narrative_files(folder: Path, outline: list[dict] | None = None) -> dict[str, Path]:
    """The narrative blocks of a drop by section: the fixed sections and the blocks the outline
    of chapter 5 names; any other file name is refused."""
    if not folder.is_dir():
        return {}
    free = {item["blok"] for item in outline or [] if item["soort"] == "tekst"}
    blocks = {}
    for path in sorted(folder.glob("*.md")):
        if path.stem not in SECTIONS and path.stem not in free:
            raise NarrativeError(
                f"narratief/{path.name}: onbekend tekstblok; toegestane namen: "
                f"{', '.join(s + '.md' for s in SECTIONS)}, of een blok dat narratief/"
                f"{OUTLINE_FILE} in hoofdstuk 5 opneemt"
            )
        blocks[path.stem] = path
    return blocks


# Anything that looks like an attempt at a placeholder: [[ ... ]] or an unclosed [[.
LOOSE_PLACEHOLDER = re.compile(r"\[\[[^\]\n]{0,80}\]?\]?")


def render_block(
    text: str, label: str, figure_html: Callable[[str], str], known: set[str]
) -> Markup:
    """Render one Markdown block to safe HTML with its placeholders filled in (in running text
    only: a placeholder in a link or its title is refused)."""
    tokens: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in LOOSE_PLACEHOLDER.finditer(line):
            good = PLACEHOLDER.fullmatch(match.group(0))
            if good is None:
                problems.append(
                    f"{label}, regel {number}: '{match.group(0)[:40]}' is geen geldige verwijzing "
                    "naar een cijfer (schrijf [[naam.van.het.cijfer]], zonder spaties)"
                )
            elif good.group(1) not in known:
                problems.append(
                    f"{label}, regel {number}: onbekend cijfer '{good.group(1)[:60]}' (zie het figurenregister voor geldige namen)"
                )

    if problems:
        raise NarrativeError("\n".join(problems[:50]))

    def to_token(match: re.Match) -> str:
        token = f"BUIGFIGTOKEN{len(tokens):04d}X"
        tokens[token] = figure_html(match.group(1))
        return token

    source = PLACEHOLDER.sub(to_token, text)
    md = _markdown()
    for token in _walk(md.parse(source)):
        for value in [*(token.attrs or {}).values(), token.info or ""]:
            if "BUIGFIGTOKEN" in str(value):
                raise NarrativeError(
                    f"{label}: een verwijzing [[...]] staat in een link of de titel ervan; "
                    "zet verwijzingen alleen in de lopende tekst"
                )
    html = md.render(source)
    for token, replacement in tokens.items():
        html = html.replace(token, replacement)
    return Markup(html)


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def read_narrative(
    folder: Path,
    max_bytes: float = DEFAULT.narratief_kb * 1000,
    outline: list[dict] | None = None,
) -> dict[str, tuple[str, str]]:
    """Every narrative block of a drop as (label, text), by section; sections without a file are
    absent. Each block is read through the drop's guard (a regular file inside the drop, within
    the size limit). The outline of chapter 5 says which free blocks exist (read here when not
    given)."""
    from buig_analyse.errors import InputValidationError

    texts = {}
    if outline is None:
        outline = read_outline(folder, max_bytes, SECTIONS)
    for section, path in narrative_files(folder, outline).items():
        label = f"narratief/{path.name}"
        try:
            raw = read_bytes(path, folder.parent, label, max_bytes)
        except InputValidationError as exc:
            raise NarrativeError(str(exc.problems[0])) from None
        try:
            texts[section] = (label, raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise NarrativeError(f"{label}: geen UTF-8-tekst") from None
    return texts


def render_narrative(
    folder: Path,
    figure_html: Callable[[str], str],
    known: set[str],
    max_bytes: float = DEFAULT.narratief_kb * 1000,
    warnings: list[str] | None = None,
    outline: list[dict] | None = None,
) -> dict[str, Markup]:
    """All narrative blocks of a drop (:func:`read_narrative`), rendered."""
    rendered = {}
    for section, (label, text) in read_narrative(folder, max_bytes, outline).items():
        rendered[section] = render_block(text, label, figure_html, known)
        if warnings is not None:
            warnings.extend(bare_numbers(text, label))
    return rendered
