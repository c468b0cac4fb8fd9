"""The {{ cookiecutter.project_slug }} service: settings, URLs and apps (see README.md)."""
