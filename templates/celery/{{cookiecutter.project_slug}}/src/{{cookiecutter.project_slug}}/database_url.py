{% include cookiecutter.__inc ~ "python/database_url.py" -%}
