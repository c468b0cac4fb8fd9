"""The combination matrix: every valid combination, and the distinct runtime ones."""

from __future__ import annotations

from collections.abc import Mapping

from stackplate.spec import Spec, load


def runtime_key(combination: Mapping[str, str], spec: Spec | None = None) -> tuple[str, ...]:
    spec = spec or load()
    return tuple(combination.get(o.name, "") for o in spec.options if o.runtime)


def env_name(combination: Mapping[str, str]) -> str:
    """The tox env that installs and tests this combination, e.g. `django-mysql-celery-py313`."""
    parts = [combination["stack"], combination["database"]]
    if combination.get("worker", "none") != "none":
        parts.append(combination["worker"])
    parts.append("py" + combination["python_version"].replace(".", ""))
    return "-".join(parts)


def runtime_combinations(spec: Spec | None = None) -> list[dict[str, str]]:
    """One combination per distinct runtime key, with every non-runtime option at its default."""
    spec = spec or load()
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for combination in spec.combinations():
        key = runtime_key(combination, spec)
        if key in seen:
            continue
        runtime = {
            o.name: combination[o.name] for o in spec.options if o.runtime and o.name in combination
        }
        seen[key] = spec.default_answers(combination["stack"], runtime)
    return list(seen.values())


def by_env_name(name: str, spec: Spec | None = None) -> dict[str, str]:
    for combination in runtime_combinations(spec):
        if env_name(combination) == name:
            return combination
    raise KeyError(f"no runtime combination is called {name!r}")
