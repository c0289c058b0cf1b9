"""Snakemake's own process without needless work: no pandas, no repeated checksums (issue 12).

Snakemake's process reads the Snakefile, builds the DAG and prepares every job; for our rules it
never needs pandas, numpy or polars, because their params are config values (numbers, text,
lists, dicts). Two places in Snakemake 9.27 import them anyway, only to look for a DataFrame or
array param, and each import of pandas costs that process 0,3-0,4 s:

- the persistence, to see whether a job's params changed (every run, a no-change run included):
  :func:`params_compared_without_pandas`;
- the preamble of a ``script:`` job, written by Snakemake's process before the job starts (the
  first job with params of every run, so right before the render of a narrative-only run):
  :func:`script_params_stored_without_imports`.

A third override writes a line into each script file before Snakemake's preamble that hands the
script to the preloaded process (:mod:`buig_analyse.handover`), and one after it: the job's own
process then no longer imports Snakemake to unpickle its preamble, 0,1 s of every job
(:func:`scripts_handed_over_first`). A fourth has a finished job's input checksums computed
once, not once per output file (:func:`input_checksums_once_per_job`). Five more spare the start
of every run imports it does not need: smart_open for the workflow's own files
(:func:`local_sources_read_without_smart_open`), yte and numpy for plain YAML
(:func:`yte_only_for_templates`), nbformat for a script that is no notebook
(:func:`nbformat_only_for_notebooks`), four of the five listings of the installed modules
(:func:`plugin_modules_listed_once`), and SQLAlchemy and SQLModel for metadata kept in files
(:func:`metadata_in_files_without_sql`, 0,3 s: the largest part of Snakemake's import).

Every override here is guarded: on a Snakemake without the method it replaces it does nothing,
and the tests that inspect Snakemake (tests/unit/test_main_process.py) fail, so an upgrade cannot
silently undo them.

``python -m buig_analyse.main_process`` is Snakemake's command line as ``buig-run`` starts it: the
same as ``python -m snakemake``, except that a run that makes no report (no ``--report...``
argument) does not import Snakemake's built-in HTML report plugin, which its command line
imported at every start only to offer the plugin's options (0,12 s, :func:`main`).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LIBRARIES = ("pandas", "numpy", "polars")


def params_compared_without_pandas() -> bool:
    """Let Snakemake's persistence compare the rules' params without importing pandas (to hash a
    DataFrame param). The builtin serialisation handles config values the same; a DataFrame
    param would count as unrepresentable. False when this Snakemake has no such serialisation."""
    try:
        from snakemake.persistence import PersistenceBase
    except ImportError:  # another Snakemake version: it only costs the import
        return False
    if not hasattr(PersistenceBase, "_serialize_param_builtin"):
        return False
    PersistenceBase._serialize_param = property(lambda self: self._serialize_param_builtin)
    return True


class _NotForTheseThreads:
    """A finder at the head of ``sys.meta_path`` that refuses LIBRARIES to the threads that are
    inside :func:`unloaded_libraries_refused`, and leaves every other import and thread alone."""

    def __init__(self) -> None:
        self.threads: set[int] = set()

    def find_spec(self, name, path=None, target=None):
        if name in LIBRARIES and threading.get_ident() in self.threads:
            raise ModuleNotFoundError(f"{name} is not loaded for this step", name=name)
        return None


_FINDER = _NotForTheseThreads()


@contextmanager
def unloaded_libraries_refused() -> Iterator[None]:
    """In the calling thread, ``import pandas`` (numpy, polars) raises ModuleNotFoundError while
    the library is not loaded in this process; a loaded library imports as always. Other threads
    import as they like meanwhile."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    ident = threading.get_ident()
    _FINDER.threads.add(ident)
    try:
        yield
    finally:
        _FINDER.threads.discard(ident)


def script_params_stored_without_imports() -> bool:
    """Let Snakemake write a script job's params without importing pandas, numpy and polars to
    see whether one is a DataFrame, Series or array. An object of such a type exists only when its
    library is loaded, and a loaded library imports as always, so every such param is still
    found and converted; the import of a library that is not loaded fails at once, as Snakemake
    handles for a library that is not installed. False when this Snakemake has no such method."""
    try:
        from snakemake.iocontainers import Snakemake
    except ImportError:
        return False
    original = getattr(Snakemake, "_safely_store_params", None)
    if original is None:
        return False
    if getattr(original, "_without_imports", False):
        return True

    def _safely_store_params(self, params):
        with unloaded_libraries_refused():
            original(self, params)

    _safely_store_params._without_imports = True
    Snakemake._safely_store_params = _safely_store_params
    return True


