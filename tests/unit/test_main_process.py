"""Snakemake's own process imports no pandas to prepare a script job (buig_analyse.main_process,
issue 12), yet a DataFrame param is still found. Each case runs in a fresh interpreter, where
pandas is not loaded yet."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

STORE = """
import json, sys
from snakemake.iocontainers import Params, Snakemake

def store(*values):
    job = object.__new__(Snakemake)  # only the params part of the object Snakemake pickles
    job._safely_store_params(Params(toclone=list(values)))
    return [list(job._params_store), {str(k): v for k, v in job._params_types.items()}]
"""


def run(code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", STORE + textwrap.dedent(code)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_snakemake_itself_imports_pandas_to_store_a_script_jobs_params():
    """Why the override exists: this fails once a Snakemake upgrade stops importing pandas there
    (then remove script_params_stored_without_imports), or renames the method (then the override
    does nothing and must follow)."""
    found = run("""
        stored = store(200, {"a": 1})
        print(json.dumps({"pandas": "pandas" in sys.modules, "stored": stored}))
    """)
    assert found == {"pandas": True, "stored": [[200, {"a": 1}], {}]}


def test_with_the_override_no_library_is_imported_and_the_params_are_the_same():
    found = run("""
        from buig_analyse.main_process import script_params_stored_without_imports
        assert script_params_stored_without_imports()
        assert script_params_stored_without_imports()  # a second call does not wrap it again
        stored = store(200, {"a": 1}, ["x"], "samenvatting")
        print(json.dumps({"loaded": [m for m in ("pandas", "polars") if m in sys.modules],
                          "stored": stored}))
    """)
    assert found == {"loaded": [], "stored": [[200, {"a": 1}, ["x"], "samenvatting"], {}]}


def test_a_dataframe_param_is_still_found_when_pandas_is_loaded():
    found = run("""
        import pandas as pd
        from buig_analyse.main_process import script_params_stored_without_imports
        script_params_stored_without_imports()
        stored = store(pd.DataFrame({"a": [1, 2]}), 3)
        print(json.dumps({"stored": stored}))
    """)
    assert found == {"stored": [[{"a": {"0": 1, "1": 2}}, 3], {"0": "pd.DataFrame"}]}


def test_only_the_calling_thread_is_refused_an_unloaded_library():
    found = run("""
        import threading
        from buig_analyse.main_process import unloaded_libraries_refused
        inside, other_done, result = threading.Event(), threading.Event(), {}

        def other():
            inside.wait()
            import numpy  # not loaded yet in this interpreter, and this thread is not refused
            result["other"] = numpy.__name__
            other_done.set()

        thread = threading.Thread(target=other)
        thread.start()
        with unloaded_libraries_refused():
            inside.set()
            other_done.wait()
            try:
                import pandas  # noqa: F401  (installed, not loaded: refused to this thread)
                result["here"] = "geladen"
            except ModuleNotFoundError:
                result["here"] = "geweigerd"
            import numpy  # loaded meanwhile by the other thread: imports as always
            result["loaded"] = numpy.__name__
        thread.join()
        print(json.dumps(result))
    """)
    assert found == {"other": "numpy", "here": "geweigerd", "loaded": "numpy"}


def test_the_persistence_override_applies_to_this_snakemake():
    """The other override (params_compared_without_pandas) finds its method; the e2e test of a
    dry run checks that Snakemake's process then imports no pandas."""
    found = run("""
        from snakemake.persistence import PersistenceBase
        from buig_analyse.main_process import params_compared_without_pandas
        import inspect
        applied = params_compared_without_pandas()
        print(json.dumps({"applied": applied,
                          "property": isinstance(PersistenceBase.__dict__["_serialize_param"],
                                                 property),
                          "used": "self._serialize_param(" in inspect.getsource(PersistenceBase)}))
    """)
    # "used": Snakemake's params check still goes through the method the override replaces.
    assert found == {"applied": True, "property": True, "used": True}


