from django.contrib import admin

from {{ cookiecutter.project_slug }}.items.models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ("id", "name", "processed")
    search_fields = ("name",)
