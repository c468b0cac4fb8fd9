"""Worker health check for Docker and orchestrators: exit 0 when the worker answers a ping.

    python -m {{ cookiecutter.project_slug }}.healthcheck [--node NAME] [--timeout S]

The default node is `celery@<this host name>`, the name `celery worker` gives itself, so in a
container the check asks the worker of that very container.
"""

import argparse
import socket
import sys

from celery import Celery

from {{ cookiecutter.project_slug }} import worker
from {{ cookiecutter.project_slug }}.celery_config import worker_answers


def main(argv: list[str] | None = None, app: Celery | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m {{ cookiecutter.project_slug }}.healthcheck",
        description="Exit 0 when the Celery worker answers a ping, 1 otherwise.",
    )
    parser.add_argument("--node", default=f"celery@{socket.gethostname()}")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    args = parser.parse_args(argv)
    if worker_answers(app or worker.app, args.node, args.timeout):
        print(f"{args.node}: ok")
        return 0
    print(f"{args.node}: no answer within {args.timeout:g} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
