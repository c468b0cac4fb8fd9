{% include cookiecutter.__inc ~ "tests/worker.py" -%}
