"""The comparison of a case's outcome with its expectations, on hand-made outcomes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from deskpilot.testing import (
    Escalation,
    ExecutedAction,
    Expectations,
    ExpectedAction,
    check_expectations,
    compare_actions,
    values_match,
)

CANCEL = {"order_id": "#W1", "reason": "ordered by mistake"}
RETURN = {"order_id": "#W2", "item_ids": ["1", "2", "2"], "payment_method_id": "paypal_1"}
NOT_ESCALATED = Escalation(escalated=False)


def _want(name: str, args: dict[str, Any]) -> ExpectedAction:
    return ExpectedAction.model_validate({"name": name, "args": args})


def _check(
    executed: list[ExecutedAction],
    *,
    escalation: Escalation = NOT_ESCALATED,
    replies: tuple[str, ...] = (),
    **expect: Any,
) -> list[str]:
    return check_expectations(Expectations.model_validate(expect), executed, escalation, replies)


def test_values_match_compares_lists_as_multisets_at_any_depth() -> None:
    assert values_match(["a", "b", "b"], ["b", "a", "b"])
    assert not values_match(["a", "b", "b"], ["a", "a", "b"])
    assert not values_match(["a"], ["a", "a"])
    assert values_match(
        {"items": [{"ids": [1, 2]}, {"ids": [3]}]}, {"items": [{"ids": [3]}, {"ids": [2, 1]}]}
    )
    assert not values_match({"a": 1}, {"a": 1, "b": 2})


def test_values_match_numbers_by_value_but_never_a_boolean_with_a_number() -> None:
    assert values_match(10, 10.0)
    assert not values_match(True, 1)
    assert not values_match(0, False)
    assert not values_match("1", 1)
    assert values_match(None, None)
    assert not values_match(None, "")


def test_expected_write_that_never_happened_is_named() -> None:
    assert _check([], actions=[{"name": "cancel_pending_order", "args": CANCEL}]) == [
        "expected cancel_pending_order(order_id='#W1', reason='ordered by mistake'), "
        "executed nothing"
    ]


def test_write_with_other_arguments_shows_both() -> None:
    executed = [ExecutedAction("cancel_pending_order", {**CANCEL, "reason": "no longer needed"})]
    assert compare_actions([_want("cancel_pending_order", CANCEL)], executed) == [
        "expected cancel_pending_order(order_id='#W1', reason='ordered by mistake'), "
        "executed cancel_pending_order(order_id='#W1', reason='no longer needed')"
    ]


def test_write_when_none_may_happen_is_an_unexpected_write() -> None:
    executed = [ExecutedAction("cancel_pending_order", CANCEL, {"status": "cancelled"})]
    assert _check(executed, actions=[]) == [
        "unexpected write cancel_pending_order(order_id='#W1', reason='ordered by mistake')"
    ]


def test_an_extra_write_between_expected_ones_is_the_only_failure() -> None:
    executed = [
        ExecutedAction("cancel_pending_order", CANCEL),
        ExecutedAction("modify_user_address", {"user_id": "u1", "zip": "00000"}),
        ExecutedAction("return_delivered_order_items", RETURN),
    ]
    wanted = [_want("cancel_pending_order", CANCEL), _want("return_delivered_order_items", RETURN)]
    assert compare_actions(wanted, executed) == [
        "unexpected write modify_user_address(user_id='u1', zip='00000')"
    ]


def test_writes_in_another_order_are_reported_as_out_of_order() -> None:
    executed = [
        ExecutedAction("return_delivered_order_items", RETURN),
        ExecutedAction("cancel_pending_order", CANCEL),
    ]
    wanted = [_want("cancel_pending_order", CANCEL), _want("return_delivered_order_items", RETURN)]
    (reason,) = compare_actions(wanted, executed)
    assert reason.endswith("was executed out of order")


def test_missing_write_among_others_is_not_executed() -> None:
    executed = [ExecutedAction("cancel_pending_order", CANCEL)]
    wanted = [_want("cancel_pending_order", CANCEL), _want("return_delivered_order_items", RETURN)]
    (reason,) = compare_actions(wanted, executed)
    assert reason.startswith("expected return_delivered_order_items(")
    assert reason.endswith("), not executed")


def test_omitted_actions_are_not_checked() -> None:
    assert _check([ExecutedAction("cancel_pending_order", CANCEL)]) == []


def test_escalation_is_checked_both_ways() -> None:
    handed_off = Escalation(True, "the customer asked for a person", "general")
    assert _check([], escalated=True) == ["expected escalation, case was not handed off"]
    assert _check([], escalation=handed_off, escalated=False) == [
        "expected no escalation, case was handed off: the customer asked for a person"
    ]
    assert _check([], escalation=handed_off, escalated=True) == []


def test_replies_contain_ignores_case_and_names_the_missing_text() -> None:
    replies = ("Your order is CANCELLED.", "Anything else?")
    assert _check([], replies=replies, replies_contain=["cancelled", "else"]) == []
    assert _check([], replies=replies, replies_contain=["refund"]) == [
        "reply never contained 'refund'"
    ]


def test_all_reasons_of_a_case_are_reported() -> None:
    failures = _check(
        [ExecutedAction("cancel_pending_order", CANCEL)],
        actions=[],
        escalated=True,
        replies_contain=["done"],
    )
    assert len(failures) == 3


_scalars = st.one_of(st.integers(-5, 5), st.text(max_size=3), st.booleans(), st.none())
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=8,
)
_args = st.dictionaries(st.sampled_from(["order_id", "item_ids", "reason"]), _json, max_size=3)
_writes = st.lists(
    st.builds(ExecutedAction, st.sampled_from(["cancel", "return", "exchange"]), _args),
    max_size=4,
)


def _shuffled(value: Any, data: st.DataObject) -> Any:
    if isinstance(value, dict):
        return {key: _shuffled(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return data.draw(st.permutations([_shuffled(item, data) for item in value]))
    return value


# No deadline: these are pure functions, and a loaded CI machine is no reason to fail them.
@settings(deadline=None)
@given(_writes, st.data())
def test_expectations_written_from_the_writes_pass_whatever_the_list_order(
    executed: list[ExecutedAction], data: st.DataObject
) -> None:
    wanted = [_want(x.name, _shuffled(x.args, data)) for x in executed]
    assert compare_actions(wanted, executed) == []


@settings(deadline=None)
@given(_writes, st.data())
def test_a_write_left_out_of_the_expectations_is_always_reported(
    executed: list[ExecutedAction], data: st.DataObject
) -> None:
    if not executed:
        return
    dropped = data.draw(st.integers(0, len(executed) - 1))
    wanted = [_want(x.name, x.args) for i, x in enumerate(executed) if i != dropped]
    (failure,) = compare_actions(wanted, executed)
    assert failure.startswith(f"unexpected write {executed[dropped].name}(")
