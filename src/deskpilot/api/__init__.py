"""The HTTP API: one router per resource, errors as problem+json."""

from deskpilot.api._app import create_app

__all__ = ["create_app"]