def scripts_handed_over_first() -> bool:
    """Let Snakemake write ``handover.FIRST_LINE`` before its preamble and
    ``handover.AFTER_PREAMBLE`` right after it in every Python ``script:`` file while a preloaded
    process is announced in this process's environment (and not switched off), for a job that
    runs in this machine's Python (no container, conda environment or environment modules, whose
    Python may lack this package). Only a plain Python script gets them (not a Xonsh script,
    which inherits the method). Without them the file is Snakemake's own, byte for byte. False
    when this Snakemake has no such method."""
    try:
        from snakemake.script import PythonScript
    except ImportError:
        return False
    original = PythonScript.__dict__.get("write_script")
    if original is None:
        return False
    if getattr(original, "_handed_over_first", False):
        return True

    def write_script(self, preamble, fd):
        from buig_analyse import handover

        own_python = all(
            getattr(self, name, None) is None
            for name in ("container_img", "conda_env", "env_modules")
        )
        announced = os.environ.get(handover.SOCKET_ENV) and not handover.switched_off()
        if type(self) is PythonScript and own_python and announced:
            fd.write(handover.FIRST_LINE.encode())
            preamble += handover.AFTER_PREAMBLE
        original(self, preamble, fd)

    write_script._handed_over_first = True
    PythonScript.write_script = write_script
    return True


# Within one call of PersistenceBase.finished: the checksum of each input file, computed once.
_JOB_CHECKSUMS: ContextVar[dict | None] = ContextVar("buig_job_checksums", default=None)


