"""Validate every rendered file of every combination, running each tool once per distinct file.

Rendering the whole matrix in memory is cheap; running a validator is not. Most files are
byte-identical across many combinations, so files are grouped by the SHA-256 of their content
and each validator sees every distinct content exactly once, batched into as few tool
invocations as it accepts. Tools that need a directory (docker-compose) get one directory per
distinct content. `python -m stackplate.checks` runs everything and prints the numbers.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from stackplate import render
from stackplate import spec as spec_module

# Values for the variables compose.yaml requires (`${VAR:?}`): placeholders for validation only.
COMPOSE_TEST_ENV = "SECRET_KEY=compose-config-check\nDATABASE_PASSWORD=compose-config-check\n"

# check-jsonschema's vendored schemas, by the project paths they apply to.
SCHEMAS: tuple[tuple[str, str], ...] = (
    ("vendor.github-workflows", ".github/workflows/*.yml"),
    ("custom.github-workflows-require-timeout", ".github/workflows/*.yml"),
    ("vendor.dependabot", ".github/dependabot.yml"),
    ("vendor.gitlab-ci", ".gitlab-ci.yml"),
    ("vendor.compose-spec", "compose.yaml"),
)
SHELL_SHEBANG = re.compile(rb"\A#!\s*(/usr/bin/env\s+)?(/usr)?(/bin/)?(ba|da|k)?sh\b")
NUMERIC_USER = re.compile(r"\A(\d+)(:\d+)?\Z")
SECRET_NAME = re.compile(r"(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem: which check, in which project file, and one combination that renders it."""

    check: str
    path: str
    combination: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.path} ({self.combination}): {self.message}"


@dataclass
class DistinctFile:
    content: bytes
    paths: set[str] = field(default_factory=set)
    combination: str = ""


@dataclass
class Matrix:
    """Every combination rendered in memory, its files grouped by content digest."""

    combinations: int = 0
    rendered_files: int = 0
    files: dict[str, DistinctFile] = field(default_factory=dict)
    seconds: float = 0.0

    def select(self, predicate: Callable[[str], bool]) -> dict[str, DistinctFile]:
        """The distinct contents that appear at least once under a path matching `predicate`."""
        return {
            digest: item
            for digest, item in self.files.items()
            if any(predicate(path) for path in item.paths)
        }


@dataclass(frozen=True)
class CheckResult:
    name: str
    checked: int
    findings: tuple[Finding, ...]
    seconds: float
    skipped: str = ""


@dataclass(frozen=True)
class Report:
    combinations: int
    rendered_files: int
    distinct_files: int
    render_seconds: float
    results: tuple[CheckResult, ...]
    seconds: float

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.results for finding in result.findings]

    def summary(self) -> str:
        lines = [
            f"{self.combinations} combinations, {self.rendered_files} rendered files, "
            f"{self.distinct_files} distinct (rendered in {self.render_seconds:.1f} s)",
        ]
        for result in self.results:
            findings = f"{len(result.findings)} findings"
            state = f"skipped: {result.skipped}" if result.skipped else findings
            lines.append(
                f"  {result.name:<24} {result.checked:>5} distinct files  "
                f"{result.seconds:6.1f} s  {state}"
            )
        lines.append(f"total {self.seconds:.1f} s, {len(self.findings)} findings")
        lines.extend(str(finding) for finding in self.findings)
        return "\n".join(lines)


def combination_label(answers: Mapping[str, str]) -> str:
    skip = {"project_name", "project_slug", "description", "author_name", "author_email"}
    return "-".join(value for name, value in answers.items() if name not in skip)


def _render_chunk(combinations: Sequence[Mapping[str, str]]) -> Matrix:
    spec = spec_module.load()
    matrix = Matrix()
    for combination in combinations:
        answers = spec.default_answers(combination["stack"], combination)
        label = combination_label(answers)
        matrix.combinations += 1
        for relpath, rendered in render.render_tree(answers).items():
            matrix.rendered_files += 1
            digest = hashlib.sha256(rendered.content).hexdigest()
            item = matrix.files.get(digest)
            if item is None:
                item = matrix.files[digest] = DistinctFile(rendered.content, combination=label)
            item.paths.add(relpath)
    return matrix


