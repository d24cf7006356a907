"""Record ids declared by a pattern (vocabulary.yaml ``records.<entity>.pattern``): ids that are
not letters then digits, read as whole words and written in the records' case."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from deskpilot.nlu.entities import record_finders
from deskpilot.workspace._models import RecordIdWords

USER = RecordIdWords(pattern=r"[A-Za-z]+_[A-Za-z]+_\d{3,5}", case="lower")
CODE = RecordIdWords(pattern=r"(?!XX\d{3})[A-Z0-9]{5}|(?=[a-z]{0,4}\d)[a-z0-9]{5}", case="upper")


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (USER, "my id is Ada_Lovelace_1815.", ["ada_lovelace_1815"]),
        (
            USER,
            "ada_lovelace_1815 and grace_hopper_1906",
            ["ada_lovelace_1815", "grace_hopper_1906"],
        ),
        (USER, "no id here, just ada lovelace 1815", []),
        (USER, "x_ada_lovelace_18155555", []),  # not a whole word of the form
        (CODE, "code 4QZ7B please", ["4QZ7B"]),
        (CODE, "code 4qz7b please", ["4QZ7B"]),  # lower case, with a digit
        (CODE, "HELLO there", ["HELLO"]),  # capitals alone are an id as written
        (CODE, "hello there", []),  # a lower-case word is not
        (CODE, "not XX123", []),  # the pattern's own exclusion
    ],
)
def test_record_id_pattern_finds_whole_ids_in_the_records_case(
    words: RecordIdWords, text: str, expected: list[str]
) -> None:
    (finder,) = record_finders({"thing_id": words})
    assert [found.value for found in finder(text)] == expected


def test_record_id_words_need_digits_and_written_or_a_pattern() -> None:
    with pytest.raises(ValidationError, match="needs digits and written, or a pattern"):
        RecordIdWords(letters=["W"])
    with pytest.raises(ValidationError, match="not a regular expression"):
        RecordIdWords(pattern="[a-z")
