"""Alembic migrations for DeskPilot's own database."""
