"""The interface the shared contract tests drive; each stack's conftest adapts its test client."""

from collections.abc import Mapping
from typing import Any, Protocol


class ApiResponse(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]:
        """Case-insensitive response headers."""
        ...

    def json(self) -> Any: ...


class ApiClient(Protocol):
    def request(
        self,
        method: str,
        path: str,
        /,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse: ...
