"""Agent assist: the case page's panel of suggestions for what THIS conversation is about.

Four parts: a reply drafted from the help center for what the customer asked (agents' articles
included, marked), the resolved cases most like this one with what was done in them, the case
so far in plain words, and the next action to run through the action forms and the guard.

``case_facts`` gathers what the case holds; an ``AssistProvider`` turns the facts into the
panel. The offline provider, ``LexicalAssist``, quotes the help center and compares cases by
their words; a language model can be added later as another provider that reads the same
facts (and nothing else). A suggestion never names a record the conversation did not: a
similar case's outcome is told without its ids, and an action is filled in only with the
records this conversation concerns.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from deskpilot.actions import ActionLayer, mask_line
from deskpilot.console._packet import Flow, Namer, case_story
from deskpilot.console._views import CaseView
from deskpilot.domain import ActionStatus, CaseId, CaseStatus, Desk, Direction, EventType
from deskpilot.knowledge import STOPWORDS, KnowledgeBase, Verdict
from deskpilot.store import Repository

# How many resolved cases are compared with this one (the most recently updated).
MAX_RESOLVED = 100
MAX_SIMILAR = 3
# How much of this case's words (weighted by rarity) a resolved case must share to be shown.
SIMILAR_AT = 0.25
MAX_ASKED = 6
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# A record's id in free text ("#W2378156", "ABC123"): a run of letters and digits with a digit.
_ID = re.compile(r"#?\b(?=[A-Za-z]*\d)[A-Za-z0-9]{5,}\b")
_EMAIL = re.compile(r"\S+@\S+")
_SUFFIXES = ("ing", "ed", "es", "s")


@dataclass(frozen=True)
class ResolvedCase:
    """A resolved case, as the assist compares it: the customer's words and what was done."""

    case_id: str
    words: str
    outcome: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class CaseFacts:
    """What the assist reads of a case. ``asked``: the customer's messages, newest first;
    ``story``: the case so far as lines; ``suggested``: actions that fit it (the pending
    confirmation, the desk's for its records); ``offered``: the actions the agent may run with
    their argument names; ``focus``: the argument naming the conversation's record and the
    record it concerns most (None when none); ``lookups``: the actions that find who the
    customer is."""

    case_id: str
    asked: tuple[str, ...]
    story: tuple[str, ...]
    resolved: tuple[ResolvedCase, ...]
    suggested: tuple[tuple[str, str, dict[str, Any]], ...]
    offered: Mapping[str, tuple[str, ...]]
    focus: tuple[str, str] | None = None
    verified: bool = False
    lookups: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuggestedAnswer:
    """A reply from the help center to what the customer asked."""

    question: str
    text: str
    title: str
    link: str
    agents_only: bool
    answerability: float


@dataclass(frozen=True)
class SimilarCase:
    """A resolved case like this one and what was done in it."""

    case_id: str
    asked: str
    outcome: str
    score: float


@dataclass(frozen=True)
class NextAction:
    """The action to run next, filled in with this conversation's records, and why."""

    action: str
    label: str
    args: dict[str, Any]
    why: str


@dataclass(frozen=True)
class Assist:
    """The panel: a reply (or the nearest articles), similar cases, a summary, a next action."""

    answer: SuggestedAnswer | None
    nearest: tuple[tuple[str, str], ...]
    similar: tuple[SimilarCase, ...]
    summary: tuple[str, ...]
    next_action: NextAction | None


class AssistProvider(Protocol):
    """Turns a case's facts into the assist panel, using nothing the facts do not hold."""

    def assist(self, facts: CaseFacts) -> Assist:
        """The panel for the case the facts describe."""
        ...


