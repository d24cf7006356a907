"""Masking personal data before arguments and results enter the audit log."""

from __future__ import annotations

import re
from typing import Any

_PERSONAL_KEYS = frozenset(
    {
        "email",
        "first_name",
        "last_name",
        "name",
        "address1",
        "address2",
        "zip",
        "phone",
        "city",
        "last_four",
    }
)
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")


def _mask_text(value: str) -> str:
    if "@" in value:
        return _EMAIL.sub(r"\1***@\2", value)
    if len(value) <= 2:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 1)


def mask_personal(value: Any, key: str | None = None) -> Any:
    """A copy of ``value`` with names, emails, addresses and similar fields masked."""
    if isinstance(value, dict):
        return {k: mask_personal(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_personal(v, key) for v in value]
    if key in _PERSONAL_KEYS and isinstance(value, str):
        return _mask_text(value)
    if isinstance(value, str) and "@" in value:
        return _EMAIL.sub(r"\1***@\2", value)
    return value
