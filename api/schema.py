"""drf-spectacular hooks."""

from __future__ import annotations

from typing import Any


def only_api_paths(endpoints: list[tuple[str, str, str, Any]], **kwargs: Any) -> list:
    """Document our API only, not Wagtail admin's internal endpoints on the same domain."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
