"""The items API: list with pagination, create, read, partial update, delete."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import func, select

from {{ cookiecutter.project_slug }}.database import Session
from {{ cookiecutter.project_slug }}.models import Item
from {{ cookiecutter.project_slug }}.schemas import (
    ItemCreate,
    ItemPage,
    ItemRead,
    ItemUpdate,
)

router = APIRouter(prefix="/api/items", tags=["items"])

PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    404: {"description": "No item with this id", "content": {"application/problem+json": {}}},
    422: {"description": "Invalid request", "content": {"application/problem+json": {}}},
}


async def get_item_or_404(session: Session, item_id: int) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Item {item_id} not found")
    return item


@router.get("", response_model=ItemPage)
async def list_items(
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ItemPage:
    total = await session.scalar(select(func.count()).select_from(Item))
    rows = await session.scalars(select(Item).order_by(Item.id).limit(limit).offset(offset))
    return ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total or 0,
        limit=limit,
        offset=offset,
    )


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=ItemRead, responses=PROBLEM_RESPONSES
)
async def create_item(payload: ItemCreate, session: Session, response: Response) -> Item:
    item = Item(name=payload.name, description=payload.description, processed=False)
    session.add(item)
    await session.commit()
    response.headers["Location"] = f"/api/items/{item.id}"
    return item


@router.get("/{item_id}", response_model=ItemRead, responses=PROBLEM_RESPONSES)
async def read_item(item_id: int, session: Session) -> Item:
    return await get_item_or_404(session, item_id)


@router.patch("/{item_id}", response_model=ItemRead, responses=PROBLEM_RESPONSES)
async def update_item(item_id: int, payload: ItemUpdate, session: Session) -> Item:
    item = await get_item_or_404(session, item_id)
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await session.commit()
    return item


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEM_RESPONSES)
async def delete_item(item_id: int, session: Session) -> None:
    item = await get_item_or_404(session, item_id)
    await session.delete(item)
    await session.commit()
