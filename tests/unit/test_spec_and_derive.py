"""The option spec is coherent and every derived file matches it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from stackplate import derive, matrix, render, rules
from stackplate.spec import load

ROOT = Path(__file__).resolve().parents[2]
SPEC = load()


def test_derived_files_are_up_to_date() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, content in derive.derived_files(SPEC, ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run `python -m stackplate.derive` and commit the result"


def test_choice_defaults_are_choices_and_every_option_explains_itself() -> None:
    for option in SPEC.options:
        assert option.prompt
        assert option.help
        if option.kind == "choice":
            assert option.default in option.choices, option.name


def test_stack_cookiecutter_json_lists_the_default_choice_first() -> None:
    for stack in SPEC.stacks:
        data = json.loads((ROOT / "templates" / stack / "cookiecutter.json").read_text())
        assert data["database"][0] == SPEC.option("database").default
        assert data["__stack"] == stack
        assert ("worker" in data) == SPEC.option("worker").applies_to(stack)


def test_file_rules_name_real_options_and_real_files() -> None:
    """A rule for an option the stack does not have, or for no file at all, is a dead rule."""
    for rule in SPEC.files:
        stacks = rule.get("stacks", SPEC.stacks)
        for name in rule["keep_when"]:
            option = SPEC.option(name)
            assert all(option.applies_to(stack) for stack in stacks), (name, stacks)
            assert set(rule["keep_when"][name]) <= set(option.choices)
        for pattern in rule["paths"]:
            assert any(
                rules.path_matches(name, pattern)
                for stack in stacks
                for name in template_paths(stack)
            ), f"rule path {pattern!r} matches no template file"


def template_paths(stack: str) -> list[str]:
    """The stack's template paths, with the slug directory standing as `slug`."""
    root = render.template_root() / "templates" / stack / render.PROJECT_DIR
    return [
        re.sub(r"\{\{\s*cookiecutter\.project_slug\s*\}\}", "slug", p.relative_to(root).as_posix())
        for p in root.rglob("*")
    ]


def test_combinations_are_the_full_cross_product() -> None:
    combinations = list(SPEC.combinations())
    per_web_stack = 3 * 2 * 2 * 3 * 2 * 4  # database, worker, python, ci, docker, license
    per_worker_stack = 3 * 2 * 3 * 2 * 4
    web = [s for s in SPEC.stacks if SPEC.option("worker").applies_to(s)]
    assert (
        len(combinations)
        == len(web) * per_web_stack + (len(SPEC.stacks) - len(web)) * per_worker_stack
    )
    assert len({json.dumps(c, sort_keys=True) for c in combinations}) == len(combinations)


def test_runtime_combinations_have_distinct_env_names() -> None:
    names = [matrix.env_name(c) for c in matrix.runtime_combinations()]
    assert len(names) == len(set(names))
    assert "fastapi-postgresql-py312" in names
    for name in names:
        assert matrix.env_name(matrix.by_env_name(name)) == name


@pytest.mark.skipif(shutil.which("tox") is None, reason="tox is not installed")
def test_tox_has_one_env_per_runtime_combination() -> None:
    listed = subprocess.run(
        ["tox", "-l"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    stacks = SPEC.stacks
    tox_runtime = {name for name in listed if name.split("-")[0] in stacks}
    expected = {matrix.env_name(c) for c in matrix.runtime_combinations()}
    assert tox_runtime == expected


def test_hooks_embed_the_rules_module_verbatim() -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")
    for hook in ("pre_gen_project.py", "post_gen_project.py"):
        assert source in (ROOT / "templates" / "_hooks" / hook).read_text(encoding="utf-8")
