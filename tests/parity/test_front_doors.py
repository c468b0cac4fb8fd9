"""cookiecutter, copier and the stackplate CLI give identical trees for every combination."""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path
from typing import Any

import copier
import pytest
from stackplate import spec as spec_module

from .conftest import cli_tree, read_tree

SPEC = spec_module.load()
COMBINATIONS = list(SPEC.combinations())
ODD_ANSWERS = {
    "project_name": 'Ünïcode "Quoted" O\'Brien \\ Service',
    "project_slug": "odd_service",
    "description": "Handles <b>&</b> 'quotes', \"double\", back\\slashes and ünïcode — safely.",
    "author_name": 'José "Pepe" O\'Hara \\ Jr.',
    "author_email": "jose.o-hara+dev@example.co.uk",
}


def combination_id(combination: dict[str, str]) -> str:
    return "-".join(combination.values())


def answers_for(combination: dict[str, str], **overrides: str) -> dict[str, str]:
    given = {k: v for k, v in combination.items() if k != "stack"}
    return SPEC.default_answers(combination["stack"], {**given, **overrides})


def bake_cookiecutter(cookies: Any, template: Path, answers: dict[str, str]) -> dict[str, Any]:
    extra = {k: v for k, v in answers.items() if k != "stack"}
    result = cookies.bake(
        extra_context=extra, template=str(template / "templates" / answers["stack"])
    )
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    return read_tree(Path(result.project_path))


def run_copier(template: Path, answers: dict[str, str], destination: Path) -> dict[str, Any]:
    copier.run_copy(
        str(template), str(destination), data=answers, defaults=True, quiet=True, unsafe=False
    )
    assert (destination / ".copier-answers.yml").is_file()
    return read_tree(destination)


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_cookiecutter_matches_cli(
    combination: dict[str, str], cookies: Any, template_copy: Path, tmp_path: Path
) -> None:
    answers = answers_for(combination)
    assert bake_cookiecutter(cookies, template_copy, answers) == cli_tree(answers, tmp_path)


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_copier_matches_cli(
    combination: dict[str, str], template_copy: Path, tmp_path: Path
) -> None:
    answers = answers_for(combination)
    copied = run_copier(template_copy, answers, tmp_path / "copier")
    assert copied == cli_tree(answers, tmp_path)


@pytest.mark.parametrize("stack", SPEC.stacks)
def test_odd_answers_agree_and_stay_valid(
    stack: str, cookies: Any, template_copy: Path, tmp_path: Path
) -> None:
    """Quotes, backslashes, HTML and unicode in text answers: same bytes, still valid files."""
    answers = SPEC.default_answers(stack, ODD_ANSWERS)
    assert SPEC.problems(answers) == []
    expected = cli_tree(answers, tmp_path)
    assert bake_cookiecutter(cookies, template_copy, answers) == expected
    assert run_copier(template_copy, answers, tmp_path / "copier") == expected
    content, _ = expected["pyproject.toml"] or (b"", 0)
    project = tomllib.loads(content.decode())["project"]
    assert project["description"] == ODD_ANSWERS["description"]
    assert project["authors"][0]["name"] == ODD_ANSWERS["author_name"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an invalid escape from user text would warn
        for relpath, entry in expected.items():
            if relpath.endswith(".py") and entry is not None:
                compile(entry[0], relpath, "exec")
