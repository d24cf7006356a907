"""DeskPilot's own database: tables, migrations, the repository and the case event recorder."""

from deskpilot.store._engine import make_engine, migrate
from deskpilot.store._record import CaseRecorder
from deskpilot.store._repository import Database, Repository

__all__ = ["CaseRecorder", "Database", "Repository", "make_engine", "migrate"]
