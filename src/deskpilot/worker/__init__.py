"""Turns taken by Celery workers (``deskpilot worker``): the broker's app, the queue the API
processes submit turns to, and the task the workers run."""

from deskpilot.worker._celery import (
    TAKE_TURN,
    CeleryTurnQueue,
    celery_app,
    keep_consuming,
    register_turn_task,
)

__all__ = ["TAKE_TURN", "CeleryTurnQueue", "celery_app", "keep_consuming", "register_turn_task"]
