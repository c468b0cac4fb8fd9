"""Template hygiene rules that keep the three front doors identical and projects lint-clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stackplate import render
from stackplate.spec import load

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SPEC = load()
SLUG = re.compile(r"\{\{\s*(cookiecutter\.)?(project_)?slug\s*\}\}")
MAX_SLUG = 40
LINE_LENGTH = 100
# Engine-specific Jinja would render in one front door and fail (or differ) in another.
ENGINE_ONLY = re.compile(
    r"\{%-?\s*now\b|\|\s*(slugify|jsonify|to_nice_yaml|regex_\w+)|random_ascii_string"
)


def template_files() -> list[Path]:
    return [
        path
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        and "_hooks" not in path.parts
        and not path.is_symlink()
        and not any(part == "templates" for part in path.relative_to(TEMPLATES).parts[1:2])
    ]


def test_no_engine_specific_jinja() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in template_files()
        if path.name != "copier-answers.yml"
        and ENGINE_ONLY.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_lines_with_the_slug_fit_the_longest_slug() -> None:
    """A slug may be 40 characters: lines naming it must leave room so ruff never rewraps."""
    too_long = []
    for path in template_files():
        if path.suffix != ".py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SLUG.search(line) and len(SLUG.sub("", line)) + MAX_SLUG > LINE_LENGTH:
                too_long.append(f"{path.relative_to(ROOT)}:{number}")
    assert too_long == []


def test_templates_use_lf_line_endings() -> None:
    assert [str(p) for p in template_files() if b"\r\n" in p.read_bytes()] == []


# Quotes, backslashes, emoji and wide characters at the maximum length, in every text answer.
ODD_TEXT = {
    "project_name": ('Ünïcode "Quoted" \\ 🚀 ' + "名" * 80)[:80],
    "description": ('It\'s "odd" \\ <b>&</b> 🚀 ' + "字" * 200)[:200],
    "author_name": 'José "Pepe" O\'Hara \\ Jr.',
}


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
@pytest.mark.parametrize("stack", SPEC.stacks)
@pytest.mark.parametrize("slug", ["a", "z" * MAX_SLUG, "tests_zzz"])
def test_rendered_python_is_ruff_clean_for_short_and_long_slugs_and_odd_text(
    tmp_path: Path, stack: str, slug: str
) -> None:
    given = {"project_slug": slug, **ODD_TEXT}
    if SPEC.option("worker").applies_to(stack):
        given["worker"] = "celery"
    project = render.write_project(SPEC.default_answers(stack, given), tmp_path)
    commands = (
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
    )
    for command in commands:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert metadata["description"] == ODD_TEXT["description"]
    assert metadata["authors"][0]["name"] == ODD_TEXT["author_name"]


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=0, max_size=120
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=printable, description=printable, author=printable)
def test_any_text_answer_gives_a_valid_project_or_a_clear_error(
    name: str, description: str, author: str
) -> None:
    answers = {
        "stack": "fastapi",
        **SPEC.default_answers("fastapi", {"project_name": name or "x", "project_slug": "svc"}),
        "description": description,
        "author_name": author,
    }
    problems = SPEC.problems(answers)
    if problems:
        assert all(p.startswith("--") and ": " in p for p in problems)
        return
    tree = render.render_tree(answers)
    project = tomllib.loads(tree["pyproject.toml"].content.decode())["project"]
    assert project["description"] == description
    assert project["authors"][0]["name"] == author
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for relpath, rendered in tree.items():
            if relpath.endswith(".py"):
                compile(rendered.content, relpath, "exec")
