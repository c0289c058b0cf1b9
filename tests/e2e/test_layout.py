"""Every page fits (issue 9): the report is laid out by WeasyPrint as for the PDF, and no box may
extend beyond the right edge of its page's content area. Run on whole reports of the scenario run
(a second gemeente with the sample's data, and the minimal drop)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e
TOLERANCE = 0.5  # CSS px


def boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from boxes(child)


def overflowing(html_path) -> list[str]:
    import weasyprint

    document = weasyprint.HTML(filename=str(html_path)).render()
    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.content_box_x() + root.width
        for box in boxes(root):
            if box is root or not hasattr(box, "position_x") or box.width is None:
                continue
            end = box.position_x + box.margin_width()
            if end > right + TOLERANCE:
                text = getattr(box, "text", None) or type(box).__name__
                found.append(f"pagina {number}: {text[:40]!r} tot {end:.0f}px (rand {right:.0f}px)")
    return found


@pytest.mark.parametrize("name", ["wassenaar", "minimaal"])
def test_no_box_beyond_the_page(scenarios, name):
    html = scenarios[name].results / "rapport" / f"BUIG-analyse-{name}-2017.html"
    problems = overflowing(html)
    assert problems == [], "\n".join(problems[:20])
