from django.urls import path

from {{ cookiecutter.project_slug }}.items.views import ItemDetailView, ItemListView

urlpatterns = [
    path("items", ItemListView.as_view(), name="item-list"),
    path("items/<int:item_id>", ItemDetailView.as_view(), name="item-detail"),
]
