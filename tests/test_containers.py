"""Build each stack's image with podman, run it, and check it the way an orchestrator would:
it answers /health from the host (web stacks) or a ping through Redis (workers), runs as the
non-root numeric user, and passes its own HEALTHCHECK.

Setup: `bash .ci/containers.sh && source .ci/containers.env` (podman, a containers.conf this
sandbox can run with, and local base images, since no registry is reachable). Without podman or
a base image the tests skip, unless STACKPLATE_REQUIRE_SERVICES=1 makes that a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from stackplate import render
from stackplate import spec as spec_module

REQUIRE = os.environ.get("STACKPLATE_REQUIRE_SERVICES") == "1"
PYTHON = os.environ.get("STACKPLATE_CONTAINERS_PYTHON", "3.12")
DEFAULT_CONF = Path.home() / ".cache/stackplate/containers/containers.conf"
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
REDIS = ("127.0.0.1", 6379)
# A Redis database of its own, so test workers never meet anyone else's tasks.
REDIS_URL = "redis://127.0.0.1:6379/15"
NON_ROOT_UID = "10001"
READY_SECONDS = 90
TIMINGS: dict[str, float] = {}


def skip_or_fail(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"{reason} (STACKPLATE_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def run(command: Sequence[str], *, timeout: float = 600, cwd: Path | None = None) -> str:
    outcome = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if outcome.returncode != 0:
        detail = (outcome.stdout + outcome.stderr)[-4000:]
        raise AssertionError(f"{' '.join(command)} exited {outcome.returncode}:\n{detail}")
    return outcome.stdout


@dataclass(frozen=True)
class Engine:
    podman: str
    uv: str
    base_image: str


@pytest.fixture(scope="session")
def engine() -> Engine:
    podman = shutil.which("podman")
    if podman is None:
        skip_or_fail("podman is not installed: run .ci/containers.sh")
        raise AssertionError("unreachable")
    uv = shutil.which("uv")
    if uv is None:
        skip_or_fail("uv is not installed: it locks the generated projects")
        raise AssertionError("unreachable")
    if "CONTAINERS_CONF" not in os.environ and DEFAULT_CONF.exists():
        os.environ["CONTAINERS_CONF"] = str(DEFAULT_CONF)
    variable = "STACKPLATE_BASE_IMAGE_" + PYTHON.replace(".", "")
    base_image = os.environ.get(variable, f"localhost/stackplate-base:{PYTHON}")
    exists = subprocess.run([podman, "image", "exists", base_image], check=False)
    if exists.returncode != 0:
        skip_or_fail(f"no base image {base_image}: run .ci/containers.sh (registries unreachable)")
    return Engine(podman, uv, base_image)


def cases() -> list[Any]:
    spec = spec_module.load()
    found = []
    for stack in spec.stacks:
        workers = spec.option("worker").choices if spec.option("worker").applies_to(stack) else ()
        for worker in workers or (None,):
            name = stack if worker in (None, "none") else f"{stack}-{worker}"
            found.append(pytest.param((stack, worker), id=name))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Project:
    stack: str
    slug: str
    path: Path
    tree: dict[str, render.RenderedFile]
    image: str


@pytest.fixture
def project(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Project]:
    stack, worker = request.param
    given = {"project_name": "Shop", "database": "sqlite", "python_version": PYTHON}
    if worker is not None:
        given["worker"] = worker
    answers = spec_module.load().default_answers(stack, given)
    tree = render.render_tree(answers)
    if "Dockerfile" not in tree:
        pytest.fail(f"{stack} renders no Dockerfile with docker=yes")
    slug = answers["project_slug"]
    if worker == "celery" and f"src/{slug}/worker.py" not in tree:
        pytest.skip(f"the {stack} stack has no Celery worker module yet")
    path = render.write_project(answers, tmp_path)
    run([engine.uv, "lock", "--quiet", "--python", PYTHON], cwd=path)
    image = f"localhost/stackplate-test-{request.node.callspec.id}:latest"
    started = time.perf_counter()
    # docker format: OCI images drop HEALTHCHECK. No layer cache: nothing is left behind.
    build = [engine.podman, "build", "--quiet", "--format", "docker", "--layers=false"]
    build += ["--network", "host"]
    build += ["--build-arg", f"BASE_IMAGE={engine.base_image}", "--tag", image]
    if HOST_CA_BUNDLE.exists():
        # Package downloads go through a TLS-inspecting proxy; the base image carries its CA.
        build += ["--build-arg", f"SSL_CERT_FILE={HOST_CA_BUNDLE}"]
    run([*build, "."], cwd=path, timeout=900)
    TIMINGS[request.node.callspec.id] = time.perf_counter() - started
    yield Project(stack, slug, path, tree, image)
    subprocess.run(
        [engine.podman, "image", "rm", "--force", image], capture_output=True, check=False
    )


class Container:
    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name

    def start(self, image: str, options: Sequence[str], command: Sequence[str] = ()) -> None:
        run([self.engine.podman, "run", "--detach", "--name", self.name, *options, image, *command])

    def healthcheck(self) -> bool:
        # Prints a warning about systemd timers where there is no systemd: harmless.
        outcome = subprocess.run(
            [self.engine.podman, "healthcheck", "run", self.name],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return outcome.returncode == 0

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while not self.healthcheck():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} never became healthy:\n{self.logs()}")
            self.assert_running()
            time.sleep(2)

    def assert_running(self) -> None:
        state = run([self.engine.podman, "inspect", "--format", "{{.State.Status}}", self.name])
        assert state.strip() == "running", f"{self.name} is {state.strip()}:\n{self.logs()}"

    def uids(self) -> set[str]:
        """The real, effective, saved and filesystem user ids of the container's PID 1."""
        status = run([self.engine.podman, "exec", self.name, "cat", "/proc/1/status"])
        line = next(line for line in status.splitlines() if line.startswith("Uid:"))
        return set(line.split()[1:])

    def exec_uid(self) -> str:
        return run([self.engine.podman, "exec", self.name, "id", "-u"]).strip()

    def logs(self) -> str:
        outcome = subprocess.run(
            [self.engine.podman, "logs", self.name], capture_output=True, text=True, check=False
        )
        return (outcome.stdout + outcome.stderr)[-4000:]

    def remove(self) -> None:
        subprocess.run(
            [self.engine.podman, "rm", "--force", "--time", "2", self.name],
            capture_output=True,
            check=False,
        )


