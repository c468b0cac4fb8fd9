"""Render time of one project through each front door: same template, same answers.

Run from a checkout:  python benchmarks/render.py [--repetitions 15] [--warmup 3]

Measures the median wall time to write one project (FastAPI + PostgreSQL with default answers
unless told otherwise) via:

  stackplate-api          stackplate.render.write_project in this process (warm caches)
  stackplate-api-nocache  the same, with stackplate's template and spec caches cleared first
  stackplate-cold         `python -m stackplate new ...` in a new interpreter
  cookiecutter-api        cookiecutter.main.cookiecutter(...) in this process
  copier-api              copier.run_copy(...) from a plain (non-git) copy of the template
  copier-api-git          copier.run_copy(..., vcs_ref="HEAD") from a git repo: a clone per run
  python-startup          `python -c pass`, the floor under any new-process measurement

Before timing, every front door renders once and the outputs must be byte-identical (file
names, contents and executable bits; copier's own answers file excepted), else exit 1.
Numbers are printed and written as JSON; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import REPO, RESULTS, ms, summarize, table, write_json
from _common import environment as run_environment

sys.path.insert(0, str(REPO / "generator"))

import stackplate
from stackplate import render, spec

# The engine's own answers file is the one difference DESIGN allows between front doors.
ENGINE_FILES = frozenset({".copier-answers.yml"})
BASELINE = "cookiecutter-api"
TEMPLATE_PARTS = ("templates", "copier.yml", "cookiecutter.json")

Tree = dict[str, tuple[bytes, bool]]


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    # Renders into the given empty directory and returns the project directory it created.
    run: Callable[[Path], Path]
    reference: bool = False


def read_tree(project: Path) -> Tree:
    """Every file below `project`: POSIX path -> (bytes, executable bit)."""
    tree: Tree = {}
    for path in sorted(project.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        relpath = path.relative_to(project).as_posix()
        if relpath in ENGINE_FILES:
            continue
        executable = bool(path.stat().st_mode & stat.S_IXUSR)
        tree[relpath] = (path.read_bytes(), executable)
    return tree


def tree_differences(expected: Tree, actual: Tree, limit: int = 20) -> list[str]:
    found = [f"missing {p}" for p in sorted(expected.keys() - actual.keys())]
    found += [f"unexpected {p}" for p in sorted(actual.keys() - expected.keys())]
    for relpath in sorted(expected.keys() & actual.keys()):
        want, got = expected[relpath], actual[relpath]
        if want[0] != got[0]:
            found.append(f"content differs: {relpath}")
        elif want[1] != got[1]:
            found.append(f"executable bit differs: {relpath}")
    return found[:limit]


def snapshot_template(destination: Path) -> Path:
    """A plain copy of the template (what copier reads without git), symlinks kept as links."""
    destination.mkdir(parents=True)
    for part in TEMPLATE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, symlinks=True)
        else:
            shutil.copy2(source, destination / part)
    return destination


def git_template(snapshot: Path, destination: Path) -> Path:
    """A one-commit git repository of the snapshot, independent of the checkout's state."""
    shutil.copytree(snapshot, destination, symlinks=True)
    identity = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "--all"],
        ["git", *identity, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "template"],
    ):
        subprocess.run(command, cwd=destination, check=True, capture_output=True)
    return destination


def clear_stackplate_caches() -> None:
    """Forget compiled templates and the parsed spec, as a fresh process would not have them."""
    for function in (getattr(render, "_environment", None), spec.load):
        cache_clear = getattr(function, "cache_clear", None)
        if callable(cache_clear):
            cache_clear()


def use_private_bytecode_cache(prefix: Path) -> str:
    """Let child interpreters (the cold CLI, cookiecutter's hooks) cache bytecode, in `prefix`.

    An installed package has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set every new
    process would compile each imported module again and the cold numbers would mostly measure
    that. A private PYTHONPYCACHEPREFIX keeps the caches out of the checkout and the venv.
    """
    was_disabled = os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    if was_disabled:
        return "PYTHONDONTWRITEBYTECODE was set; children used a private bytecode cache instead"
    return "children used a private bytecode cache"


