"""Answer validation and file-keeping rules, shared by the CLI and the cookiecutter hooks.

This module must stay standard-library only: `stackplate.derive` embeds its source verbatim
(inside a raw block) into the cookiecutter hooks, so the CLI and cookiecutter apply the very
same checks.
"""

from __future__ import annotations

import fnmatch
import keyword
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Jinja delimiters in an answer would be rendered by cookiecutter but kept verbatim by copier,
# so the front doors would disagree: refuse them everywhere.
JINJA_MARKERS = ("{" + "{", "{" + "%", "{" + "#")


def text_problem(option: Mapping[str, Any], value: str, slug: Mapping[str, Any]) -> str | None:
    """Return why `value` is not acceptable for the text option, or None when it is fine."""
    if not value and not option.get("allow_empty", False):
        return "must not be empty"
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "must be a single line without control characters"
    if any(marker in value for marker in JINJA_MARKERS):
        return "must not contain template delimiters ({{ }}, {% %} or {# #})"
    max_length = option.get("max_length")
    if max_length is not None and len(value) > max_length:
        return f"must be at most {max_length} characters (got {len(value)})"
    pattern = option.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, value):
        return f"must be {option.get('pattern_help', 'of the form ' + pattern)}"
    if option.get("slug", False):
        return slug_problem(value, slug)
    return None


def slug_problem(value: str, slug: Mapping[str, Any]) -> str | None:
    """Why `value` cannot name the generated Python package, or None."""
    if not re.fullmatch(slug["pattern"], value):
        return (
            "must start with a lower-case letter and contain only a-z, 0-9 and _ "
            "(at most 40 characters); pass a slug explicitly if the name has other characters"
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return "is a Python keyword and cannot name a package"
    if value in slug["reserved"]:
        return "would shadow a module the project imports; pick another name"
    return None


def path_matches(relpath: str, pattern: str) -> bool:
    """True when `relpath` is `pattern` or lies below a directory that `pattern` names."""
    parts = relpath.split("/")
    pattern_parts = pattern.split("/")
    if len(pattern_parts) > len(parts):
        return False
    return all(
        fnmatch.fnmatchcase(part, want) for part, want in zip(parts, pattern_parts, strict=False)
    )


def is_kept(
    relpath: str, answers: Mapping[str, Any], stack: str, files: Sequence[Mapping[str, Any]]
) -> bool:
    """Whether the file at `relpath` belongs in a project generated with `answers`."""
    for rule in files:
        if "stacks" in rule and stack not in rule["stacks"]:
            continue
        if not any(path_matches(relpath, pattern) for pattern in rule["paths"]):
            continue
        for name, allowed in rule["keep_when"].items():
            if answers.get(name) not in allowed:
                return False
    return True
