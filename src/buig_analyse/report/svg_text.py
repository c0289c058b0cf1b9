"""The text of the charts in the PDF, each label drawn as one string.

WeasyPrint draws an SVG ``<text>`` letter by letter: a Pango layout and a text operation per
letter, and for a label anchored at its middle or end (Matplotlib anchors every tick label and
value label that way) a Form XObject per label, so it can measure the label before it moves it into
place. The sample's nine charts hold 156 labels, about 1.500 letters: 113 of the PDF's 156 streams
were such XObjects, and the charts' text took 0,15-0,2 s of each render (issue 12).

:func:`svg_text_drawn_whole` draws a label that needs nothing letter by letter as one Pango layout,
shifted by its own width for its anchor, in the page's own stream. What WeasyPrint positions per
letter (``dx``, ``dy``, ``rotate``, several ``x`` or ``y`` values, ``letter-spacing``,
``textLength``, baselines, right-to-left, ``<tspan>``) and what needs a group of its own (opacity,
a filter, a mask, a clip path) keeps WeasyPrint's own drawing. A label drawn whole is shaped as a
word, with its font's kerning, where the letters drawn one by one are not: it can be a fraction of
a point narrower. The HTML report is not touched; a browser draws the SVG itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

# Attributes WeasyPrint applies letter by letter, or with a group of its own: a text with one of
# them keeps WeasyPrint's drawing.
LETTERWISE = frozenset(
    (
        "dx",
        "dy",
        "rotate",
        "letter-spacing",
        "textLength",
        "lengthAdjust",
        "display-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "direction",
        "opacity",
        "filter",
        "mask",
        "clip-path",
    )
)
ANCHOR_SHIFT = {"start": 0.0, "middle": 0.5, "end": 1.0}  # of the label's width, to the left


def drawn_whole(node) -> bool:
    """Whether the SVG node is a label :func:`svg_text_drawn_whole` draws as one string: a
    ``<text>`` with text, no child elements, at most one ``x`` and one ``y``, an anchor of
    ``start``, ``middle`` or ``end`` and none of the :data:`LETTERWISE` attributes."""
    attrib = node.attrib
    if node.tag != "text" or not node.text or not LETTERWISE.isdisjoint(attrib):
        return False
    if attrib.get("text-anchor", "start") not in ANCHOR_SHIFT:
        return False
    if any(len(attrib.get(axis, "").split()) > 1 for axis in ("x", "y")):
        return False
    return next(iter(node), None) is None


def _font_weight(value) -> int:
    """The weight as WeasyPrint's SVG text reads it (``normal``, ``bold`` or a number)."""
    value = {"normal": 400, "bold": 700}.get(value, value)
    try:
        return int(value)
    except ValueError:
        return 400


@contextmanager
def svg_text_drawn_whole() -> Iterator[None]:
    """While the PDF is drawn, WeasyPrint draws each SVG label that :func:`drawn_whole` accepts as
    one string; every other node as before. Restored afterwards, also after an error."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg import SVG
    from weasyprint.svg.bounding_box import EMPTY_BOUNDING_BOX, extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    original = SVG.draw_node

    def draw_label(svg, node, font_size) -> None:
        """WeasyPrint's ``draw_node`` and ``text`` for a label, with one layout for the whole
        string in place of one per letter and its anchor applied by its width."""
        font_size = size(node.get("font-size", "1em"), font_size, font_size)
        svg.stream.push_state()
        svg.transform(node, font_size)
        style = Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [
            font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
        ]
        style["font_style"] = node.get("font-style", "normal")
        style["font_weight"] = _font_weight(node.get("font-weight", 400))
        style["font_size"] = font_size
        layout, _, _, width, height, baseline = split_first_line(
            node.text, style, svg.context, inf, 0
        )
        x, y = svg.cursor_position
        if "x" in node.attrib:
            x = size(node.attrib["x"], font_size, svg.inner_width)
        if "y" in node.attrib:
            y = size(node.attrib["y"], font_size, svg.inner_height)
        x -= ANCHOR_SHIFT[node.get("text-anchor", "start")] * width
        node.text_bounding_box = extend_bounding_box(
            EMPTY_BOUNDING_BOX, ((x, y - baseline), (x + width, y - baseline + height))
        )
        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        box = TextBox(layout, style)
        box.baseline = baseline
        emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=x, f=y))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)
        svg.cursor_position = [0, 0]  # as WeasyPrint leaves it after a text node
        svg.cursor_d_position = [0, 0]
        svg.text_path_width = 0
        svg.stream.pop_state()

    def draw_node(svg, node, font_size, fill_stroke=True, context=None):
        if fill_stroke and node.visible and drawn_whole(node):
            return draw_label(svg, node, font_size)
        return original(svg, node, font_size, fill_stroke, context)

    SVG.draw_node = draw_node
    try:
        yield
    finally:
        SVG.draw_node = original
