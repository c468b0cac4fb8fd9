{% include cookiecutter.__inc ~ "python/problems.py" -%}
