{% include cookiecutter.__inc ~ "alembic/0001_create_items.py" -%}
