{% include cookiecutter.__inc ~ "python/logs.py" -%}