def build_methods(
    answers: Mapping[str, str], workdir: Path, *, cold: bool, copier_git: bool
) -> list[Method]:
    slug = answers["project_slug"]
    stack = answers["stack"]
    context = {name: value for name, value in answers.items() if name != "stack"}
    snapshot = snapshot_template(workdir / "template")
    repository = git_template(snapshot, workdir / "template-git") if copier_git else None

    # Keep cookiecutter's replay files and clones out of the user's home directory.
    config = workdir / "cookiecutter.yaml"
    config.write_text(
        f"cookiecutters_dir: {workdir / 'cookiecutters'}\nreplay_dir: {workdir / 'replay'}\n",
        encoding="utf-8",
    )

    def stackplate_api(target: Path) -> Path:
        return render.write_project(answers, target)

    def stackplate_api_nocache(target: Path) -> Path:
        clear_stackplate_caches()
        return render.write_project(answers, target)

    package_parent = Path(render.__file__).resolve().parents[1]
    child_environment = dict(os.environ)
    child_environment["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(package_parent), os.environ.get("PYTHONPATH", "")) if p
    )
    flags: list[str] = []
    loaded = spec.load()
    for name, value in answers.items():
        if name != "project_name":
            flags += [loaded.option(name).flag, value]

    def stackplate_cold(target: Path) -> Path:
        command = [sys.executable, "-m", "stackplate", "new", answers["project_name"]]
        command += ["--no-input", "--output-dir", str(target), *flags]
        subprocess.run(
            command, env=child_environment, check=True, stdout=subprocess.DEVNULL, stdin=None
        )
        return target / slug

    def cookiecutter_api(target: Path) -> Path:
        from cookiecutter.main import cookiecutter  # type: ignore[import-untyped]

        created = cookiecutter(
            str(REPO / "templates" / stack),
            no_input=True,
            extra_context=dict(context),
            output_dir=str(target),
            config_file=str(config),
        )
        return Path(created)

    def copier_from(source: Path, vcs_ref: str | None) -> Callable[[Path], Path]:
        def copier_api(target: Path) -> Path:
            import copier

            destination = target / slug
            copier.run_copy(
                str(source),
                destination,
                data=dict(answers),
                defaults=True,
                unsafe=False,
                quiet=True,
                vcs_ref=vcs_ref,
            )
            return destination

        return copier_api

    def python_startup(target: Path) -> Path:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        return target

    methods = [
        Method("stackplate-api", "stackplate write_project, in-process", stackplate_api),
        Method(
            "stackplate-api-nocache",
            "stackplate write_project, caches cleared",
            stackplate_api_nocache,
        ),
    ]
    if cold:
        methods.append(
            Method("stackplate-cold", "`python -m stackplate new` (new process)", stackplate_cold)
        )
    methods += [
        Method(BASELINE, "cookiecutter() API", cookiecutter_api),
        Method("copier-api", "copier.run_copy, plain directory", copier_from(snapshot, None)),
    ]
    if repository is not None:
        methods.append(
            Method(
                "copier-api-git",
                "copier.run_copy, git clone per run",
                copier_from(repository, "HEAD"),
            )
        )
    if cold:
        methods.append(
            Method("python-startup", "`python -c pass` (reference)", python_startup, True)
        )
    return methods


def run_once(method: Method, scratch: Path) -> tuple[float, Path, Path]:
    """Time one render into a fresh empty directory (created outside the timing).

    Returns the time, the directory (the caller removes it) and the project inside it.
    """
    target = Path(tempfile.mkdtemp(prefix=f"{method.name}-", dir=scratch))
    gc.collect()
    start = time.perf_counter()
    project = method.run(target)
    elapsed = time.perf_counter() - start
    return elapsed, target, project


