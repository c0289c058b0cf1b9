"""What the report step costs its process (issue 12), without changing what it makes: WeasyPrint
imported without compiler probes yet with the same libraries, the garbage collector paused only
while WeasyPrint renders, the environment Herkomst lists read from the metadata headers, and the
compiled templates kept between processes, each PDF object serialised and compressed once, and
the Dutch hyphenation patterns loaded by the warm-up."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap

import pytest

LIBRARIES = """
import json, subprocess, sys
started = []
class Recorded(subprocess.Popen):
    def __init__(self, args, *rest, **kwargs):
        started.append(str(args[0] if isinstance(args, (list, tuple)) else args))
        super().__init__(args, *rest, **kwargs)
subprocess.Popen = Recorded

def loaded():
    names = ("pango", "harfbuzz", "fontconfig", "gobject")
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if ".so" in line}
    return sorted(p for p in paths if any(n in p.rsplit("/", 1)[-1] for n in names))
"""


def libraries(statement: str) -> dict:
    code = (
        LIBRARIES
        + textwrap.dedent(statement)
        + ("\nprint(json.dumps({'started': started, 'loaded': loaded()}))")
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lookup differs off Linux")
def test_weasyprint_loads_the_same_libraries_without_running_ldconfig_or_a_compiler():
    usual = libraries("import weasyprint")
    ours = libraries("import buig_analyse.report.pdf")
    # The usual import probes with ldconfig, gcc and ld (which is why ours skips the lookup).
    assert any("ldconfig" in p for p in usual["started"]), usual["started"]
    assert ours["started"] == []
    assert ours["loaded"] == usual["loaded"] and any("pango" in p for p in ours["loaded"])


def test_the_collector_is_paused_inside_and_running_again_after_an_error():
    from buig_analyse.report.pdf import collector_paused

    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("fout tijdens het opmaken")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    from buig_analyse.report.pdf import collector_paused

    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_pdf_is_rendered_with_the_collector_paused(monkeypatch, tmp_path):
    from buig_analyse.report import pdf

    seen = []
    original = pdf.weasyprint.HTML.render

    def render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdf.weasyprint.HTML, "render", render)
    data, problems = pdf.render_pdf("<p>Tekst</p>", tmp_path, tmp_path)
    assert data.startswith(b"%PDF") and problems == []
    assert seen == [False] and gc.isenabled()


MULTI_PAGE = (
    '<html lang="nl"><body>'
    + "".join(
        f"<h1>Hoofdstuk {n}</h1><p>{'Bijstandsuitkeringen en huishoudens. ' * 200}</p>"
        for n in range(4)
    )
    + "</body></html>"
)
ATTACHMENT = [("figurenregister.csv", b"id;waarde\nbudget.2016;1\n" * 500, "Figurenregister")]


def _counting_compressions(monkeypatch) -> list[tuple[int, bytes]]:
    """Record zlib's compressions while the PDF is made (each compresses one stream): the level
    and the data."""
    import zlib

    class Calls(list):
        def streams(self) -> list[tuple[int, bytes]]:
            return [c if isinstance(c, tuple) else (c.level, b"".join(c.data)) for c in self]

    calls = Calls()
    compress, compressobj = zlib.compress, zlib.compressobj

    def counted_compress(data, level=-1, *args, **kwargs):
        calls.append((level, bytes(data)))
        return compress(data, level, *args, **kwargs)

    class Recorded:
        def __init__(self, level=-1, *args, **kwargs):
            self.level, self.data = level, []
            self.inner = compressobj(level, *args, **kwargs)
            calls.append(self)

        def compress(self, data):
            self.data.append(bytes(data))
            return self.inner.compress(data)

        def flush(self, *args):
            return self.inner.flush(*args)

    monkeypatch.setattr(zlib, "compress", counted_compress)
    monkeypatch.setattr(zlib, "compressobj", Recorded)
    return calls


def test_every_stream_of_the_pdf_is_compressed_once(monkeypatch, tmp_path):
    """pydyf takes the MD5 of all objects for the file identifier after writing them, which
    compressed every stream twice; each stream in the file is compressed once now. Counted: the
    streams the file holds (each has a /FlateDecode filter) against pydyf's zlib calls."""
    from buig_analyse.report import pdf

    calls = _counting_compressions(monkeypatch)
    data, _ = pdf.render_pdf(MULTI_PAGE, tmp_path, tmp_path, ATTACHMENT, "2017-06-01")
    streams = data.count(b"/FlateDecode")
    assert streams >= 6  # pages, fonts, the attachment, the object and cross-reference streams
    assert len(calls) == streams


