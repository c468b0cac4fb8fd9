"""The wheel carries the template: an installed stackplate works far from this repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_installed_wheel_generates_a_project_outside_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        ["uv", "build", "--wheel", "-q", "-o", str(tmp_path / "dist"), str(ROOT)], check=True
    )
    wheel = next((tmp_path / "dist").glob("stackplate-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "-p", sys.executable, str(venv)], check=True)
    subprocess.run(
        ["uv", "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel)], check=True
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stackplate = str(venv / "bin" / "stackplate")
    created = subprocess.run(
        [stackplate, "new", "demo", "--stack", "fastapi", "--database", "sqlite", "--no-input"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    assert (elsewhere / "demo" / "src" / "demo" / "main.py").is_file()
    assert (elsewhere / "demo" / ".gitignore").is_file()
    refused = subprocess.run(
        [stackplate, "new", "other", "--stack", "rails", "--no-input"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert "--stack: 'rails' is not allowed" in refused.stderr
    assert not (elsewhere / "other").exists()
