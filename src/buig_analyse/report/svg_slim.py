"""The charts' SVG without the parts that draw nothing, for both reports (issue 12).

Matplotlib wraps every artist in a group that carries only its name (``<g id="xtick_1">``), gives
every label at 0 degrees a rotation of ``-0`` degrees, draws every tick mark as a ``<use>`` of one
marker path and adds an RDF metadata block. WeasyPrint draws an SVG node by node, each with its own
style cascade, transform and graphics state: the sample's nine charts were 1.165 nodes and took
0,17-0,19 s of each PDF render, every time the report renders (a narrative-only run as well).

:func:`slimmed` writes the same drawing with fewer nodes, only under the conditions that make it
the same drawing in every SVG renderer (else the node stays as Matplotlib wrote it):

- the style sheet may hold only rules for every element (Matplotlib's ``*{...}``) that set
  inherited paint properties with absolute values; any other sheet, an ``xml-stylesheet``
  instruction or an SVG outside the SVG namespace is returned unchanged;
- a ``<g>`` with no attribute but its ``id``, which no reference names, directly inside the
  ``<svg>`` or another ``<g>``, is replaced by its children (a group without style, transform,
  clip or opacity changes nothing it holds; inside a ``<switch>``, a ``<clipPath>`` or a pattern
  it would);
- ``transform="rotate(0 x y)"`` (or ``-0``), the identity, is left out;
- a ``<use>`` without children of a ``<path>`` (a tick mark) becomes that path moved by the
  use's ``x`` and ``y`` (plain numbers), with the use's style and over it the path's own, when
  the use carries nothing but inherited paint properties the style sheet does not set (in the
  shadow tree of a use, the path's own declarations win, then the sheet, then what it inherits
  from the use); the marker path itself then goes when nothing else refers to it;
- the ``<metadata>`` block (Matplotlib's name and version; Herkomst lists the version);
- the indentation between elements (not inside a text, a title, a style sheet or a
  ``<foreignObject>``).

Titles, clip paths, hatch patterns, the style sheet and every label are kept as Matplotlib wrote
them. tests/unit/test_svg_slim.py draws the sample's charts both ways in WeasyPrint and
tests/e2e/test_browser.py in Chromium, and compares the pixels.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_HREF = f"{{{XLINK_NS}}}href"
_IDENTITY_ROTATION = re.compile(r"\s*rotate\(\s*-?0(?:\.0*)?(?:[\s,]+[-+.\deE]+){0,2}\s*\)\s*")
_REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Matplotlib's style sheet: rules for every element only. A selector that looks at the tree (an
# id, a class, a child of a group) could match otherwise without the groups.
_UNIVERSAL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}")
# Properties a <use> may carry for its path to be drawn in its place: all inherited, so in the
# shadow tree they reach the path exactly as they do when they are written on the path itself.
_INHERITED_PAINT = frozenset(
    (
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
    )
)


def _tag(element: ET.Element) -> str:
    """The local name of an SVG element; "" for an element of another namespace."""
    namespace, _, name = element.tag.rpartition("}")
    return name if namespace == "{" + SVG_NS else ""


def _declarations(style: str) -> dict[str, str] | None:
    """The declarations of a style attribute or rule in order; None when it is not plain
    ``name: value`` pairs, each name once, without custom properties, ``var()`` or ``!important``
    (then the node is left as it is)."""
    found: dict[str, str] = {}
    for part in style.split(";"):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not name or not value or name in found:
            return None
        if name.startswith("--") or "!" in value or "var(" in value.lower():
            return None
        found[name] = value
    return found


def _sheet_properties(root: ET.Element) -> set[str] | None:
    """The properties the style sheets set, when they are only rules for every element that set
    inherited paint properties with absolute values (a relative one, such as ``150%`` or ``2em``,
    or a property that is not inherited, applies once per level of groups); else None."""
    found: set[str] = set()
    for sheet in root.iter(f"{{{SVG_NS}}}style"):
        text = sheet.text or ""
        position = 0
        for rule in _UNIVERSAL_RULE.finditer(text):
            if rule.start() != position:
                return None
            declarations = _declarations(rule.group(1))
            if declarations is None or not set(declarations) <= _INHERITED_PAINT:
                return None
            if any("%" in v or "em" in v.lower() for v in declarations.values()):
                return None
            found.update(declarations)
            position = rule.end()
        if text[position:].strip():
            return None
    return found


def _style(declarations: dict[str, str]) -> str:
    return "; ".join(f"{name}: {value}" for name, value in declarations.items())


def _referenced(root: ET.Element) -> set[str]:
    """Every id a node refers to: by ``href`` or ``xlink:href``, or by ``url(#...)`` in an
    attribute (clip paths, patterns) or in the style sheet."""
    found = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in (_HREF, "href") and value.startswith("#"):
                found.add(value[1:])
            found.update(_REFERENCE.findall(value))
        if _tag(element) == "style" and element.text:
            found.update(_REFERENCE.findall(element.text))
    return found


def _inlined_use(
    use: ET.Element, paths: dict[str, ET.Element], sheet: set[str]
) -> ET.Element | None:
    """The path a ``<use>`` draws, in its place; None when the use must stay."""
    if set(use.attrib) - {_HREF, "x", "y", "style"} or len(use):
        return None
    href = use.get(_HREF, "")
    target = paths.get(href[1:]) if href.startswith("#") else None
    if target is None or set(target.attrib) - {"id", "d", "style"}:
        return None
    inherited = _declarations(use.get("style", ""))
    own = _declarations(target.get("style", ""))
    if inherited is None or own is None or not set(inherited) <= _INHERITED_PAINT:
        return None
    if sheet & (set(inherited) - set(own)):  # the sheet's value would beat the use's there
        return None
    x, y = use.get("x", "0"), use.get("y", "0")
    if not (_NUMBER.fullmatch(x) and _NUMBER.fullmatch(y)):  # a length with a unit, a percentage
        return None
    path = ET.Element(f"{{{SVG_NS}}}path", {"d": target.get("d", "")})
    if (x, y) != ("0", "0"):
        path.set("transform", f"translate({x} {y})")
    merged = {**inherited, **own}
    if merged:
        path.set("style", _style(merged))
    path.tail = use.tail
    return path


def slimmed(svg: str) -> str:
    """The SVG of a chart with the same drawing and fewer nodes (see the module)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    sheet = _sheet_properties(root)
    if _tag(root) != "svg" or sheet is None or "<?xml-stylesheet" in svg:
        return svg  # a drawing this cannot vouch for: as it was written
    kept_ids = _referenced(root)
    paths = {
        element.get("id"): element
        for element in root.iter(f"{{{SVG_NS}}}path")
        if element.get("id")
    }

    def slim(parent: ET.Element) -> None:
        children: list[ET.Element] = []
        container = _tag(parent) in ("svg", "g")
        for child in list(parent):
            tag = _tag(child)
            if tag != "foreignObject":
                slim(child)
            if tag == "metadata" and parent is root:
                continue
            if (
                tag == "g"
                and container
                and set(child.attrib) <= {"id"}
                and child.get("id") not in kept_ids
            ):
                children.extend(child)
                continue
            rotation = child.get("transform")
            if tag and rotation is not None and _IDENTITY_ROTATION.fullmatch(rotation):
                del child.attrib["transform"]
            if tag == "use":
                inlined = _inlined_use(child, paths, sheet)  # (a childless element is falsy)
                child = child if inlined is None else inlined
            children.append(child)
        parent[:] = children

    slim(root)
    # A marker path that no use refers to any more draws nothing (it lies in <defs>).
    still_referenced = _referenced(root)
    for defs in root.iter(f"{{{SVG_NS}}}defs"):
        defs[:] = [
            element
            for element in defs
            if not (_tag(element) == "path" and element.get("id") not in still_referenced)
        ]
    for parent in list(root.iter()):
        parent[:] = [e for e in parent if not (_tag(e) == "defs" and len(e) == 0)]
    _without_layout_whitespace(root)
    return ET.tostring(root, encoding="unicode") + "\n"


# Elements whose text is content (a label, a title, a style sheet): their whitespace is kept.
_TEXT_CONTENT = frozenset(("text", "tspan", "textPath", "title", "desc", "style", "foreignObject"))


def _without_layout_whitespace(element: ET.Element) -> None:
    """Leave out the indentation between elements (moved about by the groups taken out), one
    element per line; the text of labels, titles and the style sheet is not touched."""
    if _tag(element) in _TEXT_CONTENT:
        return
    if element.text is not None and not element.text.strip():
        element.text = "\n" if len(element) else None
    for child in element:
        if child.tail is not None and not child.tail.strip():
            child.tail = "\n"
        _without_layout_whitespace(child)
