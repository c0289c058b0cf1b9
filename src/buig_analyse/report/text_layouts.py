"""WeasyPrint's text layouts made once per render, not again for the same line.

WeasyPrint breaks text into lines with Pango: for each line, and for the narrowest and widest a
table cell can be, it makes a Pango layout of the text and has Pango shape it
(``split_first_line``). It then frees the layout and keeps only its text (``Layout.deactivate``),
and to draw the line it makes the layout again (``Layout.reactivate``: a Pango context, the font,
the text and its attributes). In a render of the sample that was 1.085 lines broken a second time
with the same text, style and width (a table laid out again on the next page, a cell measured for
two tables' widths) and 1.550 layouts made again to be drawn: 0,1 s of every render (issue 12).

:func:`text_layouts_reused`, for the duration of a render:

- a line broken again with the same text, style, width and options gets the result of the first
  time (the same layout object: WeasyPrint only reads it afterwards, and draws it as it drew the
  first);
- a layout is kept, not freed, and drawn as it is when it would be made the same again: the same
  style, no justification spacing added at drawing, and one line. Any other layout is made again
  as WeasyPrint does;
- a text drawn with an ellipsis (``text-overflow`` or ``block-ellipsis``) gets a layout of its
  own first, because the ellipsis changes the layout's text and width: a layout shared by two
  boxes then stays as the other needs it.

The PDF is the same bytes as without it (tests/unit/test_text_layouts.py renders documents with
justified, spaced, hyphenated, tabbed, right-to-left, ellipsised and pre-formatted text both ways).
The layouts live until the render's document is freed: about 4 MB more for the sample.

Only for the WeasyPrint versions in :data:`VERIFIED`, whose line breaking and text drawing this
was checked against: another version renders as it is, and the test of this module fails until
the override is checked again.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

VERIFIED = ("70.0",)


def _parts():
    """WeasyPrint's modules and names this override replaces, or None when this WeasyPrint does
    not have them all (then nothing is replaced)."""
    import weasyprint
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    if weasyprint.__version__ not in VERIFIED:
        return None
    layout = getattr(line_break, "Layout", None)
    names = ("deactivate", "reactivate", "setup", "set_text", "get_first_line")
    split = getattr(line_break, "split_first_line", None)
    if (
        layout is None
        or not all(hasattr(layout, name) for name in names)
        or split is None
        or getattr(inline, "split_first_line", None) is not split
        or getattr(preferred, "split_first_line", None) is not split
        or not hasattr(draw_text, "draw_first_line")
    ):
        return None
    return line_break, inline, preferred, draw_text


def supported() -> bool:
    """Whether this WeasyPrint has what :func:`text_layouts_reused` replaces."""
    return _parts() is not None


@contextmanager
def text_layouts_reused() -> Iterator[None]:
    """While WeasyPrint lays out and draws a document, each line is broken once and each layout
    made once (see the module). Restored afterwards, also after an error."""
    parts = _parts()
    if parts is None:  # another WeasyPrint: it renders as it is
        yield
        return
    line_break, inline, preferred, draw_text = parts
    from weasyprint.text.ffi import ffi, pango

    Layout = line_break.Layout
    original_split = line_break.split_first_line
    original_deactivate = Layout.deactivate
    original_reactivate = Layout.reactivate
    original_draw_first_line = draw_text.draw_first_line
    # (text, style, context, options) -> (style, context, result); style and context are kept so
    # their ids stay theirs for the render
    broken: dict[tuple, tuple] = {}

    def split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
    ):
        key = (text, id(style), id(context), max_width, justification_spacing, is_line_start,
               minimum)  # fmt: skip
        hit = broken.get(key)
        if hit is not None and hit[0] is style and hit[1] is context:
            return hit[2]
        result = original_split(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        broken[key] = (style, context, result)
        return result

    def deactivate(self):
        if getattr(self, "_own", False):  # drawn with an ellipsis: freed as WeasyPrint does
            original_deactivate(self)
        else:
            self._kept = True

    def reactivate(self, style):
        if (
            getattr(self, "_kept", False)
            and style is self.style
            and self.justification_spacing == 0
            and pango.pango_layout_get_line_readonly(self.layout, 1) == ffi.NULL
        ):
            return  # the layout WeasyPrint would make again, as it is
        self._kept = False
        original_reactivate(self, style)

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            own = copy.copy(textbox.pango_layout)  # the ellipsis changes text and width
            own._own = True
            original_reactivate(own, textbox.style)
            textbox.pango_layout = own
        return original_draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)

    replaced = [
        *(
            (module, "split_first_line", split_first_line)
            for module in (line_break, inline, preferred)
        ),
        (Layout, "deactivate", deactivate),
        (Layout, "reactivate", reactivate),
        (draw_text, "draw_first_line", draw_first_line),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in replaced]
    for owner, name, replacement in replaced:
        setattr(owner, name, replacement)
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
        broken.clear()
