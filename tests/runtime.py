"""Render one runtime combination, install it with uv and run its own checks for real.

Usage: python tests/runtime.py <env-name> [--keep]      e.g. fastapi-postgresql-celery-py313

Steps: render with stackplate, create a throwaway database (PostgreSQL/MariaDB), `uv sync` with
the combination's Python, `make check` (lint, types, migrations check, tests against the real
database and Redis), then `pre-commit run --all-files`, which must pass and change nothing.
Prints a closing `N passed, N failed` line over the steps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from services import (
    DATABASE_SERVICES,
    REDIS,
    create_database,
    drop_database,
    services_required,
)
from stackplate import matrix, render

EXIT_SKIPPED = 0


class StepFailed(Exception):
    pass


def find_python(version: str) -> str:
    """An interpreter for `version`: override, PATH (pyenv shims), or pyenv's versions dir."""
    override = os.environ.get(f"STACKPLATE_PYTHON_{version.replace('.', '_')}")
    candidates = [override] if override else []
    candidates.append(shutil.which(f"python{version}"))
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(
        str(p) for p in pyenv_root.glob(f"versions/{version}.*/bin/python{version}")
    )
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "--version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return candidate
    raise StepFailed(f"no Python {version} found (tried {candidates})")


def run(step: str, command: list[str], cwd: Path, env: dict[str, str]) -> None:
    started = time.monotonic()
    print(f"--- {step}: {' '.join(command)}", flush=True)
    result = subprocess.run(command, cwd=cwd, env=env, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise StepFailed(f"{step} failed with exit code {result.returncode} after {elapsed:.1f}s")
    print(f"--- {step}: ok in {elapsed:.1f}s", flush=True)


def skip_or_fail(reason: str) -> int:
    if services_required():
        print(f"FAILED: {reason} (STACKPLATE_REQUIRE_SERVICES=1)", file=sys.stderr)
        return 1
    print(f"SKIPPED: {reason}")
    return EXIT_SKIPPED


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("env_name")
    parser.add_argument("--keep", action="store_true", help="keep the rendered project")
    arguments = parser.parse_args()

    answers = matrix.by_env_name(arguments.env_name)
    database = answers["database"]
    needs_redis = answers["stack"] == "celery" or answers.get("worker") == "celery"
    wanted = [DATABASE_SERVICES[database]] if database in DATABASE_SERVICES else []
    wanted += [REDIS] if needs_redis else []
    for service in wanted:
        reason = service.unavailable_reason()
        if reason:
            return skip_or_fail(reason)

    work = Path(tempfile.mkdtemp(prefix=f"stackplate-{arguments.env_name}-"))
    database_name = f"sp_{arguments.env_name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "TOX_"))}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".tox" not in p
    )
    steps = {"render": False, "install": False, "make check": False, "pre-commit": False}
    created = False
    try:
        project = render.write_project(answers, work)
        steps["render"] = True
        if database == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{work / 'app.db'}"
        else:
            env["DATABASE_URL"] = create_database(database, database_name)
            created = True
        # Parallel envs pick different Redis databases; tests add their own key prefixes.
        redis_db = zlib.crc32(arguments.env_name.encode()) % 16
        env["REDIS_URL"] = f"{REDIS.url}/{redis_db}"
        python = find_python(answers["python_version"])
        run("git init", ["git", "init", "-q", "-b", "main"], project, env)
        run("install", ["uv", "sync", "--python", python], project, env)
        steps["install"] = True
        run("make check", ["make", "check"], project, env)
        steps["make check"] = True
        if (project / ".pre-commit-config.yaml").exists():
            run("git add", ["git", "add", "-A"], project, env)
            run(
                "pre-commit",
                [
                    "uv",
                    "run",
                    "--frozen",
                    "pre-commit",
                    "run",
                    "--all-files",
                    "--show-diff-on-failure",
                ],
                project,
                env,
            )
            # Everything was staged before the hooks ran: any unstaged change or new file
            # is something a hook rewrote or created.
            changed = subprocess.run(
                ["git", "status", "--porcelain"],
                cwd=project,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()
            touched = [line for line in changed if line[1:2] != " " or line.startswith("??")]
            if touched:
                raise StepFailed("pre-commit changed files:\n" + "\n".join(touched))
        else:
            print("--- pre-commit: no .pre-commit-config.yaml in this project")
        steps["pre-commit"] = True
    except StepFailed as error:
        print(f"FAILED: {error}", file=sys.stderr)
    finally:
        if created:
            drop_database(database, database_name)
        if arguments.keep:
            print(f"kept the project in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(steps.values())
    print(f"{arguments.env_name}: {passed} passed, {len(steps) - passed} failed")
    return 0 if passed == len(steps) else 1


if __name__ == "__main__":
    sys.exit(main())
