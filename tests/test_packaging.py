"""One source of truth for dependencies: pyproject ranges, requirements pins, environment.yml."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _declared() -> list[Requirement]:
    project = _pyproject()["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(r) for r in reqs]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert match, f"requirements.txt line is not an exact pin: {line!r}"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not pinned in requirements.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.txt pins {req.name}=={pins[name]}, outside pyproject's {req.specifier}"
        )


def test_environment_yml_installs_the_pins_and_nothing_else():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda_deps = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    names = {re.split(r"[=<>! ]", d, maxsplit=1)[0] for d in conda_deps}
    assert names == {"python", "pip"}, f"conda must only bring python and pip, not {names}"
    assert pip_sections == [["-r requirements.txt", "-e .[dev]"]]
    python = next(d for d in conda_deps if d.startswith("python"))
    version = python.split("=", 1)[1]
    assert SpecifierSet(_pyproject()["project"]["requires-python"]).contains(version + ".0")


def test_makefile_installs_the_same_pins():
    makefile = (REPO / "Makefile").read_text()
    assert 'pip install -r requirements.txt -e ".[dev]"' in makefile
    assert re.search(r"^\$\(STAMP\): pyproject.toml requirements.txt$", makefile, re.M)
