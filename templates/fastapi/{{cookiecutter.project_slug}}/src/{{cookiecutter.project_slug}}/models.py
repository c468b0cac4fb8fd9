{% include cookiecutter.__inc ~ "python/models.py" -%}
