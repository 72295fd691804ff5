"""The tree is the pipeline: each top-level package is this repository's own.

Names like ``validators`` and ``storage`` are also PyPI distributions; if one were installed
and shadowed ours, imports would succeed and do something else entirely.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PACKAGES = ["clearway", "intake", "extractors", "validators", "linking", "declarations", "storage",
            "evaluation", "handoff", "notices", "web"]  # fmt: skip
REQUIRED = ["dags", "extractors", "validators", "storage", "tests",
            "docker-compose.yml", "pyproject.toml", "README.md"]  # fmt: skip


def _resolves_here(name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} is not importable"
    origin = Path(spec.origin).resolve()
    assert origin == REPO / name / "__init__.py", f"{name} resolves to {origin}, not this repo"


@pytest.mark.parametrize("name", PACKAGES)
def test_package_is_this_repository(name: str) -> None:
    _resolves_here(name)


def test_synth_is_this_repository() -> None:
    if not (REPO / "synth").is_dir():
        pytest.skip("synth/ does not exist yet")
    _resolves_here("synth")


@pytest.mark.parametrize("path", REQUIRED)
def test_required_path_exists(path: str) -> None:
    assert (REPO / path).exists(), f"{path} is missing from the repository root"


def test_scripts_are_executable() -> None:
    for script in ("scripts/setup", "scripts/test", "scripts/demo", ".ci/run"):
        assert (REPO / script).stat().st_mode & 0o111, f"{script} is not executable"
