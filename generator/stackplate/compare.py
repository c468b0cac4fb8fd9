"""Side-by-side report of the web stacks for the same answers: the learners' comparison.

Every web stack implements the same API contract (tests/test_contract.py is identical in each),
so what differs is how much code each framework needs, where it lives and what it depends on.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from stackplate import render
from stackplate.spec import Spec, load

ROUTES = ("/health", "/ready", "/api/items", "/openapi.json")
TEST_FUNCTION = re.compile(r"^(async )?def test_", re.MULTILINE)


@dataclass(frozen=True)
class StackReport:
    stack: str
    source_files: int
    source_lines: int
    test_files: int
    test_lines: int
    test_functions: int
    shared_test_functions: int
    migration_files: int
    dependencies: list[str]
    route_modules: dict[str, list[str]]


def code_lines(content: bytes) -> int:
    """Lines that are neither blank nor comments."""
    lines = content.decode("utf-8").splitlines()
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def _mentions(content: bytes, route: str) -> bool:
    """A quoted route, with or without its leading slash (Django's urls omit it)."""
    pattern = rb"[\"']/?" + re.escape(route.lstrip("/").encode()) + rb"[/\"'{<]"
    return re.search(pattern, content) is not None


def _modules_routing(source: Mapping[str, bytes], package: str, route: str) -> list[str]:
    """Modules naming the route; for nested routers (Django's include), its last segment."""
    for candidate in (route, route.rsplit("/", 1)[-1]):
        found = sorted(
            p.removeprefix(package) for p, c in source.items() if _mentions(c, candidate)
        )
        if found:
            return found
    return []


def report_stack(stack: str, answers: Mapping[str, str]) -> StackReport:
    tree = render.render_tree(answers)
    package = f"src/{answers['project_slug']}/"
    python = {path: f.content for path, f in tree.items() if path.endswith(".py")}
    source = {p: c for p, c in python.items() if p.startswith(package) and "/migrations/" not in p}
    tests = {p: c for p, c in python.items() if p.startswith("tests/")}
    migrations = [p for p in python if "migrations/" in p and not p.endswith("__init__.py")]
    shared_tests = [c for p, c in tests.items() if p.startswith("tests/test_") and "contract" in p]
    pyproject = tomllib.loads(tree["pyproject.toml"].content.decode("utf-8"))
    dependencies = [
        re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0] for d in pyproject["project"]["dependencies"]
    ]
    route_modules = {route: _modules_routing(source, package, route) for route in ROUTES}
    return StackReport(
        stack=stack,
        source_files=len(source),
        source_lines=sum(code_lines(c) for c in source.values()),
        test_files=len(tests),
        test_lines=sum(code_lines(c) for c in tests.values()),
        test_functions=sum(len(TEST_FUNCTION.findall(c.decode("utf-8"))) for c in tests.values()),
        shared_test_functions=sum(
            len(TEST_FUNCTION.findall(c.decode("utf-8"))) for c in shared_tests
        ),
        migration_files=len(migrations),
        dependencies=sorted(dependencies),
        route_modules=route_modules,
    )


def compare(spec: Spec | None = None, **given: str) -> list[StackReport]:
    """One report per web stack, all rendered with the same answers."""
    spec = spec or load()
    web_stacks = [s for s in spec.stacks if spec.option("worker").applies_to(s)]
    return [report_stack(s, spec.default_answers(s, given)) for s in web_stacks]


def to_markdown(reports: list[StackReport]) -> str:
    header = "| | " + " | ".join(r.stack for r in reports) + " |"
    rule = "|---" * (len(reports) + 1) + "|"

    def row(label: str, values: list[str]) -> str:
        return f"| {label} | " + " | ".join(values) + " |"

    rows = [
        header,
        rule,
        row(
            "source files (lines of code)",
            [f"{r.source_files} ({r.source_lines})" for r in reports],
        ),
        row("test files (lines of code)", [f"{r.test_files} ({r.test_lines})" for r in reports]),
        row(
            "test functions (of them shared contract)",
            [f"{r.test_functions} ({r.shared_test_functions})" for r in reports],
        ),
        row("migration files", [str(r.migration_files) for r in reports]),
        row("runtime dependencies", [", ".join(r.dependencies) for r in reports]),
    ]
    for route in ROUTES:
        rows.append(
            row(
                f"`{route}` appears in",
                [", ".join(f"`{m}`" for m in r.route_modules[route]) or "-" for r in reports],
            )
        )
    return "\n".join(rows) + "\n"


def to_json(reports: list[StackReport]) -> str:
    return json.dumps([asdict(r) for r in reports], indent=2)
