"""The HTTP API: one router per resource, errors as problem+json."""

from deskpilot.api._app import create_app
from deskpilot.api._logs import configure_logging

__all__ = ["configure_logging", "create_app"]
