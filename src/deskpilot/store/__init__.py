"""DeskPilot's own database: tables, migrations and the repository."""

from deskpilot.store._engine import make_engine, migrate
from deskpilot.store._repository import Database, Repository

__all__ = ["Database", "Repository", "make_engine", "migrate"]
