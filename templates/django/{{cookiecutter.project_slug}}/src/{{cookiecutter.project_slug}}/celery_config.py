{% include cookiecutter.__inc ~ "python/celery_config.py" -%}
