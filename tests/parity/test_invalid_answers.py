"""Every front door refuses the same bad answers before writing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import copier
import pytest

BAD_ANSWERS = [
    {"project_slug": "class"},
    {"project_slug": "fastapi"},
    {"project_slug": "Bad-Slug"},
    {"author_email": "not-an-email"},
    {"project_name": "two\nlines"},
    {"description": "{{ 7 * 7 }}"},
]


# cookiecutter renders answers as templates before any hook sees them (documented behaviour),
# so template delimiters never reach its hook: `{{ 7 * 7 }}` arrives as the valid text `49`.
COOKIECUTTER_BAD = [a for a in BAD_ANSWERS if "description" not in a]


@pytest.mark.parametrize("answers", COOKIECUTTER_BAD, ids=lambda a: "-".join(a))
def test_cookiecutter_refuses_and_leaves_nothing(
    answers: dict[str, str], cookies: Any, template_copy: Path
) -> None:
    template = str(template_copy / "templates" / "fastapi")
    result = cookies.bake(extra_context=answers, template=template)
    assert result.exit_code != 0
    assert result.project_path is None or not Path(result.project_path).exists()


def test_cookiecutter_renders_delimiters_in_answers(cookies: Any, template_copy: Path) -> None:
    template = str(template_copy / "templates" / "fastapi")
    result = cookies.bake(extra_context={"description": "{{ 7 * 7 }}"}, template=template)
    assert result.exit_code == 0
    assert 'description = "49"' in (Path(result.project_path) / "pyproject.toml").read_text()


@pytest.mark.parametrize("answers", BAD_ANSWERS, ids=lambda a: "-".join(a))
def test_copier_refuses_and_leaves_nothing(
    answers: dict[str, str], template_copy: Path, tmp_path: Path
) -> None:
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=next(iter(answers))):
        copier.run_copy(
            str(template_copy),
            str(destination),
            data={"stack": "fastapi", **answers},
            defaults=True,
            quiet=True,
            unsafe=False,
        )
    assert not destination.exists() or not any(destination.iterdir())
