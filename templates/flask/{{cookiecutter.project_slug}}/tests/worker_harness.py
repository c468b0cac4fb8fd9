{% include cookiecutter.__inc ~ "tests/worker_harness.py" -%}
