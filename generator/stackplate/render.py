"""Render a project from the template: in memory, then atomically onto disk."""

from __future__ import annotations

import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from stackplate import spec as spec_module

PROJECT_DIR = "{{cookiecutter.project_slug}}"
# What cookiecutter's loader sees as `../templates` from inside a stack (see DESIGN section 1).
SHARED_PREFIX = "_shared/"


class TargetExistsError(Exception):
    """The output directory exists and is not empty, and --force was not given."""


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    mode: int


def template_root() -> Path:
    """The template as shipped in the wheel, or the repository root in a checkout."""
    packaged = Path(__file__).with_name("template")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def cookiecutter_context(answers: Mapping[str, str]) -> dict[str, str]:
    """The `cookiecutter` dict the templates see, exactly as cookiecutter builds it."""
    context = {name: value for name, value in answers.items() if name != "stack"}
    context.update({"__stack": answers["stack"], "__inc": SHARED_PREFIX, "__answers": ""})
    return context


@cache
def _environment(stack: str) -> jinja2.Environment:
    root = template_root()
    # Same loader search path and options as cookiecutter's StrictEnvironment.
    loader = jinja2.FileSystemLoader(
        [str(root / "templates" / stack / PROJECT_DIR), str(root / "templates")]
    )
    # Not HTML: the templates render code and config, so autoescaping would corrupt them.
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701
        cache_size=2000,
    )


@cache
def _path_template(stack: str, template_name: str) -> jinja2.Template:
    """File names are templates too; compiling each once makes matrix-wide rendering cheap."""
    return _environment(stack).from_string(template_name)


def render_tree(answers: Mapping[str, str]) -> dict[str, RenderedFile]:
    """Render every kept file of the project, keyed by its POSIX path inside the project."""
    spec = spec_module.load()
    stack = answers["stack"]
    source = template_root() / "templates" / stack / PROJECT_DIR
    environment = _environment(stack)
    context = {"cookiecutter": cookiecutter_context(answers)}
    tree: dict[str, RenderedFile] = {}
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        template_name = path.relative_to(source).as_posix()
        relpath = _path_template(stack, template_name).render(context)
        if not relpath or relpath.endswith("/") or "//" in relpath:
            continue  # an empty name means "not for this front door" (the copier answers file)
        if not spec.is_kept(relpath, answers):
            continue
        text = environment.get_template(template_name).render(context)
        mode = stat.S_IMODE(path.stat().st_mode)
        tree[relpath] = RenderedFile(text.encode("utf-8"), mode)
    return tree


def write_project(answers: Mapping[str, str], output_dir: Path, *, force: bool = False) -> Path:
    """Render into a staging directory, then move it into place: never a half-written target."""
    target = output_dir / answers["project_slug"]
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not force:
        raise TargetExistsError(
            f"{target} already exists and is not empty; pass --force to render into it"
        )
    tree = render_tree(answers)
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=output_dir))
    try:
        for relpath, rendered in tree.items():
            destination = staging / relpath
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(rendered.content)
            destination.chmod(rendered.mode)
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        if not target.exists():
            staging.rename(target)
            return target
        # --force into a non-empty directory: replace the template's files, keep the user's others.
        for relpath in tree:
            destination = target / relpath
            destination.parent.mkdir(parents=True, exist_ok=True)
            (staging / relpath).replace(destination)
        return target
    finally:
        if staging.exists():
            shutil.rmtree(staging)