def input_checksums_once_per_job() -> bool:
    """Let Snakemake's persistence compute a finished job's input checksums once per job, not
    once per output file. Snakemake 9.27 records every input file's checksum in the record of
    each output, and computes all of them again for every output: the validation (24 outputs,
    about 40 inputs) hashed some 1.000 files in Snakemake's own process between two jobs, and a
    national run of 120 drops spent 12 of that process's 26 CPU-seconds on it (issue 12). The
    cache lives for one call of ``finished`` only, in which the job's inputs do not change, so
    each record gets the checksums it got before. False when this Snakemake's persistence or
    files lack these coroutines."""
    import inspect

    try:
        from snakemake.io import _IOFile
        from snakemake.persistence import PersistenceBase
    except ImportError:
        return False
    finished = PersistenceBase.__dict__.get("finished")
    checksum = _IOFile.__dict__.get("checksum")
    if not (inspect.iscoroutinefunction(finished) and inspect.iscoroutinefunction(checksum)):
        return False
    if getattr(finished, "_checksums_once", False):
        return True

    async def finished_once(self, job, *args, **kwargs):
        token = _JOB_CHECKSUMS.set({})
        try:
            return await finished(self, job, *args, **kwargs)
        finally:
            _JOB_CHECKSUMS.reset(token)

    async def checksum_once(self, *args, **kwargs):
        cache = _JOB_CHECKSUMS.get()
        if cache is None:
            return await checksum(self, *args, **kwargs)
        key = (str(self), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = await checksum(self, *args, **kwargs)
        return cache[key]

    finished_once._checksums_once = True
    PersistenceBase.finished = finished_once
    _IOFile.checksum = checksum_once
    return True


def report_plugins_only_installed() -> bool:
    """Let Snakemake's report plugin registry collect the installed report plugins only, without
    importing its built-in HTML reporter (and the report package behind it). False when this
    Snakemake's registry is not the one this was written for."""
    try:
        from snakemake_interface_common.plugin_registry import PluginRegistryBase
        from snakemake_interface_report_plugins.registry import ReportPluginRegistry
    except ImportError:
        return False
    if "collect_plugins" not in ReportPluginRegistry.__dict__:
        return False
    ReportPluginRegistry.collect_plugins = PluginRegistryBase.collect_plugins
    return True


def local_sources_read_without_smart_open() -> bool:
    """Let Snakemake's source cache parse and open the workflow's own files (the Snakefile and its
    includes: local paths or ``file://`` URIs) without smart_open, which it imports only for that,
    with requests, boto3 and paramiko behind it: 0,05 s of every run (issue 12). For a local file
    the result is what smart_open gives (its scheme ``file``; the path with ``file://`` taken off
    and ``~`` expanded; opened by Python's ``open``, as smart_open does with compression off, which
    is how Snakemake asks); any other file goes to Snakemake's own code. False when this
    Snakemake's source cache is not the one this was written for."""
    try:
        from snakemake import sourcecache
    except ImportError:
        return False
    cache = getattr(sourcecache, "SourceCache", None)
    original_parse = getattr(sourcecache, "parse_uri", None)
    original_open = getattr(cache, "_open", None)
    local_file = getattr(sourcecache, "LocalSourceFile", None)
    if None in (cache, original_parse, original_open, local_file):
        return False
    if getattr(original_parse, "local_without_smart_open", False):
        return True
    import collections
    from urllib.parse import urlsplit

    uri = collections.namedtuple("Uri", ["scheme", "uri_path"])  # smart_open's fields, sorted

    def local_path(path_or_uri) -> str | None:
        if isinstance(path_or_uri, os.PathLike):  # the source cache's own copies are Paths
            path_or_uri = os.fspath(path_or_uri)
        if not isinstance(path_or_uri, str) or urlsplit(path_or_uri).scheme not in ("", "file"):
            return None
        if path_or_uri.startswith("file://"):
            path_or_uri = path_or_uri[len("file://") :]
        return os.path.expanduser(path_or_uri)

    def parse_uri(path_or_uri):
        path = local_path(path_or_uri)
        return original_parse(path_or_uri) if path is None else uri("file", path)

    def _open(self, source_file, mode, encoding=None):
        path = None
        if type(source_file) is local_file:
            path = local_path(source_file.get_path_or_uri(secret_free=False))
        if path is None:
            return original_open(self, source_file, mode, encoding)
        try:
            return open(path, mode, encoding=None if "b" in mode else encoding)  # noqa: SIM115
        except Exception as e:  # as Snakemake reports it
            from snakemake.exceptions import WorkflowError

            raise WorkflowError(f"Failed to open source file {path}", e) from e

    parse_uri.local_without_smart_open = True
    sourcecache.parse_uri = parse_uri
    cache._open = _open
    return True


def yte_only_for_templates() -> bool:
    """Let Snakemake read its profile (profiles/*/config.yaml) and the config files without
    importing yte, its YAML template engine, which imports numpy: 0,06 s of every run (issue 12).
    Snakemake has yte template such a file only when it says ``__use_yte__: true``, and otherwise
    takes what ``yaml.load`` with the FullLoader gives. Until the real yte is needed, a stand-in
    named ``yte`` gives exactly that for a plain file; a file with ``__use_yte__``, one that does
    not load (yte reports it, in its own words), any other use of yte, or any other attribute,
    imports the real yte, which then takes the stand-in's place. False when yte is loaded already
    or not installed."""
    from buig_analyse.stand_in import real_module

    def process_yaml(file_or_str, *args, require_use_yte=False, **options):
        if not hasattr(file_or_str, "read"):
            text = file_or_str
        elif file_or_str.seekable():  # read, then back to the start for the real yte
            start = file_or_str.tell()
            text = file_or_str.read()
            file_or_str.seek(start)
        else:
            text = file_or_str = file_or_str.read()
        if require_use_yte and not args and not options:
            import yaml

            try:
                document = yaml.load(text, Loader=yaml.FullLoader)
            except Exception:  # noqa: BLE001 - the real yte reports it
                document = None
            if isinstance(document, dict) and "__use_yte__" not in document:
                return document
        return real_module("yte").process_yaml(
            file_or_str, *args, require_use_yte=require_use_yte, **options
        )

    return _stand_in_placed(
        "yte", {"process_yaml": process_yaml}, "Stand-in for yte until a template needs it."
    )


def nbformat_only_for_notebooks() -> bool:
    """Let Snakemake prepare a ``script:`` job without importing nbformat, the Jupyter notebook
    library: it imports nbformat for every script, to read a notebook's kernel language, and
    uses it only for a ``.ipynb`` file. That was 0,02-0,03 s of Snakemake's process before the
    first script job of every run, the render of a narrative-only run included (issue 12). A
    stand-in named ``nbformat`` holds nothing: the first use of any of its names (a notebook)
    imports the real nbformat, which then takes the stand-in's place. False when nbformat is
    loaded already or not installed."""
    return _stand_in_placed("nbformat", {}, "Stand-in for nbformat until a notebook needs it.")


def _stand_in_placed(name: str, names: dict, doc: str) -> bool:
    """A stand-in (:mod:`buig_analyse.stand_in`) for library ``name`` holding ``names``, in
    ``sys.modules`` until the real one is needed; False when it is loaded already or not
    installed."""
    import importlib.util

    from buig_analyse.stand_in import stand_in

    if name in sys.modules or importlib.util.find_spec(name) is None:
        return False
    sys.modules[name] = stand_in(name, names, doc=doc)
    return True


def plugin_modules_listed_once() -> bool:
    """Let Snakemake's plugin registries (executor, storage, report, logger, scheduler) find their
    plugins in one listing of the installed modules, not one each: every registry lists all
    modules on ``sys.path`` (``pkgutil.iter_modules()``, about 0,01 s for this environment's 400)
    and keeps those with its prefix. The registries are made while the command line is parsed;
    the listing is kept per ``sys.path``, so a path added later is listed anew. False when this
    registry does not list the modules that way."""
    try:
        from snakemake_interface_common import plugin_registry
    except ImportError:
        return False
    real = getattr(plugin_registry, "pkgutil", None)
    if real is None or not hasattr(real, "iter_modules"):
        return False
    if getattr(real, "listed_once", False):
        return True
    import types

    listings: dict[tuple[str, ...], list] = {}

    def iter_modules(path=None, prefix=""):
        if path is not None or prefix:
            return real.iter_modules(path, prefix)
        key = tuple(sys.path)
        if key not in listings:
            listings[key] = list(real.iter_modules())
        return iter(listings[key])

    listed = types.ModuleType("pkgutil", "pkgutil, with iter_modules() listed once per sys.path")
    listed.__getattr__ = lambda name: getattr(real, name)
    listed.iter_modules = iter_modules
    listed.listed_once = True
    plugin_registry.pkgutil = listed
    return True


# Set in a Snakemake process that :func:`metadata_in_files_without_sql` restarted for the database
# backend: that process imports SQLAlchemy and SQLModel as Snakemake does.
SQL_ENV = "BUIG_SNAKEMAKE_SQL"
_ARGS: list[str] = []  # Snakemake's arguments in this process (main), for a restart


def _restart_with_sql() -> None:  # pragma: no cover - replaces the process (tested through it)
    """Run Snakemake again in this process's place, with SQLAlchemy and SQLModel."""
    sys.stdout.flush()
    sys.stderr.flush()
    command = [sys.executable, "-m", "buig_analyse.main_process", *_ARGS]
    os.execve(sys.executable, command, {**os.environ, SQL_ENV: "ja"})


def metadata_in_files_without_sql() -> bool:
    """Let Snakemake keep its metadata in files, its default backend and the one this workflow
    uses, without importing SQLAlchemy and SQLModel: 0,3-0,35 s of every run's start (issue 12).
    Snakemake 9 declares its metadata record as an SQLModel class, with SQLAlchemy column types
    for its lists, and imports its database backend whenever it loads; the file backend only
    builds, reads and dumps the record as a pydantic model. Until they are needed, stand-ins give
    the four names its persistence imports: ``SQLModel`` as SQLModel's base is for a model that
    is no table (a pydantic model that also reads attributes), ``Field`` as pydantic's field
    (the SQLAlchemy column of a table dropped) and ``Column`` and ``JSON``. Any other use of
    either library imports the real one, which then takes its stand-in's place. A run with the
    database backend (``--persistence-backend db``) starts Snakemake again in this process's
    place, with both libraries (:data:`SQL_ENV`), before any job: that backend stores the record
    as a table. False when they are loaded already, or when this Snakemake's persistence does
    not load with the stand-ins (then nothing is changed)."""
    from buig_analyse.stand_in import stand_in

    if os.environ.get(SQL_ENV) or any(
        name in sys.modules for name in ("sqlalchemy", "sqlmodel", "snakemake.persistence")
    ):
        return False
    try:
        import pydantic
    except ImportError:  # pragma: no cover - Snakemake 9 needs it
        return False

    class SQLModel(pydantic.BaseModel):
        """SQLModel's base for a model that is no table."""

        model_config = pydantic.ConfigDict(from_attributes=True)

    def field(*args, sa_column=None, **kwargs):
        return pydantic.Field(*args, **kwargs)

    class DbPersistence:
        """Snakemake's database backend: Snakemake started again with SQLAlchemy and SQLModel."""

        def __init__(self, *args, **kwargs):
            _restart_with_sql()

    stand_ins = {
        "sqlalchemy": stand_in(
            "sqlalchemy", {"Column": lambda *args, **kwargs: None, "JSON": None}
        ),
        "sqlmodel": stand_in("sqlmodel", {"SQLModel": SQLModel, "Field": field}),
        # not the real one while the record is the stand-in's: it makes the record a table
        "snakemake.persistence.db": stand_in(
            "snakemake.persistence.db", {"DbPersistence": DbPersistence}, real=False
        ),
    }
    sys.modules.update(stand_ins)
    try:
        from snakemake.persistence import MetadataRecord

        loaded = issubclass(MetadataRecord, SQLModel)
    except Exception:  # noqa: BLE001 - another Snakemake: it loads as it is
        loaded = False
    if not loaded:
        for name in [*stand_ins, "snakemake.persistence"]:
            sys.modules.pop(name, None)
    return loaded


def main(argv: list[str] | None = None) -> None:
    """Snakemake's command line (see the module's docstring)."""
    args = sys.argv[1:] if argv is None else argv
    _ARGS[:] = args
    if not any(arg.startswith("--report") for arg in args):
        report_plugins_only_installed()
    local_sources_read_without_smart_open()
    yte_only_for_templates()
    nbformat_only_for_notebooks()
    plugin_modules_listed_once()
    metadata_in_files_without_sql()
    from snakemake.cli import main as snakemake_main

    snakemake_main(args)


if __name__ == "__main__":  # pragma: no cover - run by buig-run
    # From the module under its own name, the one the Snakefile imports (one copy of its state).
    from buig_analyse import main_process

    main_process.main()