def verify(methods: list[Method], scratch: Path) -> Tree:
    """Render once through every front door; all outputs must be identical."""
    trees: dict[str, Tree] = {}
    for method in methods:
        if method.reference:
            continue
        _, target, project = run_once(method, scratch)
        trees[method.name] = read_tree(project)
        shutil.rmtree(target)
    expected = trees["stackplate-api"]
    failed = False
    for name, tree in trees.items():
        problems = tree_differences(expected, tree)
        if problems:
            failed = True
            print(f"render.py: {name} differs from stackplate-api:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
    if failed:
        raise SystemExit(1)
    if not expected:
        print("render.py: the rendered project is empty", file=sys.stderr)
        raise SystemExit(1)
    return expected


def measure(
    methods: list[Method], scratch: Path, *, warmup: int, repetitions: int
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {m.name: [] for m in methods}
    for repetition in range(warmup + repetitions):
        # Rotate the order so no front door always runs right after the same neighbour.
        shift = repetition % len(methods)
        for method in methods[shift:] + methods[:shift]:
            elapsed, target, _ = run_once(method, scratch)
            shutil.rmtree(target)
            if repetition >= warmup:
                samples[method.name].append(elapsed)
    return samples


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--stack", default="fastapi")
    parser.add_argument("--database", default="postgresql")
    parser.add_argument("--repetitions", "-n", type=int, default=15, help="timed runs per method")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs per method first")
    parser.add_argument("--no-cold", action="store_true", help="skip the new-process measurements")
    parser.add_argument(
        "--no-copier-git", action="store_true", help="skip copier from a git repository"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "render.json")
    arguments = parser.parse_args()
    if arguments.repetitions < 1 or arguments.warmup < 0:
        parser.error("--repetitions must be at least 1 and --warmup at least 0")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    loaded = spec.load()
    answers = loaded.default_answers(arguments.stack, {"database": arguments.database})
    problems = loaded.problems(answers)
    if problems:
        print("render.py: " + "; ".join(problems), file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="stackplate-bench-") as temporary:
        workdir = Path(temporary)
        bytecode_note = use_private_bytecode_cache(workdir / "pycache")
        scratch = workdir / "runs"
        scratch.mkdir()
        methods = build_methods(
            answers, workdir, cold=not arguments.no_cold, copier_git=not arguments.no_copier_git
        )
        tree = verify(methods, scratch)
        started = time.perf_counter()
        samples = measure(
            methods, scratch, warmup=arguments.warmup, repetitions=arguments.repetitions
        )
        total = time.perf_counter() - started

    summaries = {name: summarize(values) for name, values in samples.items()}
    baseline = summaries[BASELINE].median
    files = len(tree)
    size = sum(len(content) for content, _ in tree.values())
    print(
        f"{answers['stack']} project, database={answers['database']}: {files} files, "
        f"{size} bytes; outputs identical across front doors"
    )
    print(
        f"{arguments.warmup} warm-up + {arguments.repetitions} timed runs per method, "
        f"{total:.1f} s; {bytecode_note}"
    )
    print(f"times in ms; ratio = median / {BASELINE} median\n")
    rows = []
    for method in methods:
        summary = summaries[method.name]
        rows.append(
            [
                method.name,
                ms(summary.median),
                ms(summary.minimum),
                ms(summary.maximum),
                ms(summary.iqr),
                f"{summary.median / baseline:.3f}",
            ]
        )
    print(table(["method", "median", "min", "max", "IQR", "x cookiecutter"], rows))
    print("\nOne machine, one run: compare the ratios, not the absolute times.")

    results: list[dict[str, Any]] = [
        {
            "name": method.name,
            "label": method.label,
            "reference": method.reference,
            **summaries[method.name].as_dict(),
            "ratio_to_cookiecutter": summaries[method.name].median / baseline,
            "samples_s": samples[method.name],
        }
        for method in methods
    ]
    write_json(
        arguments.output,
        {
            "benchmark": "render",
            "environment": run_environment(
                ["jinja2", "cookiecutter", "copier"], stackplate.__version__
            ),
            "settings": {
                "warmup": arguments.warmup,
                "repetitions": arguments.repetitions,
                "baseline": BASELINE,
                "answers": answers,
                "bytecode": bytecode_note,
            },
            "project": {"files": files, "bytes": size},
            "total_s": total,
            "results": results,
        },
    )
    print(f"JSON: {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
