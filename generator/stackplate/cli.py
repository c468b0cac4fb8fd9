"""The `stackplate` command line: new, list, matrix, compare."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from stackplate import compare, matrix, render
from stackplate.spec import Option, Spec, load

EXIT_INVALID = 2


class InvalidAnswers(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def build_parser(spec: Spec) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stackplate",
        description="Generate production-grade Django, Flask, FastAPI and Celery services.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="generate a project")
    new.add_argument("project_name", metavar="NAME", help="project name; the slug derives from it")
    for option in spec.options:
        if option.name == "project_name":
            continue
        if option.name == "docker":
            # --docker / --no-docker read better than --docker yes/no, and both spellings work.
            new.add_argument("--docker", nargs="?", const="yes", default=None, help=_help(option))
            new.add_argument("--no-docker", dest="docker", action="store_const", const="no")
            continue
        new.add_argument(option.flag, dest=option.name, default=None, help=_help(option))
    new.add_argument("--output-dir", type=Path, default=Path(), help="where to create the project")
    new.add_argument("--no-input", action="store_true", help="do not prompt; use defaults")
    new.add_argument(
        "--force", action="store_true", help="render into an existing non-empty directory"
    )

    commands.add_parser("list", help="stacks and options with their choices and defaults")

    compare_parser = commands.add_parser(
        "compare", help="side-by-side report of the web stacks for the same answers"
    )
    for name in ("database", "worker", "python_version"):
        option = spec.option(name)
        compare_parser.add_argument(option.flag, dest=name, default=None, help=_help(option))
    compare_parser.add_argument("--json", action="store_true", help="machine-readable output")

    matrix_parser = commands.add_parser("matrix", help="every valid option combination")
    matrix_parser.add_argument(
        "--runtime", action="store_true", help="only the distinct runtime combinations"
    )
    matrix_parser.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _help(option: Option) -> str:
    if option.choices:
        return f"{option.help} One of: {', '.join(option.choices)} (default {option.default})."
    return option.help


def collect_answers(
    spec: Spec, arguments: argparse.Namespace, *, interactive: bool
) -> dict[str, str]:
    given = {
        o.name: getattr(arguments, o.name)
        for o in spec.options
        if getattr(arguments, o.name, None) is not None
    }
    stack = given.pop("stack", None)
    if stack is None:
        default = spec.option("stack").default
        stack = _ask(spec.option("stack"), default) if interactive else default
    if stack not in spec.stacks:
        # Without a valid stack the other options cannot even be listed: stop here.
        raise InvalidAnswers(spec.problems({"stack": stack}))
    answers: dict[str, str] = {"stack": stack}
    # Options for other stacks stay in `answers` so spec.problems() names them.
    answers.update({k: v for k, v in given.items() if not spec.option(k).applies_to(stack)})
    for option in spec.options_for(stack):
        if option.name in given:
            answers[option.name] = given[option.name]
            continue
        default = spec.render_default(option, answers)
        answers[option.name] = _ask(option, default) if interactive else default
    problems = spec.problems(answers)
    if problems:
        raise InvalidAnswers(problems)
    return answers


def _ask(option: Option, default: str) -> str:
    choices = f" [{'/'.join(option.choices)}]" if option.choices else ""
    reply = input(f"{option.prompt}{choices} ({default}): ").strip()
    return reply or default


def command_new(spec: Spec, arguments: argparse.Namespace) -> int:
    interactive = not arguments.no_input and sys.stdin.isatty()
    try:
        answers = collect_answers(spec, arguments, interactive=interactive)
        target = render.write_project(answers, arguments.output_dir, force=arguments.force)
    except InvalidAnswers as error:
        for problem in error.problems:
            print(f"stackplate: error: {problem}", file=sys.stderr)
        print("stackplate: nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except render.TargetExistsError as error:
        print(f"stackplate: error: {error}; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    print(f"Created {answers['stack']} project in {target}")
    print(f"Next: cd {target} && make setup && make test")
    return 0


def command_list(spec: Spec) -> int:
    print("stacks: " + ", ".join(spec.stacks))
    for option in spec.options:
        stacks = f"  (stacks: {', '.join(option.stacks)})" if option.stacks else ""
        form = " | ".join(option.choices) if option.choices else "text"
        print(f"  {option.flag:<18} {form:<42} default: {option.default}{stacks}")
    return 0


def command_matrix(spec: Spec, arguments: argparse.Namespace) -> int:
    rows = matrix.runtime_combinations(spec) if arguments.runtime else list(spec.combinations())
    if arguments.json:
        print(json.dumps(rows, indent=2))
    elif arguments.runtime:
        for row in rows:
            print(matrix.env_name(row))
    else:
        for row in rows:
            print(" ".join(f"{name}={value}" for name, value in row.items()))
    print(f"{len(rows)} combinations", file=sys.stderr)
    return 0


def command_compare(spec: Spec, arguments: argparse.Namespace) -> int:
    given = {
        name: getattr(arguments, name)
        for name in ("database", "worker", "python_version")
        if getattr(arguments, name) is not None
    }
    problems = [
        p
        for s in spec.stacks
        for p in spec.problems(spec.default_answers(s, given))
        if spec.option("worker").applies_to(s)
    ]
    if problems:
        for problem in sorted(set(problems)):
            print(f"stackplate: error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    reports = compare.compare(spec, **given)
    print(compare.to_json(reports) if arguments.json else compare.to_markdown(reports), end="")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    spec = load()
    arguments = build_parser(spec).parse_args(argv)
    if arguments.command == "new":
        return command_new(spec, arguments)
    if arguments.command == "list":
        return command_list(spec)
    if arguments.command == "compare":
        return command_compare(spec, arguments)
    return command_matrix(spec, arguments)


if __name__ == "__main__":
    sys.exit(main())
