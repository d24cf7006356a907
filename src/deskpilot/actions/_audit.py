"""Masking personal data before arguments and results enter the audit log, and in the log
lines the processes write."""

from __future__ import annotations

import logging
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


# Runs of 7 or more digits, with the spaces, dots and dashes people write in them: phone and
# card numbers. Ids with letters (#W2460971, case_…) and ISO dates are not matched.
_DIGITS = re.compile(r"(?<![\w#])(?!\d{4}-\d\d-\d\d\b)\+?\d(?:[ .-]?\d){6,}(?![\w])")


def mask_line(text: str) -> str:
    """``text`` with e-mail addresses and phone or card numbers masked (the last 4 digits of a
    number stay, for support staff to match it)."""
    text = _EMAIL.sub(r"\1***@\2", text)
    return _DIGITS.sub(lambda m: "*" * 4 + re.sub(r"\D", "", m.group())[-4:], text)


class PersonalDataFilter(logging.Filter):
    """A logging filter that masks e-mails and phone or card numbers in every record, its
    arguments and any exception text included."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; never drops it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_line(record.exc_text)
        record.msg, record.args = mask_line(message), None
        return True
