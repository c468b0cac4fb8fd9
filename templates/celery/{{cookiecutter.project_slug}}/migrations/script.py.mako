{% include cookiecutter.__inc ~ "alembic/script.py.mako" -%}
