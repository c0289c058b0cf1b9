"""``buig-run``: run the workflow (Snakemake with the project's profile) so that a second run in
the same folder gets a clear Dutch message instead of Snakemake's lock error, and a run that was
killed needs no manual unlock: the lock is an operating-system lock that ends with the process.

Every argument is passed to Snakemake (for example a target or ``--dry-run``). With a SLURM
profile or ``--executor slurm`` it puts the folder with Snakemake's SLURM plugins on PYTHONPATH:
`make` installs them apart (``SLURM_PLUGINS``), because Snakemake imports every plugin it finds
at each start and the SLURM plugin imports pandas then, 0,3-0,4 s of every local run (issue 12).
For a local run with jobs it starts the preloaded process (buig_analyse.warm) before Snakemake,
so that process imports during Snakemake's own start, and ends it after the run; Ctrl-C reaches
Snakemake, which stops its jobs, and buig-run waits for it.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

from buig_analyse import SLURM_PLUGINS, warm
from buig_analyse.layers import LAYERS

LOCK = Path(".snakemake") / "buig-run.lock"
# "<fd>:<pid>": the file descriptor, in Snakemake's process, through which the workflow tells
# buig-run (process <pid>) that it ran to its end (onsuccess or onerror: workflow_ended). Without
# that word, a failed Snakemake stopped before the workflow began, and the profile's quiet console
# showed no reason. A process that is not buig-run's child (a job on a cluster node, which gets
# the environment too) writes nothing, so it never touches a descriptor of its own.
ENDED_ENV = "BUIG_WORKFLOW_EINDE_FD"
NOT_BEGUN = (
    "buig-run: Snakemake stopte met code {code} voordat de workflow begon; de console toont de "
    "reden niet (quiet in het profiel). Meestal ligt het aan de opdracht: een bestand dat er niet "
    "is, een onbekende optie, of een doel na --configfile (dat leest elk woord erna als "
    "configuratiebestand; zet het doel ervoor). Dezelfde opdracht met --quiet progress erachter "
    "toont de melding van Snakemake."
)


def workflow_ended(env: dict[str, str] | None = None) -> bool:
    """For the workflow's onsuccess and onerror: tell buig-run the workflow ran to its end.
    Whether it was told (only by buig-run's own child, through a pipe)."""
    import stat

    number, _, parent = (os.environ if env is None else env).get(ENDED_ENV, "").partition(":")
    if not (number.isdigit() and parent.isdigit()) or os.getppid() != int(parent):
        return False
    try:
        if not stat.S_ISFIFO(os.fstat(int(number)).st_mode):
            return False
        os.write(int(number), b".")
    except OSError:  # closed: nothing to tell
        return False
    return True


def began(read_end: int) -> bool:
    """Whether the workflow told (workflow_ended) through the pipe whose ``read_end`` this is."""
    os.set_blocking(read_end, False)
    try:
        return bool(os.read(read_end, 16))
    except BlockingIOError:
        return False


def executor(args: list[str]) -> str:
    """The executor these Snakemake arguments run the jobs through: ``--executor NAME``, else a
    profile's ``executor:`` (config.yaml), else ``local``."""
    for number, arg in enumerate(args):
        name, _, value = arg.partition("=")
        if not value and number + 1 < len(args):
            value = args[number + 1]
        if name in ("--executor", "-e") and value:
            return value
        if name in ("--workflow-profile", "--profile") and value:
            config = Path(value) / "config.yaml"
            if config.is_file():
                import yaml

                settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
                if isinstance(settings, dict) and settings.get("executor"):
                    return str(settings["executor"])
    return "local"


def uses_slurm(args: list[str]) -> bool:
    """Whether these Snakemake arguments run the jobs through the SLURM executor: ``--executor
    slurm`` or a profile whose config.yaml says ``executor: slurm``."""
    return executor(args) == "slurm"


def environment(args: list[str], base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Snakemake with ``args``: SLURM_PLUGINS first on PYTHONPATH when the run
    uses SLURM (the jobs on the nodes inherit it) and the folder exists."""
    env = dict(os.environ if base is None else base)
    if uses_slurm(args) and SLURM_PLUGINS.is_dir():
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(SLURM_PLUGINS), env.get("PYTHONPATH", "")) if p
        )
    return env


# Snakemake arguments of a run that starts no job: no preloaded process for it.
NO_JOBS = frozenset(
    (
        "-n", "--dry-run", "--dryrun", "-l", "--list", "--list-rules", "--list-target-rules",
        "--lt", "--lint", "-S", "--summary", "-D", "--detailed-summary", "--unlock",
        "--cleanup-metadata", "--cm", "--delete-all-output", "--delete-temp-output", "--dag",
        "--rulegraph", "--filegraph", "--d3dag", "--report", "-t", "--touch", "-v", "--version",
        "-h", "--help", "--list-changes", "--lc",
    )
)  # fmt: skip


def preloads(args: list[str], env: dict[str, str] | None = None, root: Path = Path()) -> bool:
    """Whether ``buig-run`` starts the preloaded process (buig_analyse.warm) before Snakemake: for
    a local run with jobs, unless BUIG_VOORLADEN=nee. Started here, it imports during Snakemake's
    own start (about 0,8 s), so the first job finds it ready; the workflow's onstart then starts
    none of its own (issue 12)."""
    env = os.environ if env is None else env
    if warm.switched_off(env):
        return False
    if executor(args) != "local" or warm.inherited(env):
        return False
    if any(arg.split("=", 1)[0] in NO_JOBS for arg in args):
        return False
    # Short options given together (-np): any one of them that starts no job.
    letters = {arg[1:] for arg in NO_JOBS if len(arg) == 2}
    if any(arg[:1] == "-" and arg[1:].isalpha() and letters & set(arg[1:]) for arg in args):
        return False
    return not published_and_unchanged(args, root)


# Arguments that leave what a run builds as it is (with their values).
PLAIN = frozenset(("--cores", "-c", "--jobs", "-j"))
# What the workflow reads besides the drops and the reference data.
WORKFLOW_PARTS = ("Snakefile", "src", "workflow", "reports", "config", "profiles")


def published_and_unchanged(args: list[str], root: Path = Path()) -> bool:
    """Whether this run will most likely find nothing to do: no target or option that changes what
    it builds, and every drop has a publication record newer than every file the workflow reads
    (the drops, the reference data, the config, the templates, the code). Then buig-run starts no
    preloaded process: such a run gains nothing from it, and its imports beside Snakemake's start
    cost it about 0,1 s (issue 12). Only that hangs on this guess: when it is wrong, Snakemake
    still runs the jobs, in processes of their own or through a preloaded process from onstart."""
    plain = [arg for arg in args if not arg.lstrip("-").isdigit()]
    if any(arg.split("=", 1)[0] not in PLAIN for arg in plain):
        return False
    folders = _folders(root)
    if folders is None:
        return False
    drops, results, reference = folders
    try:
        published = min(
            (results / drop.parent.name / drop.name / "gepubliceerd.json").stat().st_mtime
            for drop in drops
        )
    except (OSError, ValueError):  # a drop without a publication, or no drop at all
        return False
    read = [*drops, reference, *(root / part for part in WORKFLOW_PARTS)]
    return all(_newest_change(path) < published for path in read)


def validation_due(root: Path = Path()) -> bool:
    """Whether this run will most likely validate a drop: some drop has no validated tables
    (its staging manifest) newer than every file its validation reads (the drop's files apart
    from its narrative, the reference data, the ingest code). Then the preloaded process imports
    the data stage first: the validation is the first job, and it came about 0,3 s before the data
    stage was in, and imported the rest of it itself (issue 12). Otherwise, for example after a
    change of the narrative alone, it imports the report stage first. Only the order of the
    imports hangs on this guess; when it is wrong, a job imports what it misses itself."""
    folders = _folders(root)
    if folders is None:
        return True
    drops, results, reference = folders
    code = [root / "src/buig_analyse" / part for part in LAYERS["ingest"]]
    read = max(_newest_change(path) for path in (reference, *code))
    for drop in drops:
        manifest = results / drop.parent.name / drop.name / "staging/processed/manifest.json"
        try:
            validated = manifest.stat().st_mtime
        except OSError:
            return True
        if max(read, _newest_change(drop, leave_out="narratief")) >= validated:
            return True
    return False


def _folders(root: Path) -> tuple[list[Path], Path, Path] | None:
    """The drops, the results folder and the reference folder of the project's config, or None
    when the config cannot be read."""
    import yaml

    try:
        config = yaml.safe_load((root / "config/config.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(config, dict):
        return None
    raw = root / str(config.get("raw_dir", "data/raw"))
    results = root / str(config.get("results_dir", "results"))
    reference = root / str(config.get("reference_dir", "data/reference"))
    return sorted(path.parent for path in raw.glob("*/*/drop.yaml")), results, reference


def _newest_change(path: Path, leave_out: str = "__pycache__") -> float:
    """The newest modification time of ``path`` and everything under it (0 when absent), leaving
    out the folders named ``leave_out`` (and always __pycache__)."""
    newest = 0.0
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = [name for name in subfolders if name not in ("__pycache__", leave_out)]
        for name in [".", *files]:
            try:
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
            except OSError:
                pass
    try:
        return max(newest, path.stat().st_mtime)
    except OSError:
        return newest


def preloaded_process(args: list[str]) -> warm.Worker | None:
    """The preloaded process for this run (see preloads), or None; also None when it cannot be
    started (no room for its folder, a log folder that cannot be written): the run goes on
    without it, each job in a process of its own."""
    if not preloads(args):
        return None
    try:
        return warm.start(
            Path("logs") / "voorgeladen_proces.log", report_first=not validation_due(), fork=True
        )
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    LOCK.parent.mkdir(exist_ok=True)
    with open(LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "onbekend"
            print(
                "Er loopt al een run van buig-analyse in deze map (proces "
                f"{holder}). Wacht tot die klaar is en start dan opnieuw; er is niets gewijzigd.",
                file=sys.stderr,
            )
            return 3
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        # Snakemake's own lock is replaced by this one: it does not survive a killed run.
        # Snakemake's command line, without its HTML report plugin unless asked (main_process).
        command = [sys.executable, "-m", "buig_analyse.main_process", "--nolock", *args]
        worker = None
        read_end, write_end = os.pipe()
        try:
            worker = preloaded_process(args)
            env = {**environment(args), ENDED_ENV: f"{write_end}:{os.getpid()}"}
            try:
                process = subprocess.Popen(command, env=env, pass_fds=(write_end,))
            finally:
                os.close(write_end)  # Snakemake's process holds its own copy
            # A stop request (a CI cancel, `timeout`, a closed terminal) goes to Snakemake, which
            # stops its jobs; buig-run and its lock stay until Snakemake has ended.
            stopped = []

            def forward(sent, _frame) -> None:
                stopped.append(sent)
                process.send_signal(sent)

            for number in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(number, forward)
            while True:
                try:
                    code = process.wait()
                    break
                except KeyboardInterrupt:  # Ctrl-C reached Snakemake and its jobs too: let it
                    stopped.append(signal.SIGINT)  # stop them and remove what they left
                    continue  # incomplete, then exit
            if code > 0 and not stopped and not began(read_end):
                print(NOT_BEGUN.format(code=code), file=sys.stderr)
            return code
        except KeyboardInterrupt:  # Ctrl-C before Snakemake started: nothing was done
            return 130
        finally:
            warm.stop(worker)
            os.close(read_end)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
