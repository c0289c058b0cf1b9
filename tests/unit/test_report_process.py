"""What the report step costs its process (issue 12), without changing what it makes: WeasyPrint
imported without compiler probes yet with the same libraries, the garbage collector paused only
while WeasyPrint renders, the environment Herkomst lists read from the metadata headers, and the
compiled templates kept between processes."""

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
