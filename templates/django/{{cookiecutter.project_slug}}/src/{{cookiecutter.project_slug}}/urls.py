"""URL routes: health checks, the OpenAPI document, the items API{% if cookiecutter.worker == "celery" %} (and its tasks){% endif %} and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from {{ cookiecutter.project_slug }} import health
from {{ cookiecutter.project_slug }}.openapi import OpenApiView
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.processing import ProcessItemView, TaskView
{%- endif %}

urlpatterns = [
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("api/", include("{{ cookiecutter.project_slug }}.items.urls")),
{%- if cookiecutter.worker == "celery" %}
    path("api/items/<int:item_id>/process", ProcessItemView.as_view(), name="item-process"),
    path("api/tasks/<str:task_id>", TaskView.as_view(), name="task-detail"),
{%- endif %}
    path(settings.ADMIN_URL, admin.site.urls),
]

# Errors outside the API views answer in problem+json too.
handler400 = "{{ cookiecutter.project_slug }}.errors.bad_request"
handler403 = "{{ cookiecutter.project_slug }}.errors.permission_denied"
handler404 = "{{ cookiecutter.project_slug }}.errors.page_not_found"
handler500 = "{{ cookiecutter.project_slug }}.errors.server_error"
