"""Render every option combination in memory and count what a validator would have to check.

Run from a checkout:  python benchmarks/matrix.py [--passes 3] [--stack fastapi ...]

For every combination of `spec.combinations()` this renders the project with
`stackplate.render.render_tree` (nothing is written to disk) and hashes every file with sha256.
It reports the number of combinations, of rendered files, and of distinct file contents, how
the distinct count grows as combinations are added, and the render wall time (total per pass
and per combination). The design claim it supports: validating the matrix costs in proportion
to the distinct contents, not to the combinations, because identical bytes need one check.

Later passes must reproduce the first pass's hashes exactly (rendering is deterministic), else
exit 1. Numbers are printed and written as JSON; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from _common import REPO, RESULTS, ms, summarize, table, write_json
from _common import environment as run_environment

sys.path.insert(0, str(REPO / "generator"))

import stackplate
from stackplate import render, spec

GROWTH_POINTS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


@dataclass
class Pass:
    seconds: float = 0.0
    per_combination: list[float] = field(default_factory=list)


# A combination's rendered project: relative path -> sha256 of its bytes.
Fingerprint = dict[str, str]


NAMED_KINDS = {
    "Dockerfile": "docker",
    ".dockerignore": "docker",
    "Makefile": "make",
    "LICENSE": "license",
    ".env.example": "env",
    ".secrets.baseline": "json",
}
SUFFIX_KINDS = {
    ".py": "python",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".toml": "toml",
    ".md": "markdown",
    ".ini": "ini",
    ".cfg": "ini",
    ".json": "json",
    ".mako": "mako",
}


def kind(relpath: str) -> str:
    """The validator family that owns a file, roughly: what checks it in the matrix."""
    path = PurePosixPath(relpath)
    if path.name in NAMED_KINDS:
        return NAMED_KINDS[path.name]
    if path.name.startswith(".") and not path.suffix:
        return "dotfile"
    return SUFFIX_KINDS.get(path.suffix, "other")


def render_all(
    combinations: Sequence[Mapping[str, str]], answers: Sequence[Mapping[str, str]]
) -> tuple[Pass, list[Fingerprint]]:
    result = Pass()
    fingerprints: list[Fingerprint] = []
    started = time.perf_counter()
    for given in answers:
        start = time.perf_counter()
        tree = render.render_tree(given)
        result.per_combination.append(time.perf_counter() - start)
        fingerprints.append(
            {path: hashlib.sha256(item.content).hexdigest() for path, item in tree.items()}
        )
    result.seconds = time.perf_counter() - started
    if len(fingerprints) != len(combinations):
        raise AssertionError("one fingerprint per combination")
    return result, fingerprints


def growth(fingerprints: Sequence[Fingerprint], seed: int) -> list[dict[str, int]]:
    """Distinct contents after the first k combinations, in a seeded random order."""
    order = list(range(len(fingerprints)))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible order, not a secret
    points = sorted({p for p in GROWTH_POINTS if p < len(order)} | {len(order)})
    seen: set[str] = set()
    files = 0
    rows: list[dict[str, int]] = []
    for count, index in enumerate(order, start=1):
        seen.update(fingerprints[index].values())
        files += len(fingerprints[index])
        if count in points:
            rows.append({"combinations": count, "files": files, "distinct_contents": len(seen)})
    return rows


def per_group(
    keys: Iterable[str], fingerprints: Sequence[Fingerprint], times: Sequence[float]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"combinations": 0, "files": 0, "contents": set(), "times": []}
    )
    for key, fingerprint, seconds in zip(keys, fingerprints, times, strict=True):
        group = groups[key]
        group["combinations"] += 1
        group["files"] += len(fingerprint)
        group["contents"].update(fingerprint.values())
        group["times"].append(seconds)
    return {
        key: {
            "combinations": group["combinations"],
            "files": group["files"],
            "distinct_contents": len(group["contents"]),
            "render": summarize(group["times"]).as_dict(),
        }
        for key, group in groups.items()
    }


def report_difference(
    number: int,
    combinations: Sequence[Mapping[str, str]],
    expected: Sequence[Fingerprint],
    actual: Sequence[Fingerprint],
) -> None:
    for combination, want, got in zip(combinations, expected, actual, strict=True):
        if want == got:
            continue
        paths = sorted(
            (want.keys() ^ got.keys()) | {p for p in want.keys() & got.keys() if want[p] != got[p]}
        )
        print(
            f"matrix.py: pass {number} rendered different bytes than pass 1 for {combination} "
            f"in {', '.join(paths[:10])}: did the template change while this ran?",
            file=sys.stderr,
        )
        return


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--passes", type=int, default=3, help="render the whole matrix N times")
    parser.add_argument(
        "--stack", action="append", help="only these stacks (repeatable); default all"
    )
    parser.add_argument("--seed", type=int, default=0, help="order of the growth table")
    parser.add_argument("--output", type=Path, default=RESULTS / "matrix.json")
    arguments = parser.parse_args()
    if arguments.passes < 1:
        parser.error("--passes must be at least 1")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    loaded = spec.load()
    combinations = [
        c for c in loaded.combinations() if not arguments.stack or c["stack"] in arguments.stack
    ]
    if not combinations:
        print("matrix.py: no combination matches", file=sys.stderr)
        return 2
    answers = [loaded.default_answers(c["stack"], c) for c in combinations]

    passes: list[Pass] = []
    first: list[Fingerprint] = []
    for number in range(arguments.passes):
        result, fingerprints = render_all(combinations, answers)
        passes.append(result)
        if number == 0:
            first = fingerprints
        elif fingerprints != first:
            report_difference(number + 1, combinations, first, fingerprints)
            return 1

    # Per-combination time: the median over passes, so one slow pass does not skew it.
    per_combination = [
        summarize([p.per_combination[i] for p in passes]).median for i in range(len(combinations))
    ]
    files = sum(len(f) for f in first)
    contents = {digest for f in first for digest in f.values()}
    pairs = {item for f in first for item in f.items()}
    projects = {tuple(sorted(f.items())) for f in first}
    kinds: dict[str, dict[str, Any]] = defaultdict(lambda: {"files": 0, "contents": set()})
    for fingerprint in first:
        for relpath, digest in fingerprint.items():
            kinds[kind(relpath)]["files"] += 1
            kinds[kind(relpath)]["contents"].add(digest)
    stacks = per_group((c["stack"] for c in combinations), first, per_combination)
    combination_summary = summarize(per_combination)
    pass_summary = summarize([p.seconds for p in passes])
    growth_rows = growth(first, arguments.seed)
    empty = sorted({c["stack"] for c, f in zip(combinations, first, strict=True) if not f})

    print(
        f"{len(combinations)} combinations, {arguments.passes} pass(es); times: median over passes"
    )
    print()
    print(
        table(
            ["measure", "value"],
            [
                ["combinations", len(combinations)],
                ["rendered files", files],
                ["distinct (path, content) pairs", len(pairs)],
                ["distinct file contents (sha256)", len(contents)],
                ["distinct projects", len(projects)],
                ["files per distinct content", f"{files / max(len(contents), 1):.1f}"],
                ["matrix render, median pass (s)", f"{pass_summary.median:.2f}"],
                [
                    "  spread of passes: min-max (s)",
                    f"{pass_summary.minimum:.2f}-{pass_summary.maximum:.2f}",
                ],
                ["per combination, median (ms)", ms(combination_summary.median)],
                ["per combination, IQR (ms)", ms(combination_summary.iqr)],
                [
                    "per combination, min-max (ms)",
                    f"{ms(combination_summary.minimum)}-{ms(combination_summary.maximum)}",
                ],
            ],
        )
    )
    print()
    print(
        table(
            ["stack", "combinations", "files", "distinct contents", "median ms", "IQR ms"],
            [
                [
                    name,
                    row["combinations"],
                    row["files"],
                    row["distinct_contents"],
                    ms(row["render"]["median_s"]),
                    ms(row["render"]["iqr_s"]),
                ]
                for name, row in stacks.items()
            ],
        )
    )
    print()
    kind_rows = sorted(kinds.items(), key=lambda item: -item[1]["files"])
    print(
        table(
            ["file kind", "files", "distinct contents"],
            [[name, row["files"], len(row["contents"])] for name, row in kind_rows],
        )
    )
    print()
    print(f"Growth (combinations in a seeded random order, seed {arguments.seed}):")
    print(
        table(
            ["combinations", "files", "distinct contents"],
            [[r["combinations"], r["files"], r["distinct_contents"]] for r in growth_rows],
        )
    )
    if empty:
        print(f"\nNote: no files rendered for stack(s) {', '.join(empty)} (template not there yet)")
    print("\nOne machine, one run: timings are relative; the counts are exact.")

    common = Counter(d for f in first for d in f.values())
    write_json(
        arguments.output,
        {
            "benchmark": "matrix",
            "environment": run_environment(["jinja2"], stackplate.__version__),
            "settings": {
                "passes": arguments.passes,
                "stacks": arguments.stack or list(loaded.stacks),
                "seed": arguments.seed,
            },
            "combinations": len(combinations),
            "files": files,
            "distinct_path_content_pairs": len(pairs),
            "distinct_contents": len(contents),
            "distinct_projects": len(projects),
            "most_shared_content_uses": common.most_common(1)[0][1] if common else 0,
            "pass_s": [p.seconds for p in passes],
            "pass": pass_summary.as_dict(),
            "per_combination": combination_summary.as_dict(),
            "stacks": stacks,
            "kinds": {
                name: {"files": row["files"], "distinct_contents": len(row["contents"])}
                for name, row in kind_rows
            },
            "growth": growth_rows,
            "empty_stacks": empty,
        },
    )
    print(f"JSON: {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