def _imports(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "buig_analyse.main_process", *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    return done, imported


def test_snakemakes_command_line_for_buig_run_leaves_out_the_html_report_plugin():
    from importlib.metadata import version

    done, imported = _imports("--version")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == version("snakemake")
    assert "snakemake.cli" in imported and "snakemake.report.html_reporter" not in imported


def test_a_run_that_makes_a_report_gets_the_html_report_plugin():
    done, imported = _imports("--report", "verslag.html", "--version")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "snakemake.report.html_reporter" in imported


def test_a_script_file_gets_the_hand_over_lines_only_while_a_preloaded_process_is_announced():
    """scripts_handed_over_first: Snakemake's own bytes around the two lines, and Snakemake's own
    file, byte for byte, without a preloaded process, switched off, for a job in another Python
    (container, conda, environment modules) and for a Xonsh script."""
    found = run("""
        import inspect, io, os
        from snakemake.script import PythonScript, XonshScript
        from buig_analyse import handover
        from buig_analyse.main_process import scripts_handed_over_first

        # What the override relies on: Snakemake still writes a script file by this method, as
        # the preamble followed by the script's source, and evaluate() still calls it.
        original = PythonScript.__dict__["write_script"]
        signature = list(inspect.signature(original).parameters)
        used = "self.write_script(preamble, fd)" in inspect.getsource(PythonScript.__mro__[1])

        def job(kind=PythonScript, **other):
            made = object.__new__(kind)
            made.container_img = made.conda_env = made.env_modules = None
            made.source = "print('stap')\\n"
            for name, value in other.items():
                setattr(made, name, value)
            return made

        def written(made):
            fd = io.BytesIO()
            type(made).write_script(made, "# preamble\\n", fd)
            return fd.getvalue().decode()

        os.environ.pop(handover.SOCKET_ENV, None)
        os.environ.pop("BUIG_VOORLADEN", None)
        before = written(job())
        applied = [scripts_handed_over_first(), scripts_handed_over_first()]  # applied once
        files = {"zonder": written(job())}
        os.environ[handover.SOCKET_ENV] = "/tmp/geen-socket"
        files["aangekondigd"] = written(job())
        for name in ("container_img", "conda_env", "env_modules"):
            files[name] = written(job(**{name: "/opt/ander"}))
        files["xonsh"] = written(job(XonshScript))
        os.environ["BUIG_VOORLADEN"] = "nee"
        files["uit"] = written(job())
        print(json.dumps({"signature": signature, "used": used, "applied": applied,
                          "before": before, "files": files,
                          "lines": [handover.FIRST_LINE, handover.AFTER_PREAMBLE]}))
    """)
    assert found["signature"] == ["self", "preamble", "fd"] and found["used"]
    assert found["applied"] == [True, True]
    own = "# preamble\nprint('stap')\n"
    first, after = found["lines"]
    assert found["before"] == own
    files = found.pop("files")
    assert files.pop("aangekondigd") == first + "# preamble\n" + after + "print('stap')\n"
    assert files == dict.fromkeys(
        ("zonder", "container_img", "conda_env", "env_modules", "xonsh", "uit"), own
    )


CHECKSUMS = r"""
import json, os, sys
from pathlib import Path
os.chdir(sys.argv[1])
for name in "abcd":
    Path(f"in_{name}.txt").write_text(name * 10)
Path("Snakefile").write_text('''
rule drie:
    input: expand("in_{n}.txt", n=["a", "b", "c", "d"])
    output: "uit_1.txt", "uit_2.txt", "uit_3.txt"
    shell: "for f in {output}; do echo x > $f; done"
''')
from snakemake.io import _IOFile
counted = []
original = _IOFile.checksum
async def counting(self, *args, **kwargs):
    counted.append(str(self))
    return await original(self, *args, **kwargs)
_IOFile.checksum = counting
if sys.argv[2] == "met":
    from buig_analyse.main_process import input_checksums_once_per_job
    assert input_checksums_once_per_job()
from snakemake.cli import main
try:
    main(["--cores", "1", "--quiet", "--", "uit_1.txt"])
except SystemExit as done:
    assert not done.code, done.code
records = {p.name: json.loads(p.read_text())["input_checksums"]
           for p in sorted(Path(".snakemake/metadata").iterdir())}
print(json.dumps({"counted": sorted(n for n in counted if n.startswith("in_")),
                  "records": records}))
"""


def test_a_finished_jobs_input_checksums_are_computed_once_and_recorded_the_same(tmp_path):
    """input_checksums_once_per_job: a job with three outputs and four inputs hashes each input
    once (Snakemake alone: once per output, twelve times), and every output's record holds the
    same checksums as without the override."""
    found = {}
    for variant in ("zonder", "met"):
        folder = tmp_path / variant
        folder.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", CHECKSUMS, str(folder), variant],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        found[variant] = json.loads(done.stdout.strip().splitlines()[-1])
    inputs = [f"in_{name}.txt" for name in "abcd"]
    assert found["zonder"]["counted"] == sorted(inputs * 3)  # what the override is for
    assert found["met"]["counted"] == inputs
    assert found["met"]["records"] == found["zonder"]["records"]
    assert len(found["met"]["records"]) == 3
    assert all(set(record) == set(inputs) for record in found["met"]["records"].values())


def _dry_run(
    folder, *command: str, action: str = 'shell: "touch {output}"', dry: bool = True
) -> list[str]:
    """The modules ``command`` imports for a one-rule workflow in ``folder``: a dry run, or with
    ``dry=False`` a real one."""
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "Snakefile").write_text('include: "rules/stap.smk"\n', encoding="utf-8")
    (folder / "rules/stap.smk").write_text(
        f'rule alles:\n    output: "uit.txt"\n    {action}\n', encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", *command, *(["-n"] if dry else []), "--cores", "1"],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]


def test_snakemake_reads_a_local_workflow_without_smart_open(tmp_path):
    """Snakemake alone imports smart_open to parse the paths of the Snakefile and its includes
    (this fails once it no longer does, and the override can go); buig-run's command line does
    not, and still reads the include."""
    (tmp_path / "eigen").mkdir()
    (tmp_path / "ons").mkdir()
    assert "smart_open" in _dry_run(tmp_path / "eigen", "snakemake")
    assert "smart_open" not in _dry_run(tmp_path / "ons", "buig_analyse.main_process")


def test_a_local_path_is_parsed_as_smart_open_parses_it():
    """The override's result against smart_open's own, for the forms a local workflow uses; any
    other URI goes to Snakemake's parse_uri."""
    found = _printed_json(textwrap.dedent("""
            import json
            from snakemake import sourcecache
            from snakemake.common import parse_uri as snakemakes
            from buig_analyse.main_process import local_sources_read_without_smart_open
            assert local_sources_read_without_smart_open()
            ours = sourcecache.parse_uri
            from smart_open import parse_uri as theirs
            paths = ["/werk/buig/Snakefile", "workflow/rules/common.smk", "file:///werk/Snakefile",
                     "~/buig/Snakefile", "file://~/x.smk", "./a b/c.smk"]
            same = [tuple(ours(p)) == tuple(theirs(p)) and ours(p)._fields == theirs(p)._fields
                    for p in paths]
            web = "https://example.org/buig/Snakefile"
            print(json.dumps({"same": same, "web": tuple(ours(web)) == tuple(snakemakes(web))}))
        """))  # fmt: skip
    assert found == {"same": [True] * 6, "web": True}


def test_snakemake_reads_a_plain_config_file_without_yte(tmp_path):
    """Snakemake alone imports yte (and numpy behind it) to read a plain YAML config file (this
    fails once it no longer does, and the stand-in can go); buig-run's command line does not."""
    for name in ("eigen", "ons"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "config.yaml").write_text("drempel: 3\n", encoding="utf-8")
    own = _dry_run(tmp_path / "eigen", "snakemake", "--configfile", "config.yaml")
    ours = _dry_run(tmp_path / "ons", "buig_analyse.main_process", "--configfile", "config.yaml")
    assert "yte" in own and "numpy" in own
    assert "yte" not in ours and "numpy" not in ours


def test_snakemake_prepares_a_script_job_without_nbformat(tmp_path):
    """Snakemake alone imports nbformat to run a job with a Python ``script:`` (this fails once
    it no longer does, and the stand-in can go); buig-run's command line does not, and runs it."""
    script = "open(snakemake.output[0], 'w').write('1')\n"
    for name in ("eigen", "ons"):
        (tmp_path / name / "rules").mkdir(parents=True)
        (tmp_path / name / "rules/maak.py").write_text(script, encoding="utf-8")
    action = 'script: "maak.py"'
    own = _dry_run(tmp_path / "eigen", "snakemake", "uit.txt", action=action, dry=False)
    ours = _dry_run(
        tmp_path / "ons", "buig_analyse.main_process", "uit.txt", action=action, dry=False
    )
    assert (tmp_path / "ons/uit.txt").read_text(encoding="utf-8") == "1"
    assert "nbformat" in own
    assert "nbformat" not in ours


NOTEBOOK_LANGUAGE = """
import json, sys
from buig_analyse.main_process import nbformat_only_for_notebooks
assert nbformat_only_for_notebooks()
from snakemake.script import get_language
from snakemake.sourcecache import LocalSourceFile
notebook = json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5,
                       "metadata": {"language_info": {"name": "python"}}})
out = {"py": get_language(LocalSourceFile("maak.py"), "print(1)"),
       "loaded after py": type(sys.modules["nbformat"].__dict__.get("reads")).__name__}
out["ipynb"] = get_language(LocalSourceFile("maak.ipynb"), notebook)
out["loaded after ipynb"] = type(sys.modules["nbformat"].__dict__.get("reads")).__name__
print(json.dumps(out, sort_keys=True))
"""


def test_a_notebook_still_gets_the_real_nbformat():
    """A Python script's language without nbformat; a notebook's kernel language read by the real
    nbformat, which then replaces the stand-in."""
    out = _printed_json(NOTEBOOK_LANGUAGE)
    assert out == {
        "py": "python",
        "loaded after py": "NoneType",
        "ipynb": "jupyter_python",
        "loaded after ipynb": "function",
    }


def _printed_json(code: str, *args: str) -> dict:
    """The JSON that ``code`` prints last, run in a fresh interpreter with ``args``."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


YTE_CASES = """
import io, json, sys
cases = {
    "plain": "cores: 2\\nquiet:\\n  - all\\nset-resources:\\n  a: 1\\n",
    "template": "__use_yte__: true\\nkern: ?1 + 1\\n",
    "template off": "__use_yte__: false\\nkern: ?1 + 1\\n",
    "list": "- 1\\n- 2\\n",
    "broken": "a: [1, 2\\n",
}
if sys.argv[1] == "ours":
    from buig_analyse.main_process import yte_only_for_templates
    assert yte_only_for_templates()
import yte
out = {}
for name, text in cases.items():
    try:
        out[name] = ["ok", yte.process_yaml(io.StringIO(text), require_use_yte=True)]
    except Exception as e:
        out[name] = ["error", type(e).__name__, str(e)]
out["plain loaded real yte"] = type(sys.modules["yte"].__dict__.get("process_yaml")).__name__
print(json.dumps(out, sort_keys=True))
"""


def test_the_yte_stand_in_gives_what_yte_gives():
    """For a plain file, a template, a template switched off, a list and broken YAML; a template
    or an error goes to the real yte, which then replaces the stand-in."""
    theirs, ours = _printed_json(YTE_CASES, "theirs"), _printed_json(YTE_CASES, "ours")
    assert ours == theirs
    assert theirs["template"] == ["ok", {"kern": 2}] and theirs["broken"][0] == "error"


REGISTRIES = """
import json, pkgutil, sys
scans = []
listing = pkgutil.iter_modules
def counted(path=None, prefix=""):
    scans.append(path)
    return listing(path, prefix)
pkgutil.iter_modules = counted
if sys.argv[1] == "ours":
    from buig_analyse.main_process import plugin_modules_listed_once
    assert plugin_modules_listed_once()
from snakemake_interface_executor_plugins.registry import ExecutorPluginRegistry
from snakemake_interface_logger_plugins.registry import LoggerPluginRegistry
from snakemake_interface_report_plugins.registry import ReportPluginRegistry
from snakemake_interface_scheduler_plugins.registry import SchedulerPluginRegistry
from snakemake_interface_storage_plugins.registry import StoragePluginRegistry
found = {r.__name__: sorted(r().plugins) for r in (ExecutorPluginRegistry, LoggerPluginRegistry,
         ReportPluginRegistry, SchedulerPluginRegistry, StoragePluginRegistry)}
print(json.dumps({"scans": len(scans), "found": found}))
"""


def test_the_plugin_registries_find_the_same_plugins_in_one_listing():
    theirs, ours = _printed_json(REGISTRIES, "theirs"), _printed_json(REGISTRIES, "ours")
    assert theirs["scans"] == 5 and ours["scans"] == 1  # one listing per registry, against one
    assert ours["found"] == theirs["found"]
    assert "local" in theirs["found"]["ExecutorPluginRegistry"]


def test_snakemake_loads_its_file_metadata_without_sqlalchemy_or_sqlmodel(tmp_path):
    """Snakemake alone imports SQLAlchemy and SQLModel at every start (this fails once it no
    longer does, and the stand-ins can go); buig-run's command line imports neither."""
    for name in ("eigen", "ons"):
        (tmp_path / name).mkdir()
    own = _dry_run(tmp_path / "eigen", "snakemake")
    ours = _dry_run(tmp_path / "ons", "buig_analyse.main_process")
    assert "sqlalchemy.engine" in own and "sqlmodel.main" in own
    assert not [m for m in ours if m.startswith(("sqlalchemy", "sqlmodel"))]


RECORDS = """
import json, sys
if sys.argv[1] == "ours":
    from buig_analyse.main_process import metadata_in_files_without_sql
    assert metadata_in_files_without_sql()
from snakemake.persistence import MetadataRecord
stored = [
    {},
    {"rule": "analyse", "input": ["a.csv", "b é.xlsx"], "log": ["logs/a.log"],
     "params": [{"drempel": 7.5, "jaren": [2015, 2016]}, "tekst", None, 3],
     "code": "gAR9", "record_format_version": 6, "job_hash": 123456789, "starttime": 1.5,
     "endtime": 2.25, "incomplete": False, "input_checksums": {"a.csv": "ab12"},
     "conda_env": None, "unknown_key": "kept out"},
    {"rule": None, "input": None, "params": [], "input_checksums": None, "incomplete": True},
    {"job_hash": "12", "starttime": "3", "incomplete": 0},
]
out = [dict(MetadataRecord.model_validate(r).items()) for r in stored]
record = MetadataRecord()
record.rule, record.params, record.input_checksums = "render_report", [["x", 1]], {"k": "v"}
out.append(dict(record.items()))
out.append([record["rule"], record.get("nothing", "default"), list(record.keys())])
try:
    MetadataRecord.model_validate({"job_hash": "geen getal"})
    out.append("accepted")
except Exception as error:
    out.append(type(error).__name__)
mods = sys.modules
out.append([name for name in ("sqlalchemy", "sqlmodel") if not getattr(mods[name], "stand_in", 0)])
print(json.dumps(out))
"""


def test_the_metadata_record_reads_and_writes_as_snakemakes_own():
    """Records as the file backend reads them (model_validate of a stored dict: full, empty, with
    None and wrong types, with an unknown key) and writes them (dict of items() after assigning
    fields), with SQLModel's record and with the stand-in's: the same dicts and the same error."""
    theirs, ours = _printed_json(RECORDS, "theirs"), _printed_json(RECORDS, "ours")
    assert theirs[:-1] == ours[:-1]
    assert theirs[1]["params"][0] == {"drempel": 7.5, "jaren": [2015, 2016]}
    assert theirs[-2] == "ValidationError" and "unknown_key" not in theirs[1]
    assert theirs[-1] == ["sqlalchemy", "sqlmodel"] and ours[-1] == []


def test_any_other_use_of_sqlalchemy_gets_the_real_library():
    found = _printed_json(textwrap.dedent("""
            import json, sys
            from buig_analyse.main_process import metadata_in_files_without_sql
            assert metadata_in_files_without_sql()
            import sqlalchemy
            stand_in = getattr(sqlalchemy, "stand_in", False)
            engine = sqlalchemy.create_engine("sqlite://")
            with engine.connect() as connection:
                one = connection.execute(sqlalchemy.text("select 1")).scalar()
            print(json.dumps([stand_in, one, getattr(sys.modules["sqlalchemy"], "stand_in", 0)]))
        """))  # fmt: skip
    assert found == [True, 1, 0]


def test_a_run_with_the_database_backend_restarts_snakemake_with_sql(tmp_path):
    """The database backend keeps the record as an SQLModel table: Snakemake starts again in the
    process's place with both libraries (its header printed twice), runs the job and stores its
    metadata in the database; a second run finds nothing to do."""
    (tmp_path / "Snakefile").write_text(
        'rule alles:\n    output: "uit.txt"\n    shell: "echo hoi > {output}"\n', encoding="utf-8"
    )
    command = [sys.executable, "-m", "buig_analyse.main_process", "--cores", "1",
               "--persistence-backend", "db"]  # fmt: skip
    runs = [
        subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "uit.txt").read_text() == "hoi\n"
    assert (tmp_path / ".snakemake" / "metadata.db").stat().st_size > 0
    assert runs[0].stderr.count("Assuming unrestricted shared filesystem usage.") == 2
    assert "Nothing to be done" in runs[1].stderr


def test_only_snakemakes_persistence_imports_sqlalchemy_or_sqlmodel_in_its_process():
    """The stand-ins answer names, not submodules: in Snakemake, its plugins and their interfaces
    only the persistence imports SQLAlchemy or SQLModel (a new importer fails this test)."""
    import re
    import sysconfig
    from pathlib import Path

    importing = re.compile(r"^\s*(?:from|import)\s+(?:sqlalchemy|sqlmodel)\b", re.M)
    site = Path(sysconfig.get_paths()["purelib"])
    folders = [p for p in site.iterdir() if p.is_dir() and p.name.startswith("snakemake")]
    found = sorted(
        str(path.relative_to(site))
        for folder in folders
        for path in folder.rglob("*.py")
        if importing.search(path.read_text(encoding="utf-8", errors="replace"))
    )
    assert found == ["snakemake/persistence/__init__.py", "snakemake/persistence/db.py"]
