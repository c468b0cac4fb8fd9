"""The option spec: loads spec.toml and answers questions about options and stacks."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2

from stackplate import rules

SPEC_PATH = Path(__file__).with_name("spec.toml")


@dataclass(frozen=True)
class Option:
    name: str
    kind: Literal["text", "choice"]
    prompt: str
    help: str
    default: str
    choices: tuple[str, ...] = ()
    stacks: tuple[str, ...] | None = None
    runtime: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def derived(self) -> bool:
        """True when the default is a Jinja expression over earlier answers."""
        return "{{" in self.default

    def applies_to(self, stack: str) -> bool:
        return self.stacks is None or stack in self.stacks


@dataclass(frozen=True)
class Spec:
    options: tuple[Option, ...]
    files: tuple[Mapping[str, Any], ...]
    slug: Mapping[str, Any]

    @property
    def stacks(self) -> tuple[str, ...]:
        return self.option("stack").choices

    def option(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)

    def options_for(self, stack: str) -> list[Option]:
        """The options a project of `stack` is asked, in prompt order (stack itself excluded)."""
        return [o for o in self.options if o.name != "stack" and o.applies_to(stack)]

    def choice_options(self) -> list[Option]:
        return [o for o in self.options if o.kind == "choice"]

    def default_answers(self, stack: str, given: Mapping[str, str] | None = None) -> dict[str, str]:
        """Fill every option of `stack` from `given`, else from its (possibly derived) default."""
        given = dict(given or {})
        answers: dict[str, str] = {"stack": stack}
        for option in self.options_for(stack):
            if option.name in given:
                answers[option.name] = given[option.name]
            else:
                answers[option.name] = self.render_default(option, answers)
        return answers

    def render_default(self, option: Option, answers: Mapping[str, str]) -> str:
        if not option.derived:
            return option.default
        # The same expression is written into cookiecutter.json and copier.yml, so all three
        # front doors derive the default identically.
        # A name, not HTML: no autoescaping.
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # noqa: S701
        return environment.from_string(option.default).render(answers)

    def problems(self, answers: Mapping[str, str]) -> list[str]:
        """Every reason the answers cannot produce a project, each naming option and value."""
        stack = answers.get("stack", "")
        found: list[str] = []
        stack_option = self.option("stack")
        if stack not in stack_option.choices:
            return [_choice_message(stack_option, stack)]
        for name in answers:
            if name == "stack":
                continue
            try:
                option = self.option(name)
            except KeyError:
                found.append(f"unknown option {name!r}")
                continue
            if not option.applies_to(stack):
                allowed = ", ".join(option.stacks or ())
                found.append(
                    f"{option.flag}: does not apply to stack {stack!r} (only to {allowed})"
                )
        for option in self.options_for(stack):
            value = answers.get(option.name)
            if value is None:
                found.append(f"{option.flag}: missing")
            elif option.kind == "choice" and value not in option.choices:
                found.append(_choice_message(option, value))
            elif option.kind == "text":
                problem = rules.text_problem(option.raw, value, self.slug)
                if problem:
                    found.append(f"{option.flag}: {value!r} {problem}")
        return found

    def is_kept(self, relpath: str, answers: Mapping[str, str]) -> bool:
        return rules.is_kept(relpath, answers, answers["stack"], self.files)

    def combinations(self) -> Iterator[dict[str, str]]:
        """Every valid combination of the choice options (the full cross product per stack)."""
        for stack in self.stacks:
            choice = [o for o in self.options_for(stack) if o.kind == "choice"]
            for values in itertools.product(*(o.choices for o in choice)):
                yield {"stack": stack, **{o.name: v for o, v in zip(choice, values, strict=True)}}


def _choice_message(option: Option, value: str) -> str:
    return f"{option.flag}: {value!r} is not allowed; choose one of: {', '.join(option.choices)}"


@cache
def load(path: Path = SPEC_PATH) -> Spec:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    options = tuple(
        Option(
            name=raw["name"],
            kind=raw["kind"],
            prompt=raw["prompt"],
            help=raw["help"],
            default=raw["default"],
            choices=tuple(raw.get("choices", ())),
            stacks=tuple(raw["stacks"]) if "stacks" in raw else None,
            runtime=raw.get("runtime", False),
            raw=raw,
        )
        for raw in data["option"]
    )
    return Spec(options=options, files=tuple(data.get("files", ())), slug=data["slug"])
