"""Comparing what a conversation did with what its case expects; each mismatch is one reason.

The comparison never hides a write: an executed write that no expectation accounts for is
reported as ``unexpected write …``, and a write with the right name but other arguments is shown
next to the one that was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from deskpilot.testing._cases import Expectations, ExpectedAction


@dataclass(frozen=True)
class ExecutedAction:
    """A write action that ran and succeeded during a case, with the result it returned."""

    name: str
    args: dict[str, Any]
    outcome: Any = None


@dataclass(frozen=True)
class Escalation:
    """Whether the case ended with a person, and why and where."""

    escalated: bool
    reason: str | None = None
    queue: str | None = None


def values_match(expected: Any, actual: Any) -> bool:
    """Whether two JSON values are equal, comparing every list as a multiset (at any depth).

    Numbers compare by value (``1`` matches ``1.0``) but a boolean only matches a boolean.
    """
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(values_match(value, actual[key]) for key, value in expected.items())
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and _same_multiset(expected, actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and bool(expected == actual)


def _same_multiset(expected: list[Any], actual: list[Any]) -> bool:
    # values_match is an equivalence, so taking the first equal element never blocks a match.
    if len(expected) != len(actual):
        return False
    left = list(actual)
    for item in expected:
        index = next((i for i, other in enumerate(left) if values_match(item, other)), None)
        if index is None:
            return False
        del left[index]
    return True


def action_matches(expected: ExpectedAction, executed: ExecutedAction) -> bool:
    """Whether an executed write is the expected one: same name, same arguments."""
    return expected.name == executed.name and values_match(expected.args, executed.args)


def describe_call(name: str, args: dict[str, Any]) -> str:
    """An action call as a reader writes it: ``cancel_pending_order(order_id='#W1', …)``."""
    shown = ", ".join(f"{key}={value!r}" for key, value in args.items())
    return f"{name}({shown})"


def check_expectations(
    expect: Expectations,
    actions: Sequence[ExecutedAction],
    escalation: Escalation,
    replies: Sequence[str],
) -> list[str]:
    """Every way the observed case misses its expectations, as short reasons; ``[]`` passes."""
    failures: list[str] = []
    if expect.actions is not None:
        failures += compare_actions(expect.actions, actions)
    if expect.escalated is True and not escalation.escalated:
        failures.append("expected escalation, case was not handed off")
    if expect.escalated is False and escalation.escalated:
        failures.append(f"expected no escalation, case was handed off: {escalation.reason}")
    folded = [reply.casefold() for reply in replies]
    for text in expect.replies_contain:
        if not any(text.casefold() in reply for reply in folded):
            failures.append(f"reply never contained {text!r}")
    for text in expect.replies_never:
        if any(text.casefold() in reply for reply in folded):
            failures.append(f"a reply contained {text!r}")
    return failures


def compare_actions(
    expected: Sequence[ExpectedAction], executed: Sequence[ExecutedAction]
) -> list[str]:
    """Reasons the executed writes differ from the expected ones (order matters).

    The longest run of writes that match in order is accepted; what is left is reported as a
    write out of order, a write with other arguments, a missing write or an unexpected one.
    """
    matched_expected, matched_executed = _in_order_matches(expected, executed)
    missing = [e for i, e in enumerate(expected) if i not in matched_expected]
    extra = [x for i, x in enumerate(executed) if i not in matched_executed]
    failures: list[str] = []
    for want in missing:
        same = next((x for x in extra if action_matches(want, x)), None)
        if same is not None:
            extra.remove(same)
            failures.append(f"{describe_call(want.name, want.args)} was executed out of order")
            continue
        near = next((x for x in extra if x.name == want.name), None)
        if near is not None:
            extra.remove(near)
            failures.append(
                f"expected {describe_call(want.name, want.args)}, "
                f"executed {describe_call(near.name, near.args)}"
            )
            continue
        found = "executed nothing" if not executed else "not executed"
        failures.append(f"expected {describe_call(want.name, want.args)}, {found}")
    failures += [f"unexpected write {describe_call(x.name, x.args)}" for x in extra]
    return failures


def _in_order_matches(
    expected: Sequence[ExpectedAction], executed: Sequence[ExecutedAction]
) -> tuple[set[int], set[int]]:
    """The indexes of the longest common subsequence of matching writes, on each side."""
    rows, cols = len(expected), len(executed)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if action_matches(expected[i], executed[j]):
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    left: set[int] = set()
    right: set[int] = set()
    i = j = 0
    while i < rows and j < cols:
        if action_matches(expected[i], executed[j]):
            left.add(i)
            right.add(j)
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return left, right
