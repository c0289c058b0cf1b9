"""WeasyPrint's used lengths of a box (margins, paddings, widths, heights, borders) set in one pass.

Before WeasyPrint lays out a box it sets the box's margins, paddings, width, height and their
limits from the computed style, a percentage taken of the containing block
(``layout.percent.resolve_percentages``): fourteen calls of ``resolve_one_percentage`` and of
``percentage`` per box. That was 8.050 boxes and 0,15 s of every render of the sample (issue 12).

:func:`box_lengths_resolved_inline` has the same steps done in one function for the duration of a
render: a length in px or in % is worked out in place, with the same arithmetic
(``refer_to * value / 100``); anything else (``calc()`` and the other math functions) still goes
through WeasyPrint's ``percentage``, and the borders and ``box-sizing`` through its own code. The
PDF is the same bytes (tests/unit/test_box_lengths.py); 0,05 s less per render.

Only for the WeasyPrint versions in :data:`VERIFIED` (the version the steps were copied from):
another version renders as it is, and the test of this module fails until the copy is checked.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

VERIFIED = ("70.0",)
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def supported() -> bool:
    """Whether this WeasyPrint is one the inline steps were checked against."""
    import weasyprint

    return weasyprint.__version__ in VERIFIED


def _resolver():
    from weasyprint.css.functions import check_math
    from weasyprint.formatting_structure.boxes import Box, PageBox
    from weasyprint.layout.percent import adjust_box_sizing, percentage

    def used(style, name, refer_to):
        """WeasyPrint's ``percentage`` of the computed value, px and % worked out in place."""
        value = style[name]
        if value is None or value == "auto":
            return value
        unit = getattr(value, "unit", None)
        if unit == "px":
            return value.value
        if unit == "%":
            return refer_to * value.value / 100
        return percentage(value, style, refer_to)  # a math function, resolved by WeasyPrint

    def resolve_percentages(box, containing_block):
        if isinstance(containing_block, Box):
            cb_width = containing_block.width
            cb_height = containing_block.height
        else:
            cb_width, cb_height = containing_block
        maybe_height = cb_height if isinstance(box, PageBox) else cb_width
        style = box.style
        box.margin_left = used(style, "margin_left", cb_width)
        box.margin_right = used(style, "margin_right", cb_width)
        box.margin_top = used(style, "margin_top", maybe_height)
        box.margin_bottom = used(style, "margin_bottom", maybe_height)
        box.padding_left = used(style, "padding_left", cb_width)
        box.padding_right = used(style, "padding_right", cb_width)
        box.padding_top = used(style, "padding_top", maybe_height)
        box.padding_bottom = used(style, "padding_bottom", maybe_height)
        box.width = used(style, "width", cb_width)
        min_width = used(style, "min_width", cb_width)
        box.min_width = 0 if min_width == "auto" else min_width
        box.max_width = used(style, "max_width", cb_width)
        if cb_height == "auto":
            # The height of the containing block depends on its content.
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                box.height = "auto"
            else:
                assert height.unit.lower() == "px"
                box.height = height.value
            min_height = used(style, "min_height", 0)
            box.max_height = used(style, "max_height", inf)
        else:
            box.height = used(style, "height", cb_height)
            min_height = used(style, "min_height", cb_height)
            box.max_height = used(style, "max_height", cb_height)
        box.min_height = 0 if min_height == "auto" else min_height
        collapse = style["border_collapse"] == "collapse"
        for name in _BORDERS:
            # a collapsed border's width was set when the table's borders were resolved
            if not (collapse and hasattr(box, name)):
                setattr(box, name, style[name])
        adjust_box_sizing(box, "width")
        adjust_box_sizing(box, "height")

    return resolve_percentages


@contextmanager
def box_lengths_resolved_inline() -> Iterator[None]:
    """While WeasyPrint lays out a document, each box's used lengths are set in one function (see
    the module), in every WeasyPrint module that imported ``resolve_percentages``. Restored
    afterwards, also after an error."""
    if not supported():
        yield
        return
    from weasyprint.layout import percent

    original = percent.resolve_percentages
    users = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("weasyprint.")
        and getattr(module, "resolve_percentages", None) is original
    ]
    inline = _resolver()
    for module in users:
        module.resolve_percentages = inline
    try:
        yield
    finally:
        for module in users:
            module.resolve_percentages = original
