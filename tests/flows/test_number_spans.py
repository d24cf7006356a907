"""Where a message writes an order's digits (``kept_ids``: "#W1 is fine") is found in one
scan of the message for every order (``_numbers.number_spans``), not with a pattern compiled
from each order's digits; the spans are the ones that pattern found, on a table of messages
and on any text of digits, "#", "W" and spaces."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.domains.retail import _resolvers
from deskpilot.domains.retail._numbers import number_spans


def _per_digits(text: str, digits: str) -> list[tuple[int, int]]:
    """The spans as ``kept_ids`` found them before: a pattern of the order's digits."""
    return [m.span() for m in re.finditer(rf"(?:#\s*)?(?:W\s*)?(?<!\d){digits}(?!\d)", text, re.I)]


TABLE = [
    ("#W1091024 is fine, cancel #W1700768", ["1091024", "1700768", "109102", "091024"]),
    ("keep W 1091024 and w1091024, but #  W1091024 goes", ["1091024"]),
    ("order 12345678 and 1234567 and #1234567", ["1234567", "12345678", "2345678"]),
    ("1W12 #W#12 ##W12 W W12", ["1", "12", "2"]),
    ("zip 77004, order W5061109.", ["77004", "5061109", "7004"]),
    ("no numbers here", ["1"]),
    ("", ["1"]),
]


@pytest.mark.parametrize(("text", "ids"), TABLE)
def test_number_spans_are_the_ones_a_pattern_of_each_id_finds(text: str, ids: list[str]) -> None:
    for digits in ids:
        assert list(number_spans(text).get(digits, ())) == _per_digits(text, digits), digits


@given(
    st.text(alphabet="#Ww 0123456789x.", max_size=40),
    st.text(alphabet="0123456789", min_size=1, max_size=4),
)
def test_number_spans_match_the_pattern_of_any_digits(text: str, digits: str) -> None:
    assert list(number_spans(text).get(digits, ())) == _per_digits(text, digits)
    for run, spans in number_spans(text).items():
        assert list(spans) == _per_digits(text, run)


def test_kept_ids_scans_a_message_once_for_all_its_orders() -> None:
    assert _resolvers.number_spans is number_spans
    number_spans.cache_clear()
    text = "#W1091024 is fine, cancel #W1700768"
    for _ in range(3):
        number_spans(text)
    info = number_spans.cache_info()
    assert (info.misses, info.hits) == (1, 2)
