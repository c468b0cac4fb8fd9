"""Enqueue work from the command line (or call `enqueue()` from your own code):

    python -m {{ cookiecutter.project_slug }}.produce "Some text to count" [--wait 10]
    echo "Some text" | python -m {{ cookiecutter.project_slug }}.produce -

The idempotency key defaults to the SHA-256 of the text: the same text is counted once.
"""

import argparse
import hashlib
import json
import sys

from celery import Celery
from celery.exceptions import TimeoutError as ResultTimeout

from {{ cookiecutter.project_slug }} import worker
from {{ cookiecutter.project_slug }}.tasks import COUNT_WORDS

MAX_KEY_LENGTH = 64


def idempotency_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def enqueue(app: Celery, text: str, key: str | None = None) -> tuple[str, str]:
    """Send a count_words task; returns its task id and idempotency key."""
    key = key or idempotency_key(text)
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"the key must be at most {MAX_KEY_LENGTH} characters")
    result = app.send_task(COUNT_WORDS, args=[key, text])
    return result.id, key


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m {{ cookiecutter.project_slug }}.produce",
        description="Queue a count_words task and print its task id as JSON.",
    )
    parser.add_argument("text", help='the text to count, or "-" to read it from stdin')
    parser.add_argument("--key", help="idempotency key (default: SHA-256 of the text)")
    parser.add_argument(
        "--wait", type=float, metavar="SECONDS", help="wait this long for the result and print it"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, app: Celery | None = None) -> int:
    args = parse_arguments(argv)
    app = app or worker.app
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        task_id, key = enqueue(app, text, args.key)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"task_id": task_id, "key": key}))
    if args.wait is None:
        return 0
    result = app.AsyncResult(task_id)
    try:
        value = result.get(timeout=args.wait, propagate=False)
    except ResultTimeout:
        print(f"error: no result within {args.wait:g} s (is a worker running?)", file=sys.stderr)
        return 1
    if result.failed():
        print(f"error: the task failed: {value!r}", file=sys.stderr)
        return 1
    print(json.dumps(value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
