"""Write every file derived from spec.toml; `--check` fails when a checked-in copy drifted.

Usage: python -m stackplate.derive [--check]
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stackplate import compare, render, rules
from stackplate.spec import Option, Spec, load

STACK_TITLES = {
    "fastapi": "FastAPI + SQLAlchemy 2 (async) + Alembic",
    "django": "Django 5.2 LTS + Django REST Framework",
    "flask": "Flask 3.1 + SQLAlchemy 2 + Alembic",
    "celery": "Celery worker service with a Redis broker",
}
GENERATED = "Generated from generator/stackplate/spec.toml by `python -m stackplate.derive`."
# Keys the hooks need from each text option (the rest, such as Jinja defaults, stay out).
TEXT_RULE_KEYS = ("allow_empty", "max_length", "pattern", "pattern_help", "slug")


def _cookiecutter_expression(option: Option, spec: Spec) -> str:
    """Rewrite a derived default from copier's bare names to cookiecutter's namespace."""
    names = "|".join(o.name for o in spec.options)
    return re.sub(rf"\b({names})\b", r"cookiecutter.\1", option.default)


def stack_cookiecutter_json(spec: Spec, stack: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    prompts: dict[str, Any] = {}
    for option in spec.options_for(stack):
        if option.kind == "choice":
            # cookiecutter's default is the first choice.
            data[option.name] = [option.default] + [
                c for c in option.choices if c != option.default
            ]
        elif option.derived:
            data[option.name] = _cookiecutter_expression(option, spec)
        else:
            data[option.name] = option.default
        prompts[option.name] = f"{option.prompt} ({option.help})"
    context = render.cookiecutter_context({"stack": stack})
    data.update({key: context[key] for key in ("__stack", "__inc", "__answers")})
    data["__prompts__"] = prompts
    return data


def root_cookiecutter_json(spec: Spec) -> dict[str, Any]:
    return {
        "templates": {
            stack: {
                "path": f"./templates/{stack}",
                "title": STACK_TITLES[stack],
                "description": spec.option("stack").help,
            }
            for stack in spec.stacks
        }
    }


def _hook_data(spec: Spec) -> dict[str, Any]:
    text_options = {
        o.name: {k: o.raw[k] for k in TEXT_RULE_KEYS if k in o.raw}
        for o in spec.options
        if o.kind == "text"
    }
    choices = {o.name: list(o.choices) for o in spec.choice_options() if o.name != "stack"}
    return {
        "slug": dict(spec.slug),
        "text": text_options,
        "choices": choices,
        "files": [dict(rule) for rule in spec.files],
    }


HOOK_ANSWERS = """
STACK = {{ cookiecutter.__stack|tojson }}
ANSWERS = {
{%- for name, value in cookiecutter.items() if not name.startswith("_") %}
    {{ name|tojson }}: {{ value|tojson }},
{%- endfor %}
}
"""

PRE_GEN_MAIN = """