@pytest.fixture
def containers(engine: Engine) -> Iterator[list[Container]]:
    started: list[Container] = []
    yield started
    for container in started:
        container.remove()


def settings(project: Project, *, redis: bool) -> list[str]:
    values = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:////data/{project.slug}.db",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
    }
    if redis:
        values["REDIS_URL"] = REDIS_URL
        values["REDIS_KEY_PREFIX"] = f"stackplate-test-{uuid.uuid4().hex[:8]}:"
    return [option for name, value in values.items() for option in ("--env", f"{name}={value}")]


def assert_image_config(engine: Engine, project: Project) -> None:
    inspected = json.loads(run([engine.podman, "image", "inspect", project.image]))[0]
    config = inspected["Config"]
    assert config.get("User") == f"{NON_ROOT_UID}:{NON_ROOT_UID}"
    # podman reports the (docker-format) healthcheck beside Config, docker inside it.
    healthcheck = config.get("Healthcheck") or inspected.get("Healthcheck") or {}
    assert healthcheck.get("Test"), "the image has no HEALTHCHECK"
    assert config.get("Cmd"), "the image has no CMD"


def get_health(port: int) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/health")
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 - local URL
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_for_health(container: Container, port: int) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while (status := get_health(port)) != 200:
        if time.monotonic() > deadline:
            raise AssertionError(f"/health answered {status}:\n{container.logs()}")
        container.assert_running()
        time.sleep(1)


def unescape(value: Any) -> Any:
    """What compose makes of a value: `$$` is a literal `$` (interpolation is not needed)."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [unescape(item) for item in value]
    return value


def check_worker(engine: Engine, project: Project, container: Container) -> None:
    """Run a worker from this image the way compose.yaml does, and ask it for a ping."""
    if not redis_reachable():
        skip_or_fail(f"Redis is not reachable on {REDIS[0]}:{REDIS[1]}")
    compose = yaml.safe_load(project.tree["compose.yaml"].content)
    service = compose["services"]["worker"]
    options = ["--network", "host", "--hostname", container.name, *settings(project, redis=True)]
    test = unescape(service.get("healthcheck", {}).get("test"))
    if test:
        # compose's healthcheck replaces the image's (which asks the web server). podman 4
        # takes it as one shell command line.
        kind, *arguments = test
        command = arguments[0] if kind == "CMD-SHELL" else shlex.join(arguments)
        options += ["--health-cmd", command]
    container.start(project.image, options, unescape(service.get("command", [])))
    container.wait_healthy()
    assert container.uids() == {NON_ROOT_UID}
    assert container.exec_uid() == NON_ROOT_UID


@pytest.mark.parametrize("project", cases(), indirect=True)
def test_image(engine: Engine, project: Project, containers: list[Container]) -> None:
    assert_image_config(engine, project)
    suffix = uuid.uuid4().hex[:8]
    web = project.stack != "celery"
    if web:
        app = Container(engine, f"stackplate-test-{project.stack}-{suffix}")
        containers.append(app)
        port = free_port()
        options = ["--publish", f"127.0.0.1:{port}:8000", *settings(project, redis=False)]
        app.start(project.image, options)
        wait_for_health(app, port)
        assert app.uids() == {NON_ROOT_UID}
        assert app.exec_uid() == NON_ROOT_UID
        app.wait_healthy()
    if not web or "worker" in yaml.safe_load(project.tree["compose.yaml"].content)["services"]:
        worker = Container(engine, f"stackplate-test-{project.stack}-worker-{suffix}")
        containers.append(worker)
        if web:
            check_worker(engine, project, worker)
        else:
            if not redis_reachable():
                skip_or_fail(f"Redis is not reachable on {REDIS[0]}:{REDIS[1]}")
            options = ["--network", "host", "--hostname", worker.name]
            worker.start(project.image, [*options, *settings(project, redis=True)])
            worker.wait_healthy()
            assert worker.uids() == {NON_ROOT_UID}
            assert worker.exec_uid() == NON_ROOT_UID


def test_report_build_times(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last (file order): prints how long each image took to build."""
    if TIMINGS:
        with capsys.disabled():
            print("\nimage builds: " + ", ".join(f"{k} {v:.0f} s" for k, v in TIMINGS.items()))
