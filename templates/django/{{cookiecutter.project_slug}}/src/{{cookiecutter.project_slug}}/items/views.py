"""The items API: list with pagination, create, read, partial update, delete."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from {{ cookiecutter.project_slug }}.items.models import Item
from {{ cookiecutter.project_slug }}.items.serializers import (
    PROBLEM,
    ItemPageSerializer,
    ItemSerializer,
    PageQuerySerializer,
)
from {{ cookiecutter.project_slug }}.problems import PROBLEM_CONTENT_TYPE

# Error responses as the schema documents them: problem+json bodies.
NOT_FOUND = {
    (404, PROBLEM_CONTENT_TYPE): OpenApiResponse(PROBLEM, description="No item with this id")
}
INVALID = {(422, PROBLEM_CONTENT_TYPE): OpenApiResponse(PROBLEM, description="Invalid request")}


def get_item_or_404(item_id: int) -> Item:
    try:
        return Item.objects.get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound(f"Item {item_id} not found") from None


@extend_schema(tags=["items"])
class ItemListView(APIView):
    @extend_schema(
        operation_id="list_items",
        parameters=[PageQuerySerializer],
        responses={200: ItemPageSerializer, **INVALID},
    )
    def get(self, request: Request) -> Response:
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit: int = query.validated_data["limit"]
        offset: int = query.validated_data["offset"]
        items = Item.objects.order_by("id")[offset : offset + limit]
        return Response(
            {
                "items": ItemSerializer(items, many=True).data,
                "total": Item.objects.count(),
                "limit": limit,
                "offset": offset,
            }
        )

    @extend_schema(
        operation_id="create_item",
        request=ItemSerializer,
        responses={201: ItemSerializer, **INVALID},
    )
    def post(self, request: Request) -> Response:
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = serializer.save()
        return Response(
            serializer.data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("item-detail", args=[item.pk])},
        )


@extend_schema(tags=["items"])
class ItemDetailView(APIView):
    @extend_schema(operation_id="read_item", responses={200: ItemSerializer, **NOT_FOUND})
    def get(self, request: Request, item_id: int) -> Response:
        return Response(ItemSerializer(get_item_or_404(item_id)).data)

    @extend_schema(
        operation_id="update_item",
        request=ItemSerializer,
        responses={200: ItemSerializer, **NOT_FOUND, **INVALID},
    )
    def patch(self, request: Request, item_id: int) -> Response:
        serializer = ItemSerializer(get_item_or_404(item_id), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    @extend_schema(operation_id="delete_item", responses={204: None, **NOT_FOUND})
    def delete(self, request: Request, item_id: int) -> Response:
        get_item_or_404(item_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
