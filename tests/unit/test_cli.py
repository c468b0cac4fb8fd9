"""The CLI: defaults that work, clear errors with exit code 2, never a half-written directory."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from stackplate import cli, render
from stackplate.spec import load

SPEC = load()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_with_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "My Service", "--no-input", "--output-dir", str(tmp_path))
    assert code == 0
    project = tmp_path / "my_service"
    assert str(project) in out
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == "my-service"
    assert (project / "src" / "my_service" / "main.py").is_file()
    assert not any(p.name.startswith(".my_service.") for p in tmp_path.iterdir())


def test_flags_reach_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys,
        "new",
        "Billing API",
        "--stack",
        "fastapi",
        "--database",
        "sqlite",
        "--ci",
        "none",
        "--no-docker",
        "--license",
        "Apache-2.0",
        "--python-version",
        "3.13",
        "--project-slug",
        "billing",
        "--no-input",
        "--output-dir",
        str(tmp_path),
    )
    assert code == 0
    project = tmp_path / "billing"
    assert not (project / ".github").exists()
    assert not (project / "Dockerfile").exists()
    assert "Apache License" in (project / "LICENSE").read_text()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=3.13"
    assert "aiosqlite>=0.20" in pyproject["project"]["dependencies"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--database", "oracle"],
            "--database: 'oracle' is not allowed; choose one of: postgresql, mysql, sqlite",
        ),
        (
            ["--stack", "rails"],
            "--stack: 'rails' is not allowed; choose one of: fastapi, django, flask, celery",
        ),
        (["--project-slug", "class"], "--project-slug: 'class' is a Python keyword"),
        (["--project-slug", "fastapi"], "--project-slug: 'fastapi' would shadow a module"),
        (
            ["--project-slug", "My-Slug"],
            "--project-slug: 'My-Slug' must start with a lower-case letter",
        ),
        (
            ["--author-email", "nobody"],
            "--author-email: 'nobody' must be an address like name@example.com",
        ),
        (
            ["--description", "{{ 7 * 7 }}"],
            "--description: '{{ 7 * 7 }}' must not contain template delimiters",
        ),
        (["--stack", "celery", "--worker", "celery"], "--worker: does not apply to stack 'celery'"),
        (
            ["--python-version", "2.7"],
            "--python-version: '2.7' is not allowed; choose one of: 3.12, 3.13",
        ),
    ],
)
def test_bad_input_exits_2_names_option_value_and_choices_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, _, err = run(capsys, "new", "Demo", "--no-input", "--output-dir", str(tmp_path), *args)
    assert code == cli.EXIT_INVALID
    assert expected in err
    assert "nothing was written" in err
    assert list(tmp_path.iterdir()) == []


def test_newline_in_the_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "new",
        "Two\nLines",
        "--project-slug",
        "two",
        "--no-input",
        "--output-dir",
        str(tmp_path),
    )
    assert code == cli.EXIT_INVALID
    assert "--project-name" in err
    assert "single line" in err


def test_existing_directory_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "README.md").write_text("mine")
    code, _, err = run(capsys, "new", "Demo", "--no-input", "--output-dir", str(tmp_path))
    assert code == cli.EXIT_INVALID
    assert "already exists" in err
    assert (target / "README.md").read_text() == "mine"
    assert [p.name for p in target.iterdir()] == ["README.md"]


def test_force_renders_into_an_existing_directory_and_keeps_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    (target / "README.md").write_text("old")
    code, _, _ = run(capsys, "new", "Demo", "--no-input", "--force", "--output-dir", str(tmp_path))
    assert code == 0
    assert (target / "notes.txt").read_text() == "keep me"
    assert (target / "README.md").read_text().startswith("# Demo")


def test_an_interrupted_render_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []
    original = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        written.append(self)
        if len(written) == 5:
            raise KeyboardInterrupt
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    answers = SPEC.default_answers("fastapi", {"project_name": "Demo"})
    with pytest.raises(KeyboardInterrupt):
        render.write_project(answers, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_empty_existing_directory_is_used(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    answers = SPEC.default_answers("fastapi", {"project_name": "Demo"})
    assert (render.write_project(answers, tmp_path) / "pyproject.toml").is_file()


def test_list_shows_every_option_with_choices_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    for option in SPEC.options:
        assert option.flag in out
        for choice in option.choices:
            assert choice in out


def test_matrix_lists_every_combination(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "matrix", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows == list(SPEC.combinations())
    assert f"{len(rows)} combinations" in err


def test_matrix_runtime_names_the_tox_envs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "matrix", "--runtime")
    assert code == 0
    names = out.split()
    assert "fastapi-postgresql-py312" in names
    assert len(names) == len(set(names))
