"""The package's folders are its layers, and imports point down only:
report -> analysis -> register -> ingest (errors, io, runner, lazy and stand_in are shared
helpers; lazy imports pandas on first use, stand_in holds a library module's names until it is
needed).
A rule reaches the domain in two hops: rule -> its script -> one analyse_/ingest_/render_ function."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "buig_analyse"
# Which layers each layer may import (itself included).
SHARED = {"errors", "lazy", "stand_in"}
ALLOWED = {
    "ingest": {"ingest", *SHARED},
    "register": {"register", "ingest", *SHARED},
    "analysis": {"analysis", "register", "ingest", *SHARED},
    "report": {"report", "analysis", "register", "ingest", *SHARED},
}
# Modules of ingest that parse raw files: nothing outside ingest may use them.
PARSING = {"readers", "parse", "dutch_numbers", "validate", "drop_meta"}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [m for m in found if m.startswith("buig_analyse.")]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_point_down(layer):
    wrong = []
    for path in sorted((PACKAGE / layer).glob("*.py")):
        for module in imports(path):
            target = module.split(".")[1]
            if target in ("io", "runner"):
                wrong.append(f"{path.name} imports {module} (I/O belongs in the rule scripts)")
            elif target not in ALLOWED[layer] and target != "__init__":
                wrong.append(f"{path.name} imports {module}")
            elif layer != "ingest" and target == "ingest" and module.split(".")[-1] in PARSING:
                if module != "buig_analyse.ingest.dutch_numbers" or layer != "register":
                    wrong.append(f"{path.name} imports ingest's parsing code {module}")
    assert wrong == []


def test_no_relative_imports_between_layers():
    relative = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if re.search(r"^\s*from \.\.", p.read_text(encoding="utf-8"), re.M)
    ]
    assert relative == []


def test_every_rule_script_calls_one_domain_function():
    """Two hops: each script imports the package's io/runner/warm and exactly one domain function."""
    for script in sorted((ROOT / "workflow" / "scripts").glob("*.py")):
        domain = [m for m in imports(script) if m.split(".")[1] not in ("io", "runner", "warm")]
        assert domain, f"{script.name} calls no domain function"
        assert len({m for m in domain}) == 1, f"{script.name} reaches into {domain}"


def test_every_rule_script_first_hands_itself_to_the_preloaded_process():
    """Issue 12: a script that imports before ``run_in_worker(snakemake)`` pays its imports again
    (it still works, only slower), so the call is the first statement after the docstring."""
    import ast

    for script in sorted((ROOT / "workflow" / "scripts").glob("*.py")):
        body = ast.parse(script.read_text(encoding="utf-8")).body
        first, second = (ast.unparse(node) for node in body[1:3])
        assert (first, second) == (
            "from buig_analyse.warm import run_in_worker",
            "run_in_worker(snakemake)",
        ), script.name


def test_every_rule_has_a_log_and_a_script_or_shell():
    for smk in sorted((ROOT / "workflow" / "rules").glob("*.smk")):
        for block in re.split(r"\n(?=rule )", smk.read_text(encoding="utf-8"))[1:]:
            name = block.split(":")[0].removeprefix("rule ").strip()
            assert "    log:" in block, f"rule {name} has no log"
