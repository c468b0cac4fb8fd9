"""The learners' comparison report: same answers, every web stack, real numbers."""

from __future__ import annotations

import json

import pytest
from stackplate import cli, compare


def test_every_web_stack_shares_the_contract_tests() -> None:
    reports = compare.compare(database="sqlite")
    assert [r.stack for r in reports] == ["fastapi", "django", "flask"]
    shared = {r.shared_test_functions for r in reports}
    assert len(shared) == 1
    assert shared.pop() > 20
    for report in reports:
        assert report.source_lines > 100
        assert report.test_functions > report.shared_test_functions
        assert report.route_modules["/api/items"], report.stack
        assert report.route_modules["/health"], report.stack


def test_dependencies_follow_the_database_answer() -> None:
    by_stack = {r.stack: r for r in compare.compare(database="mysql")}
    assert "aiomysql" in by_stack["fastapi"].dependencies
    assert "pymysql" in {d.lower() for d in by_stack["flask"].dependencies}


def test_code_lines_skip_blanks_and_comments() -> None:
    assert compare.code_lines(b"# comment\n\nx = 1\n    # indented comment\ny = 2\n") == 2


def test_cli_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["compare", "--database", "sqlite", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["stack"] for row in rows} == {"fastapi", "django", "flask"}


def test_cli_compare_refuses_a_bad_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["compare", "--database", "oracle"]) == cli.EXIT_INVALID
    assert "--database: 'oracle' is not allowed" in capsys.readouterr().err
