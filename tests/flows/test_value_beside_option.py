"""A value two options of a product share, said beside a word of one option's name, is that
option's only (docs/understanding.md, "Requests kept apart …", 2026-12-11): "the sunglasses to
black frame" asks for a black frame, not for black lenses too — which no available pair has,
so the request was refused as "no such variant"."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, run_reference_cases

# Harper Johansson (zip 80281): pending #W2912646 holds sunglasses 9672174103 (brown frame,
# brown lenses, polarized, plastic); 4358482460 is the same with a black frame.
SUNGLASSES = {
    "name": "modify_pending_order_items",
    "args": {
        "order_id": "#W2912646",
        "item_ids": ["9672174103"],
        "new_item_ids": ["4358482460"],
        "payment_method_id": "paypal_4820484",
    },
}

GREEN_LENSES = {
    "name": "modify_pending_order_items",
    "args": {**SUNGLASSES["args"], "new_item_ids": ["4548300368"]},
}


def test_black_frame_is_the_frame_colour_not_the_lens_colour(tmp_path: Path) -> None:
    said = (
        "I'm Harper Johansson, zip 80281. I'd like to change the Sunglasses to black frame in "
        "order #W2912646, paying any difference with PayPal."
    )
    case = {
        "name": "black frame",
        "turns": [{"customer": said}, {"customer": "yes"}],
        "expect": {"actions": [SUNGLASSES], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def test_a_value_ruled_out_after_instead_of_is_the_replaced_options_only(
    tmp_path: Path,
) -> None:
    # "instead of the brown one" rules brown out for the frame that changes, not for the
    # lenses, which are brown too and were not mentioned (before: green lenses were proposed).
    lenses = (
        "I'm Harper Johansson, zip 80281. In my pending order #W2912646, I'd like the "
        "sunglasses to have a black frame, and anything but the brown lenses. PayPal for any "
        "difference."
    )
    cases = [
        {
            "name": "frame replaced",
            "turns": [
                {
                    "customer": "I'm Harper Johansson, zip 80281. In my pending order #W2912646, "
                    "I'd like the sunglasses to have a black frame instead of the brown one. "
                    "PayPal for any difference."
                },
                {"customer": "yes"},
            ],
            "expect": {"actions": [SUNGLASSES], "escalated": False},
        },
        {
            # Ruled out beside the lenses' own word, brown is ruled out for them: the one pair
            # with a black frame and other lenses (green) is what they asked for.
            "name": "lenses ruled out",
            "turns": [{"customer": lenses}, {"customer": "yes"}],
            "expect": {"actions": [GREEN_LENSES], "escalated": False},
        },
    ]
    results = run_reference_cases(cases, tmp_path)
    assert_passed(results["frame replaced"])
    assert_passed(results["lenses ruled out"])


def test_the_options_word_before_the_value_names_it_too(tmp_path: Path) -> None:
    # "make the frame black": the frame colour's black, as "black frame" is; before, black was
    # read for the lenses too, and no pair has both (the values were listed to pick from).
    said = (
        "I'm Harper Johansson, zip 80281. In my pending order #W2912646, I don't want the brown "
        "frame on the sunglasses anymore, make the frame black. PayPal for any difference."
    )
    case = {
        "name": "frame black",
        "turns": [{"customer": said}, {"customer": "yes"}],
        "expect": {"actions": [SUNGLASSES], "escalated": False},
    }
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
