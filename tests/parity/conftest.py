"""Shared helpers for the front-door parity tests."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from stackplate import render

ROOT = Path(__file__).resolve().parents[2]
# The engine's own answers file is the one allowed difference between front doors.
ENGINE_FILES = {".copier-answers.yml"}
Tree = dict[str, tuple[bytes, int] | None]


def read_tree(root: Path) -> Tree:
    """Every file (content and mode bits) and every directory (None) below `root`."""
    tree: Tree = {}
    for path in sorted(root.rglob("*")):
        relpath = path.relative_to(root).as_posix()
        if relpath in ENGINE_FILES:
            continue
        if path.is_dir():
            tree[relpath + "/"] = None
        else:
            tree[relpath] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    return tree


def cli_tree(answers: dict[str, str], tmp_path: Path) -> Tree:
    return read_tree(render.write_project(answers, tmp_path / "cli"))


def copy_template(destination: Path) -> Path:
    """The template as a plain directory: copier renders it without cloning a repository."""
    for name in ("templates", "copier.yml", "cookiecutter.json"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, symlinks=True)
        else:
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def template_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_template(tmp_path_factory.mktemp("template"))
