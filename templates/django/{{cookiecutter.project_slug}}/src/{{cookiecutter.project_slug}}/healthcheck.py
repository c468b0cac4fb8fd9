{% include cookiecutter.__inc ~ "python/healthcheck.py" -%}
