{% include cookiecutter.__inc ~ "tests/test_worker_reliability.py" -%}
