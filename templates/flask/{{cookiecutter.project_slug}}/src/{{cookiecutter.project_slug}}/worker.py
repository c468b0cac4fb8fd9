{% include cookiecutter.__inc ~ "python/worker.py" -%}