def render_matrix(combinations: Iterable[Mapping[str, str]] | None = None, jobs: int = 1) -> Matrix:
    """Render `combinations` (default: every one) in `jobs` processes, grouping the files by
    content digest."""
    started = time.perf_counter()
    selected = list(combinations if combinations is not None else spec_module.load().combinations())
    jobs = max(1, min(jobs, len(selected)))
    if jobs == 1:
        matrix = _render_chunk(selected)
    else:
        chunks = [selected[index::jobs] for index in range(jobs)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            parts = list(pool.map(_render_chunk, chunks))
        matrix = Matrix()
        for part in parts:
            matrix.combinations += part.combinations
            matrix.rendered_files += part.rendered_files
            for digest, item in part.files.items():
                merged = matrix.files.setdefault(digest, item)
                if merged is not item:
                    merged.paths |= item.paths
    matrix.seconds = time.perf_counter() - started
    return matrix


def matches(pattern: str) -> Callable[[str], bool]:
    """A predicate for project paths: `*` matches within one path segment."""
    regex = re.compile("[^/]*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")
    return lambda path: regex.match(path) is not None


def tool(name: str) -> str | None:
    """The tool's executable: beside this interpreter (a venv's bin), else on PATH."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return shutil.which(name, path=search)


def run(command: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=900
    )


class Workspace:
    """Writes each distinct content once under its digest, keeping the original file name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.by_file: dict[str, str] = {}

    def write(self, group: str, digest: str, item: DistinctFile, name: str = "") -> Path:
        name = name or PurePosixPath(sorted(item.paths)[0]).name
        path = self.root / group / digest[:20] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.content)
        self.by_file[str(path)] = digest
        return path

    def digest_for(self, text: str) -> str | None:
        """The digest of the written file that `text` (a path, or a message naming one) means."""
        if text in self.by_file:
            return self.by_file[text]
        for written, digest in self.by_file.items():
            if written in text or digest[:20] in text:
                return digest
        return None


def finding(check: str, item: DistinctFile, message: str) -> Finding:
    return Finding(check, ", ".join(sorted(item.paths)), item.combination, message.strip())


def batch_findings(
    check: str,
    files: Mapping[str, DistinctFile],
    workspace: Workspace,
    paths: Mapping[str, Path],
    outcome: subprocess.CompletedProcess[str],
    parse: Callable[[str], list[tuple[str, str]]],
) -> list[Finding]:
    """Findings of one batched run; (location, message) pairs map back to digests."""
    found: list[Finding] = []
    for location, message in parse(outcome.stdout):
        digest = workspace.digest_for(location)
        if digest is None:
            found.append(Finding(check, location, "?", message))
        else:
            found.append(finding(check, files[digest], message))
    if outcome.returncode != 0 and not found:
        # The tool failed without naming a file (a crash, a bad option): report it whole.
        detail = (outcome.stderr or outcome.stdout).strip()[-2000:]
        found.append(Finding(check, ", ".join(str(p) for p in paths.values()), "?", detail))
    return found


def schema_errors(schema: str, stdout: str) -> list[tuple[str, str]]:
    data = json.loads(stdout or "{}")
    pairs = [
        (str(e.get("filename", "")), f"{schema}: {e.get('path')}: {e.get('message')}")
        for e in data.get("errors", [])
    ]
    pairs += [
        (str(e.get("filename", "")), f"{schema}: cannot parse: {e.get('message')}")
        for e in data.get("parse_errors", [])
    ]
    return pairs


