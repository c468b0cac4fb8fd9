"""gunicorn settings: `uv run gunicorn` in the project root serves the app with them.

Override any of them on the command line or in GUNICORN_CMD_ARGS, e.g.
`GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4"`. Without --bind, gunicorn listens on
127.0.0.1:8000 (or on $PORT); WEB_CONCURRENCY sets the number of workers.
"""

wsgi_app = "{{ cookiecutter.project_slug }}.app:create_app()"
# Access and error logs on stdout/stderr, where containers and process managers collect them.
accesslog = "-"
errorlog = "-"
# Replace each worker after a while, so a slow leak cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
# No runtime-control socket (gunicorn 25.1+ opens one in $HOME): the process manager or
# container runtime controls the server, and a non-root user may have no writable home.
control_socket_disable = True
