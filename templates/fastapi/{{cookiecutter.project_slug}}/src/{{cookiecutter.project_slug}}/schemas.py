"""Request and response bodies of the items API."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

Name = Annotated[str, Field(min_length=1, max_length=100, strict=True)]
Description = Annotated[str, Field(max_length=1000, strict=True)]


class ItemCreate(BaseModel):
    name: Name
    description: Description = ""


class ItemUpdate(BaseModel):
    """Partial update: only the fields sent change; none of them may be null."""

    name: Name | None = None
    description: Description | None = None

    @field_validator("name", "description", mode="before")
    @classmethod
    def refuse_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    processed: bool


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    limit: int
    offset: int
