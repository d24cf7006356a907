"""DeskPilot's own database: tables, migrations, the repository, the case event recorder and
the event log's audit chain."""

from deskpilot.store._audit import AuditReport
from deskpilot.store._engine import make_engine, migrate
from deskpilot.store._privacy import COVERED, NOT_CUSTOMER_DATA, Erasure, PrivacyDesk, Subject
from deskpilot.store._record import CaseRecorder
from deskpilot.store._repository import Database, Repository, SearchHit

__all__ = [
    "COVERED",
    "NOT_CUSTOMER_DATA",
    "AuditReport",
    "CaseRecorder",
    "Database",
    "Erasure",
    "PrivacyDesk",
    "Repository",
    "SearchHit",
    "Subject",
    "make_engine",
    "migrate",
]