def check_schemas(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    executable = required("check-jsonschema")
    workspace = Workspace(root)
    found: list[Finding] = []
    checked: set[str] = set()
    for schema, pattern in SCHEMAS:
        files = matrix.select(matches(pattern))
        if not files:
            continue
        checked.update(files)
        paths = {digest: workspace.write("schema", digest, item) for digest, item in files.items()}
        command = [executable, "--builtin-schema", schema, "--output-format", "json"]
        outcome = run([*command, *map(str, paths.values())])
        found += batch_findings(
            "check-jsonschema",
            files,
            workspace,
            paths,
            outcome,
            functools.partial(schema_errors, schema),
        )
    return len(checked), found


def check_zizmor(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    executable = required("zizmor")
    files = matrix.select(matches(".github/workflows/*.yml"))
    files |= matrix.select(matches(".github/dependabot.yml"))
    if not files:
        return 0, []
    workspace = Workspace(root)
    paths = {digest: workspace.write("zizmor", digest, item) for digest, item in files.items()}
    outcome = run([executable, "--offline", "--format", "json", *map(str, paths.values())])

    def parse(stdout: str) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for item in json.loads(stdout or "[]"):
            where = json.dumps(item.get("locations", []))
            message = f"{item.get('ident')}: {item.get('desc')}"
            lines = [
                location["concrete"]["location"]["start_point"]["row"] + 1
                for location in item.get("locations", [])
                if "concrete" in location
            ]
            pairs.append((where, f"{message} (line {', '.join(map(str, lines))})"))
        return pairs

    return len(files), batch_findings("zizmor", files, workspace, paths, outcome, parse)


def check_hadolint(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    executable = required("hadolint")
    files = matrix.select(matches("Dockerfile"))
    if not files:
        return 0, []
    workspace = Workspace(root)
    paths = {digest: workspace.write("hadolint", digest, item) for digest, item in files.items()}
    outcome = run([executable, "--format", "json", *map(str, paths.values())])

    def parse(stdout: str) -> list[tuple[str, str]]:
        return [
            (str(e["file"]), f"line {e['line']}: {e['code']} ({e['level']}) {e['message']}")
            for e in json.loads(stdout or "[]")
        ]

    return len(files), batch_findings("hadolint", files, workspace, paths, outcome, parse)


def is_shell_script(path: str, content: bytes) -> bool:
    return path.endswith(".sh") or SHELL_SHEBANG.match(content) is not None


def check_shellcheck(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    files = {
        digest: item
        for digest, item in matrix.files.items()
        if any(is_shell_script(path, item.content) for path in item.paths)
    }
    if not files:
        return 0, []
    executable = required("shellcheck")
    workspace = Workspace(root)
    paths = {digest: workspace.write("shell", digest, item) for digest, item in files.items()}
    outcome = run([executable, "--format", "json1", *map(str, paths.values())])

    def parse(stdout: str) -> list[tuple[str, str]]:
        return [
            (str(c["file"]), f"line {c['line']}: SC{c['code']} ({c['level']}) {c['message']}")
            for c in json.loads(stdout or "{}").get("comments", [])
        ]

    return len(files), batch_findings("shellcheck", files, workspace, paths, outcome, parse)


def check_compose(matrix: Matrix, root: Path, jobs: int) -> tuple[int, list[Finding]]:
    """`docker-compose config` needs a directory: one per distinct compose.yaml, with a .env."""
    executable = required("docker-compose")
    files = matrix.select(matches("compose.yaml"))
    workspace = Workspace(root)

    def one(digest: str, item: DistinctFile) -> list[Finding]:
        path = workspace.write("compose", digest, item, "compose.yaml")
        (path.parent / ".env").write_text(COMPOSE_TEST_ENV, encoding="utf-8")
        outcome = run([executable, "--file", str(path), "config", "--quiet"], cwd=path.parent)
        if outcome.returncode == 0:
            return []
        return [finding("docker-compose", item, (outcome.stderr or outcome.stdout)[-2000:])]

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda pair: one(*pair), files.items()))
    return len(files), [f for result in results for f in result]


def check_pre_commit(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    executable = required("pre-commit")
    files = matrix.select(matches(".pre-commit-config.yaml"))
    workspace = Workspace(root)
    found: list[Finding] = []
    for digest, item in files.items():
        path = workspace.write("pre-commit", digest, item)
        outcome = run([executable, "validate-config", str(path)])
        if outcome.returncode != 0:
            found.append(finding("pre-commit", item, outcome.stdout + outcome.stderr))
    return len(files), found


def check_pyproject(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    executable = required("validate-pyproject")
    files = matrix.select(matches("pyproject.toml"))
    if not files:
        return 0, []
    workspace = Workspace(root)
    paths = {digest: workspace.write("pyproject", digest, item) for digest, item in files.items()}
    outcome = run([executable, *map(str, paths.values())])
    if outcome.returncode == 0:
        return len(files), []
    # The batch failed: name the invalid files one by one (rare, so the cost does not matter).
    found: list[Finding] = []
    for digest, path in paths.items():
        single = run([executable, str(path)])
        if single.returncode != 0:
            found.append(finding("validate-pyproject", files[digest], single.stdout[-2000:]))
    if not found:
        found.append(Finding("validate-pyproject", "?", "?", outcome.stdout[-2000:]))
    return len(files), found


def dockerfile_instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments), with continuation lines joined and comments dropped."""
    instructions: list[tuple[int, str, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction is dropped by Docker too
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        joined = " ".join(part for part in pending if part)
        pending = []
        keyword, _, arguments = joined.partition(" ")
        instructions.append((start, keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_problems(text: str) -> list[str]:
    """What hadolint does not check: the final stage runs as a numeric non-root user, has a
    HEALTHCHECK and an exec-form CMD; no comment trails an instruction; no secret defaults."""
    instructions = dockerfile_instructions(text)
    starts = [index for index, (_, keyword, _) in enumerate(instructions) if keyword == "FROM"]
    if not starts:
        return ["no FROM instruction"]
    final = instructions[starts[-1] :]
    problems: list[str] = []
    users = [arguments for _, keyword, arguments in final if keyword == "USER"]
    if not users:
        problems.append("the final stage has no USER (it would run as root)")
    elif not (match := NUMERIC_USER.match(users[-1])) or int(match.group(1)) == 0:
        problems.append(f"the final stage's USER {users[-1]!r} is not a numeric non-root ID")
    checks = [arguments for _, keyword, arguments in final if keyword == "HEALTHCHECK"]
    if not checks or checks[-1].upper() == "NONE":
        problems.append("the final stage has no HEALTHCHECK")
    commands = [arguments for _, keyword, arguments in final if keyword == "CMD"]
    if not commands:
        problems.append("the final stage has no CMD")
    else:
        try:
            parsed = json.loads(commands[-1])
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, list) or not all(isinstance(part, str) for part in parsed):
            problems.append(f"CMD is not in exec form (a JSON list): {commands[-1]}")
    for line, keyword, arguments in instructions:
        if keyword not in {"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"} and re.search(
            r"\s#", arguments
        ):
            problems.append(f"line {line}: {keyword} has a trailing '#': not a comment there")
        if keyword in {"ARG", "ENV"}:
            for name, _, value in (part.partition("=") for part in arguments.split()):
                if SECRET_NAME.search(name) and value:
                    problems.append(f"line {line}: {keyword} {name} has a default value")
    return problems


def check_dockerfile_policy(matrix: Matrix, root: Path) -> tuple[int, list[Finding]]:
    files = matrix.select(matches("Dockerfile"))
    found = [
        finding("dockerfile-policy", item, problem)
        for item in files.values()
        for problem in dockerfile_problems(item.content.decode("utf-8"))
    ]
    return len(files), found


class MissingToolError(Exception):
    """A validator's executable is not installed."""


def required(name: str) -> str:
    executable = tool(name)
    if executable is None:
        raise MissingToolError(f"{name} is not installed (see the `validate` tox env)")
    return executable


CHECKS: dict[str, Callable[[Matrix, Path], tuple[int, list[Finding]]]] = {
    "check-jsonschema": check_schemas,
    "zizmor": check_zizmor,
    "hadolint": check_hadolint,
    "shellcheck": check_shellcheck,
    "docker-compose": lambda matrix, root: check_compose(matrix, root, os.cpu_count() or 2),
    "pre-commit": check_pre_commit,
    "validate-pyproject": check_pyproject,
    "dockerfile-policy": check_dockerfile_policy,
}


def run_check(name: str, matrix: Matrix) -> CheckResult:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"stackplate-{name}-") as directory:
        try:
            checked, found = CHECKS[name](matrix, Path(directory))
        except MissingToolError as error:
            return CheckResult(name, 0, (), time.perf_counter() - started, skipped=str(error))
    return CheckResult(name, checked, tuple(found), time.perf_counter() - started)


def validate(
    matrix: Matrix | None = None, names: Sequence[str] | None = None, jobs: int = 2
) -> Report:
    """Run the named checks (default: all) over the matrix (default: every combination)."""
    started = time.perf_counter()
    matrix = matrix or render_matrix()
    selected = list(names or CHECKS)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = tuple(pool.map(lambda name: run_check(name, matrix), selected))
    return Report(
        combinations=matrix.combinations,
        rendered_files=matrix.rendered_files,
        distinct_files=len(matrix.files),
        render_seconds=matrix.seconds,
        results=results,
        seconds=time.perf_counter() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stackplate.checks",
        description="Render every combination and validate each distinct file once.",
    )
    parser.add_argument("--stack", action="append", help="only these stacks (repeatable)")
    parser.add_argument("--check", action="append", choices=sorted(CHECKS), help="repeatable")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--require-tools", action="store_true", help="a missing tool is an error, not a skip"
    )
    args = parser.parse_args(argv)
    spec = spec_module.load()
    combinations = [c for c in spec.combinations() if not args.stack or c["stack"] in args.stack]
    report = validate(render_matrix(combinations, args.jobs), args.check, args.jobs)
    print(report.summary())
    if report.findings:
        return 1
    if args.require_tools and any(result.skipped for result in report.results):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
