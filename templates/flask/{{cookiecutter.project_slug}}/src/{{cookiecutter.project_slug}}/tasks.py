{% include cookiecutter.__inc ~ "python/tasks.py" -%}
