"""One source for the dependencies: requirements.txt -> requirements.lock -> environment.yml.

`make lock` compiles requirements.txt into requirements.lock and writes environment.yml from it
with tools/write_environment.py; pyproject.toml declares the same packages with lower bounds.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _write_environment():
    spec = importlib.util.spec_from_file_location(
        "write_environment", ROOT / "tools" / "write_environment.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins(path: Path) -> dict[str, str]:
    """{normalized name: version} of the `name==version` lines of a requirements file."""
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _pyproject_requirements() -> dict[str, list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {group: [Requirement(text) for text in texts] for group, texts in groups.items()}


def test_environment_yml_is_generated_from_the_lock():
    expected = _write_environment().render((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    actual = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert actual == expected, "environment.yml is generated: run `make lock`, do not edit it"


def test_top_level_pins_are_locked_at_the_same_version():
    lock = _pins(ROOT / "requirements.lock")
    top = _pins(ROOT / "requirements.txt")
    assert top, "requirements.txt pins nothing"
    wrong = {
        name: (version, lock.get(name))
        for name, version in top.items()
        if lock.get(name) != version
    }
    assert not wrong, f"requirements.txt pin != requirements.lock (run `make lock`): {wrong}"


def test_pyproject_dependencies_are_in_the_lock():
    lock = _pins(ROOT / "requirements.lock")
    groups = _pyproject_requirements()
    assert groups["dependencies"], "pyproject.toml declares no runtime dependencies"
    for group, requirements in groups.items():
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in lock, (
                f"pyproject.toml {group}: {requirement.name} is not in requirements.lock"
            )
            assert requirement.specifier.contains(lock[name], prereleases=True), (
                f"pyproject.toml {group}: {requirement} excludes the locked {name}=={lock[name]}"
            )


def test_pyproject_and_requirements_txt_name_the_same_packages():
    declared = {
        canonicalize_name(requirement.name)
        for requirements in _pyproject_requirements().values()
        for requirement in requirements
    }
    assert declared == set(_pins(ROOT / "requirements.txt"))
