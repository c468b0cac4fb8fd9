"""`copier copy` from a tagged repository, then `copier update` to a newer tag."""

from __future__ import annotations

import subprocess
from pathlib import Path

import copier
import yaml

from .conftest import copy_template


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-m", message)


def test_copy_then_update_to_a_newer_tag(tmp_path: Path) -> None:
    template = copy_template(tmp_path / "template")
    git(template, "init", "-q", "-b", "main")
    commit_all(template, "template v1")
    git(template, "tag", "v1.0.0")

    project = tmp_path / "project"
    copier.run_copy(
        str(template),
        str(project),
        data={"stack": "fastapi", "database": "sqlite"},
        defaults=True,
        quiet=True,
        unsafe=False,
    )
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["database"] == "sqlite"
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "generated")

    # The template improves: a new editorconfig rule ships in v2.
    editorconfig = template / "templates" / "_shared" / "editorconfig"
    editorconfig.write_text(
        editorconfig.read_text() + "\n[*.md]\ntrim_trailing_whitespace = false\n"
    )
    commit_all(template, "template v2")
    git(template, "tag", "v2.0.0")

    copier.run_update(str(project), defaults=True, overwrite=True, quiet=True, unsafe=False)
    assert "[*.md]" in (project / ".editorconfig").read_text()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v2.0.0"
    assert answers["database"] == "sqlite"