def test_the_pdf_is_the_same_bytes_with_each_object_serialised_once(monkeypatch, tmp_path):
    import contextlib

    from buig_analyse.report import pdf

    once, _ = pdf.render_pdf(MULTI_PAGE, tmp_path, tmp_path, ATTACHMENT, "2017-06-01")
    monkeypatch.setattr(pdf, "objects_serialised_once", contextlib.nullcontext)
    calls = _counting_compressions(monkeypatch)
    twice, _ = pdf.render_pdf(MULTI_PAGE, tmp_path, tmp_path, ATTACHMENT, "2017-06-01")
    assert len(calls) > once.count(b"/FlateDecode")  # pydyf's own way: streams compressed again
    assert once == twice


def test_the_streams_are_compressed_at_zlibs_default_level_with_the_same_content(
    monkeypatch, tmp_path
):
    """pydyf's own level 9 against COMPRESSION_LEVEL 6: every stream but the cross-reference
    table holds the same data; only the compressed bytes (and so the offsets) differ."""
    from buig_analyse.report import pdf

    assert pdf.COMPRESSION_LEVEL == 6
    calls = _counting_compressions(monkeypatch)
    ours, _ = pdf.render_pdf(MULTI_PAGE, tmp_path, tmp_path, ATTACHMENT, "2017-06-01")
    at_six = calls.streams()
    calls.clear()
    monkeypatch.setattr(pdf, "COMPRESSION_LEVEL", 9)
    nine, _ = pdf.render_pdf(MULTI_PAGE, tmp_path, tmp_path, ATTACHMENT, "2017-06-01")
    at_nine = calls.streams()
    assert {level for level, _ in at_six} == {6} and {level for level, _ in at_nine} == {9}
    # The last stream is the cross-reference stream: the byte offsets of the objects, which move
    # with the compressed lengths before them. Every other stream holds the same data.
    assert len(at_six) == len(at_nine) > 6
    assert [data for _, data in at_six[:-1]] == [data for _, data in at_nine[:-1]]
    assert at_six[-1][1][:5] == b"\x00\x00\x00\xff\xff"  # xref entry 0: the free list's head
    assert ours != nine and len(ours) > len(nine)


def test_pydyf_compresses_as_before_after_an_error_in_the_write():
    import pydyf

    from buig_analyse.report.pdf import streams_compressed_at

    before = pydyf.zlib
    with pytest.raises(OSError), streams_compressed_at(1):
        assert pydyf.zlib is not before
        raise OSError("schijf vol")
    assert pydyf.zlib is before


def test_pydyf_is_restored_after_an_error_in_the_write(monkeypatch):
    import pydyf

    from buig_analyse.report.pdf import _SERIALISED, objects_serialised_once

    properties = {cls: cls.__dict__["data"] for cls in _SERIALISED}
    seen = []

    def failing_write(self, *args, **kwargs):
        seen.append({cls: cls.__dict__["data"] is properties[cls] for cls in _SERIALISED})
        raise OSError("schijf vol")

    monkeypatch.setattr(pydyf.PDF, "write", failing_write)
    with pytest.raises(OSError), objects_serialised_once():
        assert pydyf.PDF.write is not failing_write
        assert all(cls.__dict__["data"] is properties[cls] for cls in _SERIALISED)
        pydyf.PDF().write(None)
    # Replaced during the write only, then all restored.
    assert seen == [dict.fromkeys(_SERIALISED, False)]
    assert pydyf.PDF.write is failing_write
    assert {cls: cls.__dict__["data"] for cls in _SERIALISED} == properties


