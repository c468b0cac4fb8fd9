"""Request and response bodies of the items API (pydantic), also the OpenAPI components."""

{% if cookiecutter.worker == "celery" -%}
from typing import Annotated, Any, TypedDict
{%- else -%}
from typing import Annotated, TypedDict
{%- endif %}

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

Name = Annotated[str, Field(min_length=1, max_length=100, strict=True)]
Description = Annotated[str, Field(max_length=1000, strict=True)]


class ItemCreate(BaseModel):
    name: Name
    description: Description = ""


class ItemUpdate(TypedDict, total=False):
    """Partial update: only the fields sent change, and none of them may be null."""

    name: Name
    description: Description


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    processed: bool = Field(description="Set by the service, never by a client.")


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    limit: int
    offset: int


class Paging(BaseModel):
    """Query parameters of the list endpoint (query strings arrive as text: lax parsing)."""

    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0)

{%- if cookiecutter.worker == "celery" %}


class TaskAccepted(BaseModel):
    task_id: str = Field(description="Poll GET /api/tasks/{task_id} for its state.")


class TaskStatus(BaseModel):
    id: str
    state: str = Field(description="PENDING (or unknown), STARTED, RETRY, SUCCESS or FAILURE")
    result: Any = Field(default=None, description="What the task returned, once it succeeded.")
    error: str | None = Field(default=None, description="The exception type, once it failed.")
{%- endif %}


ITEM_CREATE = TypeAdapter(ItemCreate)
ITEM_UPDATE = TypeAdapter(ItemUpdate)
PAGING = TypeAdapter(Paging)