class LexicalAssist:
    """The offline provider: the help center's passage for the customer's question, resolved
    cases ranked by the words they share with this one, the story as the summary."""

    def __init__(self, knowledge: KnowledgeBase | None) -> None:
        self.knowledge = knowledge

    def assist(self, facts: CaseFacts) -> Assist:
        """The panel for ``facts``."""
        answer, nearest = self._answer(facts.asked)
        similar = similar_cases(facts.asked, facts.resolved)
        return Assist(
            answer=answer,
            nearest=nearest,
            similar=tuple(similar),
            summary=facts.story,
            next_action=next_action(facts, similar),
        )

    def _answer(
        self, asked: Sequence[str]
    ) -> tuple[SuggestedAnswer | None, tuple[tuple[str, str], ...]]:
        if self.knowledge is None:
            return None, ()
        closest = None
        for question in asked[:MAX_ASKED]:
            found = self.knowledge.answer(question, audience="agents")
            source = found.source
            if found.verdict is Verdict.ANSWER and source is not None:
                agents_only = source.audience == "agents"
                text = found.text
                if not agents_only:
                    text += (
                        f" You can read more in our help center: “{source.title}” ({source.link})."
                    )
                answer = SuggestedAnswer(
                    question, text, source.title, source.link, agents_only, found.answerability
                )
                return answer, ()
            if found.hits and (closest is None or found.answerability > closest.answerability):
                closest = found
        if closest is None:
            return None, ()
        return None, tuple((h.title, h.link) for h in closest.hits[:3])


def similar_cases(asked: Sequence[str], resolved: Sequence[ResolvedCase]) -> list[SimilarCase]:
    """The resolved cases most like one of the customer's messages ``asked``, best first: the
    share of the message's words (each weighted by how rare it is among the cases) the case's
    words hold, at least ``SIMILAR_AT`` and two words."""
    messages = [m for m in (set(_terms(a)) for a in asked) if m]
    if not messages or not resolved:
        return []
    theirs = [set(_terms(r.words)) for r in resolved]
    n = len(resolved) + 1
    df = Counter(t for ts in theirs for t in ts)

    def weight(term: str) -> float:
        return math.log((n - (df[term] + 1) + 0.5) / (df[term] + 1 + 0.5) + 1.0)

    found = []
    for case, ts in zip(resolved, theirs, strict=True):
        score = max(
            (
                sum(weight(t) for t in mine & ts) / sum(weight(t) for t in mine)
                for mine in messages
                if len(mine & ts) >= 2
            ),
            default=0.0,
        )
        if score >= SIMILAR_AT:
            said = _masked(case.words)
            found.append(SimilarCase(case.case_id, said[:160], case.outcome, round(score, 3)))
    found.sort(key=lambda s: -s.score)
    return found[:MAX_SIMILAR]


def next_action(facts: CaseFacts, similar: Sequence[SimilarCase]) -> NextAction | None:
    """What to run next: what the customer was asked to confirm or what fits the record they
    talk about; else what was done most in the similar cases (filled in with this
    conversation's record); else, for a customer not verified yet, a look-up."""
    by_id = {r.case_id: r for r in facts.resolved}
    done = Counter(a for s in similar for a in set(by_id[s.case_id].actions))
    if facts.suggested:
        action, label, given = facts.suggested[0]
        return NextAction(action, label, given, "It fits what this conversation is about.")
    for action, times in done.most_common():
        if action not in facts.offered:
            continue
        args: dict[str, Any] = {}
        if facts.focus is not None and facts.focus[0] in facts.offered[action]:
            args[facts.focus[0]] = facts.focus[1]
        why = f"Done in {times} of the {len(similar)} similar resolved cases."
        return NextAction(action, action.replace("_", " ").capitalize(), args, why)
    if not facts.verified and facts.lookups:
        action = facts.lookups[0]
        why = "The customer is not verified yet: look them up first."
        return NextAction(action, action.replace("_", " ").capitalize(), {}, why)
    return None


