{% include cookiecutter.__inc ~ "python/sync_database.py" -%}