def test_the_warm_up_loads_the_dutch_hyphenation_patterns():
    """The report hyphenates Dutch; the preloaded process's warm-up must leave the patterns
    loaded for every fork (WeasyPrint loads them only when a word must be split)."""
    code = textwrap.dedent(
        """
        import pyphen
        from buig_analyse.report import pdf
        dutch = pyphen.LANGUAGES[pyphen.language_fallback("nl")]
        assert dutch not in pyphen.hdcache
        pdf.warm_up()
        print(dutch in pyphen.hdcache)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True"]


def test_the_environment_herkomst_lists_is_what_importlib_metadata_reads():
    """Every installed distribution's name and version as read from the METADATA header alone
    (installed_packages) equal importlib.metadata's reading of the whole file."""
    from importlib.metadata import distributions

    from buig_analyse.report.render import installed_packages, name_and_version

    dists = list(distributions())
    assert len(dists) > 50
    for dist in dists:
        assert name_and_version(dist) == (dist.metadata["Name"], dist.version)
    listed = installed_packages()
    assert listed["weasyprint"] == next(d.version for d in dists if d.name == "weasyprint")


def test_compiled_templates_are_reused_and_an_edited_template_is_compiled_again(
    tmp_path, monkeypatch
):
    from jinja2 import FileSystemBytecodeCache

    from buig_analyse.report import html

    cache = html._CompiledTemplates(str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    monkeypatch.setattr(html, "compiled_templates", lambda: cache)
    compiled = []
    original = html.Environment.compile

    def compile_(self, source, *args, **kwargs):
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(html.Environment, "compile", compile_)
    (tmp_path / "t.html.j2").write_text("Tekort {{ n }}", encoding="utf-8")

    def render():
        return html.make_environment(tmp_path).get_template("t.html.j2").render(n=3)

    assert render() == "Tekort 3" and len(compiled) == 1
    assert render() == "Tekort 3" and len(compiled) == 1  # a new environment, from the cache
    (tmp_path / "t.html.j2").write_text("Overschot {{ n }}", encoding="utf-8")
    assert render() == "Overschot 3" and len(compiled) == 2
    assert isinstance(cache, FileSystemBytecodeCache)
    # Another Jinja or an edited environment (html.py): the same template is compiled again.
    monkeypatch.setattr(html, "_ENVIRONMENT_KEY", "andere-jinja")
    assert render() == "Overschot 3" and len(compiled) == 3
    assert render() == "Overschot 3" and len(compiled) == 3


def test_a_cache_that_cannot_be_written_or_read_is_passed_over(tmp_path, monkeypatch):
    from buig_analyse.report import html

    cache = html._CompiledTemplates(str(tmp_path / "ontbreekt"))  # no such folder
    monkeypatch.setattr(html, "compiled_templates", lambda: cache)
    (tmp_path / "t.html.j2").write_text("{{ 1 + 1 }}", encoding="utf-8")
    assert html.make_environment(tmp_path).get_template("t.html.j2").render() == "2"


def test_the_report_stage_holds_what_the_render_imports_and_no_pandas():
    """The preloaded process's report stage: the modules render_report imports when it runs
    (the report's own, babel's dates, every chapter class), so a render's fork imports none of
    them; and still no pandas or pandera, which a narrative-only run never needs."""
    code = textwrap.dedent(
        """
        import json, sys
        from buig_analyse import warm
        from buig_analyse.analysis.chapters import CHAPTERS
        warm.preload(warm.REPORT_STAGE)
        wanted = ["buig_analyse.report.html", "buig_analyse.report.narrative",
                  "buig_analyse.report.appendix", "babel.dates",
                  *(f"buig_analyse.analysis.{name}" for name in CHAPTERS)]
        print(json.dumps({"missing": [m for m in wanted if m not in sys.modules],
                          "heavy": [m for m in ("pandas.core", "pandera") if m in sys.modules]}))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"missing": [], "heavy": []}


def _fresh(code: str) -> dict:
    """The JSON that ``code`` prints last, run in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


FONTTOOLS_PARTS = ("fontTools.subset", "fontTools.varLib.instancer")
RENDER_SMALL = """
import hashlib, json, sys
{first}
from buig_analyse.report.pdf import PDF_VARIANT, weasyprint
html = '<html lang="nl"><body><p>Bijstand € 1.234 <b>vet</b> <i>schuin</i></p></body></html>'
pdf = weasyprint.HTML(string=html).render(pdf_variant=PDF_VARIANT).write_pdf()
parts = {{n: bool(getattr(sys.modules[n], "stand_in", False)) for n in {parts}}}
print(json.dumps([hashlib.sha256(pdf).hexdigest(), parts]))
"""


def test_weasyprint_writes_the_same_pdf_without_fonttools_subsetter_and_instancer():
    """With HarfBuzz's subsetter and a font that is not variable, WeasyPrint uses neither part:
    they stay stand-ins through a whole render, and the PDF is the same bytes as with both
    imported first (then no stand-in is put in place)."""
    ours = _fresh(RENDER_SMALL.format(first="", parts=FONTTOOLS_PARTS))
    usual = _fresh(
        RENDER_SMALL.format(first="import " + ", ".join(FONTTOOLS_PARTS), parts=FONTTOOLS_PARTS)
    )
    assert ours[1] == dict.fromkeys(FONTTOOLS_PARTS, True)
    assert usual[1] == dict.fromkeys(FONTTOOLS_PARTS, False)
    assert ours[0] == usual[0]


def test_the_first_use_of_a_fonttools_part_gets_the_real_one():
    found = _fresh("""
        import json, sys
        import buig_analyse.report.pdf
        from weasyprint.pdf import fonts
        from fontTools.ttLib import TTFont
        options = fonts.subset.Options  # WeasyPrint's own name for the part
        real = sys.modules["fontTools.subset"]
        errors = []
        for function in (fonts.instantiateVariableFont,
                         __import__("fontTools.varLib.instancer", fromlist=["x"]).instantiateVariableFont):
            try:
                function(TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), {})
            except Exception as error:  # DejaVu Sans is not a variable font
                errors.append([type(error).__name__, str(error)])
        print(json.dumps({"options": options is real.Options,
                          "subset real": not getattr(real, "stand_in", False),
                          "errors": errors}))
    """)  # fmt: skip
    assert found["options"] and found["subset real"]
    assert len(found["errors"]) == 2 and found["errors"][0] == found["errors"][1]


def test_a_stand_in_gives_its_names_and_the_real_module_for_any_other():
    found = _fresh("""
        import json, sys
        from buig_analyse.stand_in import is_stand_in, stand_in
        sys.modules["colorsys"] = stand_in("colorsys", {"ours": 1})
        sys.modules["wave"] = stand_in("wave", {"ours": 2}, real=False)
        import colorsys, wave
        out = [colorsys.ours, wave.ours, hasattr(colorsys, "__file__"), hasattr(wave, "Error")]
        out.append(is_stand_in(sys.modules["colorsys"]))
        out.append(colorsys.rgb_to_hsv(1, 0, 0))  # another name: the real module
        out.append(is_stand_in(sys.modules["colorsys"]))
        import colorsys as again
        out.append(hasattr(again, "ours"))
        print(json.dumps(out))
    """)  # fmt: skip
    assert found == [1, 2, False, False, True, [0.0, 1.0, 1.0], False, False]