def case_facts(
    repo: Repository,
    view: CaseView,
    desk: Desk | None,
    flows: Sequence[Flow],
    actions: ActionLayer,
) -> CaseFacts:
    """The facts of the case on the page (``view``), with the resolved cases to compare."""
    case = view.case
    events = repo.list_events(case.id, limit=100_000)
    calls = repo.list_action_calls(case.id)
    customer = desk.full_name(view.profile) if desk is not None and view.profile else None
    story = case_story(case, events, calls, flows, Namer(view.choices), customer)
    # A message that handed the case off asked for a person (or stumped the automation): it
    # is no question for the help center.
    handing = {
        e.message_id
        for e in events
        if e.type is EventType.DECISION and e.data.get("kind") == "handoff"
    }
    said = [i for i in reversed(view.items) if i.kind == "customer"]
    asked = [i.text for i in said if i.id not in handing]
    not_asked = {i.text for i in said if i.id in handing}
    labels = {r.key: r.label for r in view.records}
    lines = [f"Who: {story.verified}"]
    words = story.their_words or (asked[-1] if asked else "")
    if story.their_words and story.their_words not in {*asked, *not_asked}:
        asked.insert(0, story.their_words)
    wanted = "; ".join(f"{r.what} ({r.outcome})" for r in story.requests)
    lines.append(
        f"Asked: “{words}”" + (f" — {wanted}" if wanted else "") if words else "Asked: nothing yet."
    )
    if view.concerned:
        lines.append("About: " + ", ".join(labels.get(k, k) for k in view.concerned) + ".")
    lines.append("Done: " + (" ".join(story.done) if story.done else "nothing changed yet."))
    lines.append("Pending: " + (story.pending or "nothing waits for the customer."))
    shown = {a.name for a in view.actions}
    specs = [s for s in actions.registry.specs() if s.name in shown]
    offered = {s.name: tuple(s.input_model.model_fields) for s in specs}
    focus = (desk.focus, view.concerned[0]) if desk is not None and view.concerned else None
    return CaseFacts(
        case_id=case.id,
        asked=tuple(dict.fromkeys(asked)),
        story=tuple(lines),
        resolved=tuple(resolved_cases(repo, exclude=case.id)),
        suggested=tuple((s.action, s.label, dict(s.args)) for s in view.suggested),
        offered=offered,
        focus=focus,
        verified=case.verification is not None,
        lookups=tuple(s.name for s in specs if s.identifies),
    )


def resolved_cases(repo: Repository, *, exclude: str = "") -> list[ResolvedCase]:
    """The most recently resolved cases: the customer's words and what was done."""
    found = []
    for case in repo.list_cases(CaseStatus.RESOLVED, limit=MAX_RESOLVED):
        if case.id == exclude:
            continue
        messages = repo.list_case_messages(CaseId(case.id))
        words = " / ".join(m.text for m in messages if m.direction is Direction.INBOUND)
        if not words.strip():
            continue
        calls = [
            c
            for c in repo.list_action_calls(CaseId(case.id))
            if c.side_effect == "write" and c.status is ActionStatus.SUCCEEDED
        ]
        done = tuple(dict.fromkeys(c.action for c in calls))
        events = repo.list_events(CaseId(case.id), limit=100_000)
        by = next((e.actor for e in reversed(events) if e.type is EventType.CASE_RESOLVED), "bot")
        replies = [m.text for m in messages if m.direction is Direction.OUTBOUND]
        outcome = _outcome(done, by, replies[-1] if replies else "")
        found.append(ResolvedCase(case.id, words, outcome, done))
    return found


def _outcome(done: Sequence[str], by: str, last_reply: str) -> str:
    parts = [f"Done: {', '.join(a.replace('_', ' ') for a in done)}." if done else "No action run."]
    who = by.removeprefix("agent:") if by.startswith("agent:") else "the automation"
    parts.append(f"Resolved by {who}.")
    if last_reply:
        reply = _masked(last_reply)
        parts.append(f"Last reply: “{reply[:200]}{'…' if len(reply) > 200 else ''}”")
    return " ".join(parts)


def _masked(text: str) -> str:
    """``text`` without personal data or records' ids (they belong to another conversation)."""
    return _ID.sub("…", mask_line(text))


def _terms(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(_ID.sub(" ", _EMAIL.sub(" ", text.lower()))):
        if word in STOPWORDS:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        found.append(word)
    return found
