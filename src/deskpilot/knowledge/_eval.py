"""``deskpilot kb eval``: how well the help center answers a file of customers' questions.

A questions file is YAML: a list of ``{question, article}`` (the slug of the article that
answers it, or ``null`` for a question the help center cannot answer), with an optional
``language``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from deskpilot.errors import InputError
from deskpilot.knowledge._answer import KnowledgeBase, Verdict


class Question(BaseModel):
    """One question of an evaluation file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    article: str | None
    language: str = "en"


@dataclass(frozen=True)
class Evaluation:
    """The figures of ``kb eval``; ``*_share`` figures are between 0 and 1."""

    questions: int
    answerable: int
    unanswerable: int
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    mrr: float
    answer_rate: float  # answerable questions answered
    right_article: float  # answers (to answerable questions) citing the right article
    declined: float  # unanswerable questions not answered
    threshold: float
    failures: tuple[str, ...]
    asked_back: int = 0  # answerable questions asked back ("Do you mean …?")
    asked_back_right: int = 0  # of those, the right article among the choices
    unanswerable_asked_back: int = 0
    other_language: int = 0  # answerable questions in another language than the help center's
    in_their_language: int = 0  # of those, answered from an article in their language
    with_note: int = 0  # of those, answered from one in another language, with the note

    def as_dict(self) -> dict[str, object]:
        """The figures as plain values (for ``--json``)."""
        return asdict(self)


def load_questions(path: Path) -> list[Question]:
    """The questions of ``path``; InputError naming the entry and field when one is malformed."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the questions ({exc})") from None
    try:
        return TypeAdapter(list[Question]).validate_python(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        loc = ".".join(str(p) for p in problem["loc"])
        raise InputError(f"{path}: [{loc}]: {problem['msg']}") from None


def evaluate(kb: KnowledgeBase, questions: Sequence[Question]) -> Evaluation:
    """Retrieval (recall@k, MRR over the answerable questions) and answering figures."""
    ranks: list[int | None] = []
    answered = right = declined = 0
    asked = asked_right = unanswerable_asked = 0
    foreign = own = noted = 0
    failures: list[str] = []
    answerable = [q for q in questions if q.article is not None]
    for q in questions:
        found = kb.answer(q.question)
        slugs = [h.slug for h in found.hits]
        is_answer = found.verdict is Verdict.ANSWER
        if found.verdict is Verdict.CHOOSE:
            asked += q.article is not None
            asked_right += q.article in {h.slug for h in found.choices}
            unanswerable_asked += q.article is None
        if q.article is None:
            declined += not is_answer
            if is_answer:
                failures.append(f"answered an unanswerable question: {q.question!r} -> {slugs[0]}")
            continue
        if q.language != kb.language:
            foreign += 1
            own += is_answer and not found.translated_note
            noted += is_answer and found.translated_note
        rank = slugs.index(q.article) + 1 if q.article in slugs else None
        ranks.append(rank)
        answered += is_answer
        good = is_answer and slugs[0] == q.article
        right += good
        if not good:
            got = f"{slugs[0]} ({found.answerability:.2f})" if slugs else "nothing"
            verb = "answered from" if is_answer else "declined; best"
            failures.append(f"{q.question!r}: wanted {q.article}, {verb} {got}")
    n = max(len(ranks), 1)

    def recall(k: int) -> float:
        return round(sum(1 for r in ranks if r is not None and r <= k) / n, 4)

    unanswerable = len(questions) - len(answerable)
    return Evaluation(
        questions=len(questions),
        answerable=len(answerable),
        unanswerable=unanswerable,
        recall_at_1=recall(1),
        recall_at_3=recall(3),
        recall_at_5=recall(5),
        mrr=round(sum(1 / r for r in ranks if r is not None) / n, 4),
        answer_rate=round(answered / n, 4),
        right_article=round(right / max(answered, 1), 4),
        declined=round(declined / max(unanswerable, 1), 4),
        threshold=kb.answer_at,
        failures=tuple(failures),
        asked_back=asked,
        asked_back_right=asked_right,
        unanswerable_asked_back=unanswerable_asked,
        other_language=foreign,
        in_their_language=own,
        with_note=noted,
    )
