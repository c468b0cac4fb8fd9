"""The {{ cookiecutter.project_slug }} service."""
