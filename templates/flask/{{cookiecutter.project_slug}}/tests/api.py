{% include cookiecutter.__inc ~ "tests/api.py" -%}