def main() -> int:
    found = []
    for name, value in ANSWERS.items():
        if name in DATA["text"]:
            problem = text_problem(DATA["text"][name], value, DATA["slug"])
            if problem:
                found.append(f"{name}: {value!r} {problem}")
        elif name in DATA["choices"] and value not in DATA["choices"][name]:
            allowed = ", ".join(DATA["choices"][name])
            found.append(f"{name}: {value!r} is not allowed; choose one of: {allowed}")
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
"""

POST_GEN_MAIN = '''

def main() -> int:
    """Delete the files the answers do not keep, then the directories that became empty."""
    root = pathlib.Path.cwd()
    answers = dict(ANSWERS, stack=STACK)
    for path in sorted(root.rglob("*"), reverse=True):
        relpath = path.relative_to(root).as_posix()
        if path.is_file() and not is_kept(relpath, answers, STACK, DATA["files"]):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''


def hook_source(spec: Spec, main: str) -> str:
    rules_source = Path(rules.__file__).read_text(encoding="utf-8")
    data = json.dumps(_hook_data(spec), indent=2, sort_keys=True)
    # cookiecutter renders hooks with Jinja: only the answers block may be template code.
    return (
        f"# {GENERATED}\n{{% raw %}}"
        + rules_source
        + "\nimport json\nimport pathlib\nimport sys\n\n"
        + "DATA = json.loads(r'''\n"
        + data
        + "\n''')\n{% endraw %}"
        + HOOK_ANSWERS
        + main
    )


def _yaml(value: Any) -> str:
    """A YAML scalar; JSON strings are valid YAML and need no escaping rules of their own."""
    return json.dumps(value)


def _copier_validator(option: Option, spec: Spec) -> str:
    """The copier counterpart of rules.text_problem, as a Jinja template printing the error."""
    name = option.name
    raw = option.raw
    checks: list[tuple[str, str]] = []
    if not raw.get("allow_empty", False):
        checks.append((f"not {name}", "must not be empty"))
    checks.append((f"{name}|regex_search('[\\x00-\\x1f\\x7f]')", "must be a single line"))
    markers = " or ".join(f"'{m}' in {name}" for m in rules.JINJA_MARKERS)
    checks.append((markers, "must not contain template delimiters"))
    if "max_length" in raw:
        checks.append(
            (
                f"{name}|length > {raw['max_length']}",
                f"must be at most {raw['max_length']} characters",
            )
        )
    if "pattern" in raw:
        checks.append(
            (
                f"not ({name}|regex_search({_yaml(raw['pattern'])}))",
                f"must be {raw.get('pattern_help', 'valid')}",
            )
        )
    if raw.get("slug"):
        checks.append(
            (
                f"not ({name}|regex_search({_yaml(spec.slug['pattern'])}))",
                "must start with a lower-case letter and contain only a-z, 0-9 and _",
            )
        )
        reserved = sorted({*keyword.kwlist, *keyword.softkwlist, *spec.slug["reserved"]})
        checks.append(
            (
                f"{name} in {json.dumps(reserved)}",
                "is a keyword or would shadow a module the project imports",
            )
        )
    parts = []
    for index, (condition, message) in enumerate(checks):
        tag = "if" if index == 0 else "elif"
        parts.append(f"{{% {tag} {condition} %}}{name}: {message}")
    return "".join(parts) + "{% endif %}"


def copier_yml(spec: Spec) -> str:
    lines = [
        f"# {GENERATED}",
        "# Copier front door: renders templates/<stack>/{{cookiecutter.project_slug}} with the",
        "# same `cookiecutter` dict cookiecutter builds, so both engines give identical files.",
        '_min_copier_version: "9.4.0"',
        '_templates_suffix: ""',
        "_envops:",
        '  undefined: "jinja2.StrictUndefined"',
        "  keep_trailing_newline: true",
        "_subdirectory: "
        + _yaml("templates/{{ stack }}/{% raw %}" + render.PROJECT_DIR + "{% endraw %}"),
        "_answers_file: .copier-answers.yml",
        "_exclude:",
    ]
    for rule in spec.files:
        condition = " or ".join(
            f"{name} not in {json.dumps(allowed)}" for name, allowed in rule["keep_when"].items()
        )
        if "stacks" in rule:
            condition = f"stack in {json.dumps(rule['stacks'])} and ({condition})"
        for pattern in rule["paths"]:
            lines.append("  - " + _yaml(f"{{% if {condition} %}}/{pattern}{{% endif %}}"))
    lines.append("")
    for option in spec.options:
        lines.append(f"{option.name}:")
        lines.append("  type: str")
        lines.append(f"  help: {_yaml(option.prompt + ' — ' + option.help)}")
        if option.kind == "choice":
            lines.append("  choices: " + json.dumps(list(option.choices)))
        else:
            lines.append(f"  validator: {_yaml(_copier_validator(option, spec))}")
        lines.append(f"  default: {_yaml(option.default)}")
        if option.stacks is not None:
            lines.append(
                f"  when: {_yaml('{{ stack in ' + json.dumps(list(option.stacks)) + ' }}')}"
            )
        lines.append("")
    lines += _copier_cookiecutter_question(spec)
    return "\n".join(lines) + "\n"


def _copier_cookiecutter_question(spec: Spec) -> list[str]:
    """The computed `cookiecutter` dict: per stack, the same keys as its cookiecutter.json."""
    lines = [
        "# Never asked, never stored: the dict the templates read as `cookiecutter`.",
        "cookiecutter:",
        "  type: json",
        "  when: false",
        "  default: >-",
    ]
    branches = []
    for index, stack in enumerate(spec.stacks):
        entries = [f'"{o.name}": {o.name}' for o in spec.options_for(stack)]
        entries += [
            f'"__stack": "{stack}"',
            '"__inc": "templates/' + render.SHARED_PREFIX + '"',
            '"__answers": _copier_conf.answers_file|string',
        ]
        tag = "if" if index == 0 else "elif"
        branches.append(
            f'    {{% {tag} stack == "{stack}" %}}{{{{ {{{", ".join(entries)}}}|tojson }}}}'
        )
    lines += [*branches, "    {% endif %}"]
    return lines


def options_markdown(spec: Spec) -> str:
    lines = [
        "# Option reference",
        "",
        f"<!-- {GENERATED} -->",
        "",
        "| option | CLI flag | choices / form | default | stacks | help |",
        "|---|---|---|---|---|---|",
    ]
    for option in spec.options:
        form = ", ".join(f"`{c}`" for c in option.choices) if option.choices else "text"
        stacks = ", ".join(option.stacks) if option.stacks else "all"
        flag = "positional `NAME`" if option.name == "project_name" else f"`{option.flag}`"
        default = f"`{option.default}`" if option.default else "(empty)"
        lines.append(
            f"| `{option.name}` | {flag} | {form} | {default} | {stacks} | {option.help} |"
        )
    combos = list(spec.combinations())
    lines += ["", f"The full cross product of the choice options has {len(combos)} combinations."]
    return "\n".join(lines) + "\n"


def comparison_markdown(spec: Spec) -> str:
    intro = (
        "# Comparing the web stacks\n\n"
        f"<!-- {GENERATED} -->\n\n"
        "The same answers (PostgreSQL, no worker) rendered for each web stack. Every stack passes\n"
        "the same contract tests (`tests/test_contract.py` is identical in each), so the rows\n"
        "show what each framework needs to meet it: code, tests, dependencies, and where the\n"
        "contract's routes live. `stackplate compare` prints this for any database or worker.\n\n"
    )
    return intro + compare.to_markdown(compare.compare(spec, database="postgresql"))


def derived_files(spec: Spec, root: Path) -> dict[Path, str]:
    files: dict[Path, str] = {
        root / "cookiecutter.json": _json(root_cookiecutter_json(spec)),
        root / "copier.yml": copier_yml(spec),
        root / "templates" / "_hooks" / "pre_gen_project.py": hook_source(spec, PRE_GEN_MAIN),
        root / "templates" / "_hooks" / "post_gen_project.py": hook_source(spec, POST_GEN_MAIN),
        root / "docs" / "options.md": options_markdown(spec),
        root / "docs" / "comparison.md": comparison_markdown(spec),
    }
    for stack in spec.stacks:
        files[root / "templates" / stack / "cookiecutter.json"] = _json(
            stack_cookiecutter_json(spec, stack)
        )
    return files


def _json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    root = render.template_root()
    drifted = []
    for path, content in derived_files(load(), root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        drifted.append(path.relative_to(root))
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
    for path in drifted:
        print(f"{'drifted' if check else 'wrote'}: {path}")
    return 1 if check and drifted else 0


if __name__ == "__main__":
    sys.exit(main())
