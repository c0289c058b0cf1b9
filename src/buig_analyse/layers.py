"""The layers of the package as the workflow sees them: a rule depends on the code of its layer
and the layers below it (workflow/rules/common.smk, ``package_sources``), so a change in the
report code does not re-run the analyses; buig-run reads the same parts to guess whether a run
will validate a drop (:func:`buig_analyse.run.validation_due`)."""

from __future__ import annotations

# The parts of src/buig_analyse (modules and folders) each layer's rules depend on.
SHARED = ("errors.py", "io.py", "lazy.py", "runner.py", "stand_in.py")  # helpers of every layer
LAYERS = {
    "ingest": (*SHARED, "ingest"),
    "analysis": (*SHARED, "ingest", "register", "analysis"),
    "report": (*SHARED, "ingest", "register", "analysis", "report"),
}
