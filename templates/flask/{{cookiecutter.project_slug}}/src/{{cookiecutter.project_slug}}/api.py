"""The items API: list with pagination, create, read, partial update, delete."""

from flask import Blueprint, Response, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from {{ cookiecutter.project_slug }}.database import get_session
from {{ cookiecutter.project_slug }}.errors import json_body, validate
from {{ cookiecutter.project_slug }}.models import Item
from {{ cookiecutter.project_slug }}.schemas import (
    ITEM_CREATE,
    ITEM_UPDATE,
    PAGING,
    ItemPage,
    ItemRead,
)

blueprint = Blueprint("items", __name__, url_prefix="/api/items")
# Ids beyond the database's integer range name no item: 404 from routing, not a database error.
ITEM_ID = "/<int(max=2147483647):item_id>"

JsonObject = dict[str, object]


def get_item_or_404(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    return item


def serialize(item: Item) -> JsonObject:
    return ItemRead.model_validate(item).model_dump(mode="json")


@blueprint.get("")
def list_items() -> JsonObject:
    paging = validate(PAGING, request.args.to_dict())
    session = get_session()
    total = session.scalar(select(func.count()).select_from(Item)) or 0
    rows = session.scalars(select(Item).order_by(Item.id).limit(paging.limit).offset(paging.offset))
    page = ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page.model_dump(mode="json")


@blueprint.post("")
def create_item() -> tuple[JsonObject, int, dict[str, str]]:
    payload = validate(ITEM_CREATE, json_body())
    session = get_session()
    item = Item(name=payload.name, description=payload.description, processed=False)
    session.add(item)
    session.commit()
    location = url_for(".read_item", item_id=item.id, _external=True)
    return serialize(item), 201, {"Location": location}


@blueprint.get(ITEM_ID)
def read_item(item_id: int) -> JsonObject:
    return serialize(get_item_or_404(get_session(), item_id))


@blueprint.patch(ITEM_ID)
def update_item(item_id: int) -> JsonObject:
    changes = validate(ITEM_UPDATE, json_body())
    session = get_session()
    item = get_item_or_404(session, item_id)
    for field, value in changes.items():
        setattr(item, field, value)
    session.commit()
    return serialize(item)


@blueprint.delete(ITEM_ID)
def delete_item(item_id: int) -> Response:
    session = get_session()
    session.delete(get_item_or_404(session, item_id))
    session.commit()
    response = Response(status=204)
    del response.headers["Content-Type"]  # no content, no content type
    return response
