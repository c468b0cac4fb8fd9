"""Every combination rendered in memory; every distinct file checked once by the tool that owns
its format (see `stackplate.checks`). A missing tool skips its test, unless
STACKPLATE_REQUIRE_SERVICES=1 makes it a failure."""

from __future__ import annotations

import os

import pytest
from stackplate import checks
from stackplate import spec as spec_module

REQUIRE = os.environ.get("STACKPLATE_REQUIRE_SERVICES") == "1"
JOBS = os.cpu_count() or 2


def skip_or_fail(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"{reason} (STACKPLATE_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def matrix() -> checks.Matrix:
    return checks.render_matrix(jobs=JOBS)


@pytest.fixture(scope="module")
def report(matrix: checks.Matrix) -> checks.Report:
    return checks.validate(matrix, jobs=JOBS)


def test_every_combination_is_rendered(matrix: checks.Matrix) -> None:
    combinations = list(spec_module.load().combinations())
    assert matrix.combinations == len(combinations)
    # The point of hashing: far fewer distinct files than rendered ones.
    assert len(matrix.files) < matrix.rendered_files / 10


def test_summary(report: checks.Report, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + report.summary())


@pytest.mark.parametrize("name", sorted(checks.CHECKS))
def test_validator(name: str, report: checks.Report) -> None:
    result = next(result for result in report.results if result.name == name)
    if result.skipped:
        skip_or_fail(result.skipped)
    assert not result.findings, "\n".join(str(finding) for finding in result.findings)


@pytest.mark.parametrize(
    "path",
    ["Dockerfile", "compose.yaml", ".github/workflows/ci.yml", ".pre-commit-config.yaml"],
)
def test_validated_files_exist_in_the_matrix(matrix: checks.Matrix, path: str) -> None:
    assert matrix.select(checks.matches(path)), f"no combination renders {path}"


# The validators must catch what they are there for: each gets one bad file.


def bad_matrix(path: str, content: str) -> checks.Matrix:
    item = checks.DistinctFile(content.encode(), {path}, "planted")
    return checks.Matrix(combinations=1, rendered_files=1, files={"0" * 64: item})


GOOD_DOCKERFILE = """\
FROM python:3.12-slim AS builder
RUN echo build
FROM python:3.12-slim
USER 10001:10001
HEALTHCHECK CMD ["python", "-c", "print()"]
CMD ["python", "-m", "http.server"]
"""


@pytest.mark.parametrize(
    ("name", "path", "content"),
    [
        (
            "zizmor",
            ".github/workflows/ci.yml",
            "on: [pull_request]\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
            "    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@v4\n",
        ),
        (
            "check-jsonschema",
            ".github/workflows/ci.yml",
            "on: [push]\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps: []\n",
        ),
        ("hadolint", "Dockerfile", "FROM python\nRUN pip install uv\n"),
        ("docker-compose", "compose.yaml", "services:\n  app:\n    image: [not, a, string]\n"),
        ("pre-commit", ".pre-commit-config.yaml", "repos: 5\n"),
        ("validate-pyproject", "pyproject.toml", '[project]\nname = "x"\nversion = 1\n'),
        ("shellcheck", "run.sh", "#!/bin/sh\necho $1\n"),
        ("dockerfile-policy", "Dockerfile", GOOD_DOCKERFILE.replace("10001:10001", "root")),
    ],
)
def test_validator_catches_a_planted_problem(name: str, path: str, content: str) -> None:
    result = checks.run_check(name, bad_matrix(path, content))
    if result.skipped:
        skip_or_fail(result.skipped)
    assert result.findings, f"{name} found nothing wrong in {content!r}"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("USER 10001:10001\n", ""), "has no USER"),
        (("USER 10001:10001", "USER 0"), "not a numeric non-root"),
        (("USER 10001:10001", "USER app"), "not a numeric non-root"),
        (("HEALTHCHECK CMD", "HEALTHCHECK NONE\n#"), "no HEALTHCHECK"),
        (('CMD ["python", "-m", "http.server"]', "CMD python -m http.server"), "exec form"),
        (("USER 10001:10001", "USER 10001:10001 # app"), "trailing '#'"),
        (("RUN echo build", "ARG API_TOKEN=abc"), "API_TOKEN has a default"),
    ],
)
def test_dockerfile_policy(change: tuple[str, str], problem: str) -> None:
    assert checks.dockerfile_problems(GOOD_DOCKERFILE) == []
    problems = checks.dockerfile_problems(GOOD_DOCKERFILE.replace(*change))
    assert any(problem in p for p in problems), problems


def test_policy_reads_only_the_final_stage() -> None:
    text = 'FROM a AS b\nUSER 10001\nHEALTHCHECK CMD true\nFROM c\nCMD ["x"]\n'
    problems = checks.dockerfile_problems(text)
    assert any("has no USER" in p for p in problems)
    assert any("no HEALTHCHECK" in p for p in problems)


def test_cli_runs_a_subset(capsys: pytest.CaptureFixture[str]) -> None:
    status = checks.main(["--stack", "celery", "--check", "dockerfile-policy", "--jobs", "1"])
    assert status == 0
    assert "dockerfile-policy" in capsys.readouterr().out
