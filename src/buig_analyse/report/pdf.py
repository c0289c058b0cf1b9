"""The PDF of the report (WeasyPrint, A4) from the rendered HTML.

The renderer fetches only ``data:`` URLs and files inside the project; everything else (http,
https, files elsewhere) is refused by :class:`ProjectOnlyFetcher`. Dates come from the data drop,
so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse


def fonttools_parts_on_demand() -> list[str]:
    """Stand-ins (:mod:`buig_analyse.stand_in`) for the two parts of fontTools WeasyPrint imports
    but uses only in a case this project's PDFs do not have: the subsetter, for a system without
    HarfBuzz's subsetter (WeasyPrint then warns that it uses fontTools instead), and the
    variable-font instancer, for a variable font (the report's DejaVu Sans is none). Importing
    them took 0,1-0,14 s of every process that renders, on the path of a narrative-only run,
    whose render waits for that import (issue 12). The first use of either imports the real one.
    The names of the stand-ins put in place (not for a part that is loaded already)."""
    from buig_analyse.stand_in import real_module, stand_in

    def instantiate_variable_font(*args, **kwargs):
        return real_module("fontTools.varLib.instancer").instantiateVariableFont(*args, **kwargs)

    stand_ins = {
        "fontTools.subset": stand_in("fontTools.subset", {}),
        "fontTools.varLib.instancer": stand_in(
            "fontTools.varLib.instancer", {"instantiateVariableFont": instantiate_variable_font}
        ),
    }
    placed = [name for name in stand_ins if name not in sys.modules]
    sys.modules.update({name: stand_ins[name] for name in placed})
    return placed


def _import_weasyprint():
    """WeasyPrint, imported without the compiler probes of its library lookup. It opens Pango,
    HarfBuzz, fontconfig and GObject through cffi by a list of names per library, and cffi hands
    every name without a path to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``,
    then ``gcc`` and ``ld`` for each name that is not found: 16 compiler runs, about 0,13 s of every
    process that renders a PDF (issue 12). Each list also holds the library's file name
    (``libpango-1.0.so.0``), which the dynamic loader opens itself, so without the lookup the same
    files are loaded. Should a library be missed that way (an error, or HarfBuzz's subsetter, which
    WeasyPrint may do without but which shapes the PDF's fonts), the import is done again the usual
    way."""
    if "weasyprint" not in sys.modules:
        fonttools_parts_on_demand()
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
        from weasyprint.text import ffi

        found = ffi.harfbuzz_subset is not None  # optional for WeasyPrint, but it shapes the PDF
    except OSError:  # pragma: no cover - a library only the lookup finds
        found = False
    finally:
        ctypes.util.find_library = original
    if not found:  # pragma: no cover - again the usual way, with the lookup
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint
    return weasyprint


weasyprint = _import_weasyprint()
import pydyf  # noqa: E402 (WeasyPrint's PDF writer)
import pyphen  # noqa: E402 (WeasyPrint's hyphenation)
from weasyprint.urls import URLFetcher  # noqa: E402 (after the import above)

from buig_analyse.report.box_lengths import box_lengths_resolved_inline  # noqa: E402
from buig_analyse.report.svg_text import svg_text_drawn_whole  # noqa: E402
from buig_analyse.report.text_layouts import text_layouts_reused  # noqa: E402

# The language of the report's HTML (lang attribute of the templates' <html>).
REPORT_LANGUAGE = "nl"
# The pydyf classes whose objects are serialised once per write (objects_serialised_once).
_SERIALISED = (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array)

# The PDF is archival and accessible: PDF/A-3a (level A is the tagged, accessible level of PDF/A-3,
# which allows the attached register CSV) written by WeasyPrint's own variant, identified as
# PDF/UA-1 as well (tagged structure, /Lang, title shown, alt text on every figure). WeasyPrint
# writes one variant's identification; the PDF/UA one is added to the same XMP packet, with the
# extension schema PDF/A requires for a property outside its predefined schemas.
PDF_VARIANT = "pdf/a-3a"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUA_XMP = f"""<rdf:RDF xmlns:rdf="{_RDF}">
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>"""


def _with_pdfua_identification(metadata) -> None:
    """Add the PDF/UA-1 identification to the RDF WeasyPrint writes for the PDF/A variant (one
    rdf:RDF in the XMP packet, as the XMP specification wants)."""
    from xml.etree.ElementTree import fromstring, register_namespace, tostring

    # PDF/A validators read the extension schema by these exact prefixes.
    for prefix, uri in (
        ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
        ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
        ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"),
        ("pdfuaid", "http://www.aiim.org/pdfua/ns/id/"),
    ):
        register_namespace(prefix, uri)
    original = metadata.generate_rdf_metadata

    def generate(variant, version, conformance):
        rdf = fromstring(original(variant, version, conformance))
        for description in fromstring(PDFUA_XMP):
            rdf.append(description)
        return tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = generate


class RefusedURL(ValueError):
    """A resource outside the project was requested while rendering."""


class ProjectOnlyFetcher(URLFetcher):
    """URL fetcher for WeasyPrint: ``data:`` URLs and files under ``root`` only; a refusal stops
    the rendering (fail_on_errors is off, so WeasyPrint logs it and leaves the resource out)."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def check(self, url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path == self.root or self.root in path.parents:
                return
        self.refused.append(url)
        raise RefusedURL(f"geweigerd: {url} (alleen bestanden binnen het project)")

    def fetch(self, url: str, headers=None):
        self.check(url)
        return super().fetch(url, headers)

    def __call__(self, url: str):
        return self.fetch(url)


def warm_up() -> None:
    """For the preloaded process (buig_analyse.warm): fontconfig, Pango's fonts and the Dutch
    hyphenation dictionary loaded once, not in every render (about 0,15 CPU-s each, issue 12)."""
    html = (
        f'<html lang="{REPORT_LANGUAGE}"><head><style>p {{ hyphens: auto }}</style></head><body>'
        "<p>Bijstandsuitkeringen en huishoudens, <b>vet</b> <i>cursief</i></p>"
        "<table><tr><th>Huishoudens</th><td>1</td></tr></table></body></html>"
    )
    weasyprint.HTML(string=html).render(pdf_variant=PDF_VARIANT).write_pdf()
    # WeasyPrint loads a language's hyphenation patterns only when a word must be split, which
    # the short text above never needs; the report does, so the Dutch patterns are loaded here
    # (pyphen keeps them for the process): 0,1 s of every render (issue 12).
    pyphen.Pyphen(lang=REPORT_LANGUAGE)


# The zlib level of the PDF's streams: zlib's own default. pydyf compresses every stream at level
# 9, which took 0,07 s more of each render of the sample, for a PDF 4% smaller (279 against
# 289 kB, issue 12). The content of every stream is the same at either level.
COMPRESSION_LEVEL = 6


@contextmanager
def streams_compressed_at(level: int | None = None) -> Iterator[None]:
    """While the PDF is written, pydyf compresses its streams at zlib ``level`` (default:
    COMPRESSION_LEVEL), through the ``zlib`` name pydyf calls, so nothing else is touched;
    restored afterwards, also after an error."""
    import types
    import zlib

    level = COMPRESSION_LEVEL if level is None else level
    original = pydyf.zlib
    pydyf.zlib = types.SimpleNamespace(
        compress=lambda data, *_, **__: zlib.compress(data, level),
        compressobj=lambda *_, **__: zlib.compressobj(level=level),
    )
    try:
        yield
    finally:
        pydyf.zlib = original


@contextmanager
def objects_serialised_once() -> Iterator[None]:
    """While a PDF is written (``pydyf.PDF.write``), each PDF object is serialised and compressed
    once. pydyf writes every object, and then, for the file identifier PDF/A requires, takes the
    MD5 of all objects' data again, which serialises and compresses every stream a second time (at
    zlib level 9): 0,2 s of each render of the sample (issue 12). The objects do not change while
    they are written, so the second pass gets the same bytes from a cache, and the PDF is the same
    bytes as without it. Only for the duration of the write; restored afterwards, also after an
    error."""
    original_write = pydyf.PDF.write

    def write_once(pdf, *args, **kwargs):
        cache: dict[int, tuple[object, bytes]] = {}
        originals = {cls: cls.__dict__["data"] for cls in _SERIALISED}

        def cached(getter):
            def data(obj):
                hit = cache.get(id(obj))
                if hit is None or hit[0] is not obj:
                    hit = cache[id(obj)] = (obj, getter(obj))  # obj kept: its id stays its own
                return hit[1]

            return property(data)

        for cls, prop in originals.items():
            cls.data = cached(prop.fget)
        try:
            return original_write(pdf, *args, **kwargs)
        finally:
            for cls, prop in originals.items():
                cls.data = prop

    pydyf.PDF.write = write_once
    try:
        yield
    finally:
        pydyf.PDF.write = original_write


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while WeasyPrint lays out and writes the PDF.
    Layout makes and drops hundreds of thousands of small objects, so the collector ran about 780
    times in one render and took 0,35 s of it (measured on the sample, issue 12); those objects
    are freed by reference counting when they go (the peak memory of a render is the same with
    the collector paused: 139 against 137 MiB). It runs again afterwards, also after an error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


TOLERANCE = 0.5  # CSS px


def _boxes(box):
    """A box and its descendants, leaving out page-margin boxes (running header, page number),
    which are meant to lie outside the content area."""
    from weasyprint.formatting_structure.boxes import MarginBox

    if isinstance(box, MarginBox):
        return
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def layout_problems(document) -> list[str]:
    """Boxes of a laid-out document that extend beyond the content area of their page (to the
    right or below): a table column, a word or an image a reader of the PDF would not see whole."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.content_box_x() + root.width
        bottom = root.content_box_y() + root.height
        for box in _boxes(root):
            if box is root or not hasattr(box, "position_x"):
                continue
            if getattr(box, "element_tag", None) in ("html", "body"):
                continue  # the document's containers, continued on the next page, not content
            if box.width is None or box.height is None:
                continue
            # The border box is what a reader sees; a margin may run into the page margin.
            end_x = box.border_box_x() + box.border_width()
            end_y = box.border_box_y() + box.border_height()
            if end_x > right + TOLERANCE or end_y > bottom + TOLERANCE:
                text = (getattr(box, "text", None) or f"<{box.element_tag}>").strip()
                found.append(
                    f"pagina {number}: {text[:40]!r} loopt tot ({end_x:.0f}, {end_y:.0f}) px, "
                    f"de tekstruimte eindigt bij ({right:.0f}, {bottom:.0f}) px"
                )
    return found


def render_pdf(
    html: str,
    base_dir: Path,
    root: Path,
    attachments: list[tuple[str, bytes, str]] | None = None,
    date: str = "2000-01-01",
) -> tuple[bytes, list[str]]:
    """The PDF of the report HTML and the layout problems found in it (see
    :func:`layout_problems`). Dates come from the data drop (HTML dcterms meta and the
    attachments' dates), so the bytes depend on the inputs only."""
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC).timestamp())
    )
    fetcher = ProjectOnlyFetcher(root)
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
    files = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name,
            description=description,
            created=dt.datetime.fromisoformat(date),
            modified=dt.datetime.fromisoformat(date),
            url_fetcher=fetcher,
            relationship="Data",  # PDF/A-3: the attachment holds the data behind the document
        )
        for name, data, description in (attachments or [])
    ]
    with (
        collector_paused(),
        objects_serialised_once(),
        streams_compressed_at(),
        svg_text_drawn_whole(),
        text_layouts_reused(),
        box_lengths_resolved_inline(),
    ):
        rendered = document.render(pdf_variant=PDF_VARIANT)
        _with_pdfua_identification(rendered.metadata)
        pdf = rendered.write_pdf(
            attachments=files or None,
            pdf_identifier=b"buig-analyse",
            uncompressed_pdf=False,
            pdf_variant=PDF_VARIANT,
        )
        return pdf, layout_problems(rendered)
