"""Request and response bodies of the items API, and the problem bodies it documents."""

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from {{ cookiecutter.project_slug }}.items.models import Item


class StrictCharField(serializers.CharField):
    """A string field that refuses numbers instead of turning 5 into "5", and keeps blanks."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ItemSerializer(serializers.ModelSerializer[Item]):
    name = StrictCharField(min_length=1, max_length=100)
    description = StrictCharField(max_length=1000, allow_blank=True, required=False)

    class Meta:
        model = Item
        fields = ("id", "name", "description", "processed")
        read_only_fields = ("id", "processed")


class PageQuerySerializer(serializers.Serializer[dict[str, int]]):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    offset = serializers.IntegerField(min_value=0, default=0)


class ItemPageSerializer(serializers.Serializer[dict[str, Any]]):
    items = ItemSerializer(many=True)
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()


class FieldErrorSerializer(serializers.Serializer[dict[str, str]]):
    field = serializers.CharField()
    message = serializers.CharField()


# RFC 9457 problem details, for the schema; `errors` lists the invalid fields of a 422. (Built
# from a dict: a serializer class cannot declare a field called `errors`.)
PROBLEM = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(),
        "title": serializers.CharField(),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(),
        "errors": FieldErrorSerializer(many=True, required=False),
    },
)
