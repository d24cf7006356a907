"""The flow engine: the decision stage driven by the workspace's ``flows/*.yaml``.

Each turn it runs, in order: the safety rules (never-automate categories, a request for a person,
abuse, very negative sentiment), the answer to a pending confirmation, the start or switch of a
flow, the one identity check shared by all flows, and then the active flow: slots, lookups,
checks, and a confirmation that states exactly what will happen. The write itself is the only
thing it asks the pipeline to run, and only after an explicit yes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from deskpilot.actions import ActionOutcome, GuardVerdict
from deskpilot.commands import (
    Answer,
    AskQuestion,
    CancelFlow,
    ChitChat,
    Clarify,
    Command,
    CommandGenerator,
    Confirm,
    Deny,
    Details,
    DialogueView,
    HandOff,
    ReadingCommandGenerator,
    RequestVerbs,
    SetSlot,
    StartFlow,
    YesNo,
    first,
)
from deskpilot.domain import (
    Asked,
    Case,
    CaseStatus,
    DialogueState,
    Ground,
    IntentScore,
    PendingConfirmation,
    Understanding,
    Verification,
    utcnow,
)
from deskpilot.errors import WorkspaceError
from deskpilot.flows._again import SameAgain
from deskpilot.flows._dialogue import (
    AskingAbout,
    Phrasing,
    sentence_at,
    sentences,
)
from deskpilot.flows._grounds import customer_words, holding, slot_command, untraced
from deskpilot.flows._replaced import replace
from deskpilot.flows._slots import (
    Catalogue,
    DomainKnowledge,
    Finding,
    Resolution,
    SlotContext,
    may_be_an_entry,
)
from deskpilot.flows._typed import EntityResolver
from deskpilot.flows._vague import KIND, VagueRequests
from deskpilot.nlu import listed, unlisted
from deskpilot.nlu.entities import RecordIdFinder
from deskpilot.pipeline._protocols import (
    ActionRequest,
    Decision,
    DecisionKind,
    ReplySpec,
    Turn,
)
from deskpilot.policy import CelExpression
from deskpilot.workspace import (
    SENTENCE_BREAK,
    DialogueWords,
    IdentityConfig,
    IdentityLookup,
    IdentityWords,
    RecordRead,
    phrases,
)
from deskpilot.workspace._flow_models import CheckSpec, FlowSpec, SlotSpec

# What the customer said of who they are (the workspace's identity fields), until verified.
_NAMES = ("first_name", "last_name")  # may be found among a message's word pairs
_MAX_SAID = 8
_ENDED = "request_ended"  # a request was ended without a write, and more asked for
_MAX_MESSAGES = 3
# Templates the engine itself sends: for every flow, and for flows that write.
ENGINE_TEMPLATES = ("ask_again", "handoff")
_CHOICE = "knowledge_choice"  # the help center's "Do you mean …?" (no flow in progress)
WRITE_TEMPLATES = (
    "confirm_again",
    "change_cancelled",
    "not_sure",
    "before_you_confirm",
    "unsupported_slot",
    "unread_parts",
    "still_wanted",
)
_UNSUPPORTED = "unsupported_slot"  # a finding of ``not_sure``: a slot nothing supports
_CHECK_FAILED = "check failed: "  # the reason of a request a flow's check turned down
_MAX_ASKS = 3  # the same question: asked, asked again with the choices, then a person
CONFIRMATION_TTL = timedelta(minutes=30)


# What accumulates (a slot kind's role) builds up over the conversation unless the customer
# says it replaces what came before.
_MAX_NAME_TRIES = 4
# At most this many characters between a name and the detail it goes with (", zip code ")
_NAME_BESIDE = 12
_MORE_SUBJECT = "\x00subject:"
# before the words of a request read only between the bands beside a sure one
_LIKELY = "\x00likely:"
_WORDS = "\x00"  # between a queued subject and the pieces of what was said about it
# A message this short that fills a slot the active flow is missing answers its question, even if
# it reads like another request on its own ("use my PayPal, not the gift card").
_SHORT_ANSWER = 12
_SLOT_READ = re.compile(r"\bslots\.(\w+)")  # the slots a flow expression reads
# How many of the customer's latest messages may lend a choice read for another request
_REUSE_MESSAGES = 3


# A word that may be part of a name, as names are looked for and as the business's ordinary
# words are gathered (``components.ordinary_words``): one spelling of a word for both.
NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def name_candidates(
    text: str,
    not_names: frozenset[str],
    near: Sequence[tuple[int, int]] = (),
    ordinary: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """Pairs of adjacent words (only spaces between) that could be a first and last name:
    capitalised ones first, then those with the fewest of the language's ``ordinary`` words
    (a message typed all in lower case says a name by none: "hi, noah ito here. zip 98178.
    how much did i pay"), then those with the fewest characters between them and a detail
    that goes with a name (``near``, the spans of such details: "is it too late to cancel?
    ethan johnson, 10021")."""
    words = list(NAME_WORD.finditer(text))
    found: list[tuple[list[str], tuple[int, int]]] = []
    beside: list[list[str]] = []
    for given, family in itertools.pairwise(words):
        if given.group().lower() in not_names or family.group().lower() in not_names:
            continue
        if text[given.end() : family.start()].strip():
            continue  # "shipped? ethan": a sentence's end between
        pair = [given.group().capitalize(), family.group().capitalize()]
        if all(pair != p for p, _ in found):
            distance = min(
                (max(start - family.end(), given.start() - end) for start, end in near),
                default=0,
            )
            known = sum(1 for w in (given, family) if w.group().lower() in ordinary)
            found.append((pair, (known, distance)))
            if not known and _said_beside(text, given.start(), family.end(), near):
                beside.append(pair)
    # A pair said right beside such a detail, in its sentence, comes first whatever its case:
    # "james lee 95161. pending order: "Jigsaw Puzzle - … Los Angeles". ship to 870 Oak
    # Street" names the customer beside the zip, not by the capitalised words of a summary.
    written = [p for p, _ in found if f"{p[0]} {p[1]}" in text and p not in beside]
    rest = [p for p, _ in sorted(found, key=lambda f: f[1]) if p not in written + beside]
    return (beside + written + rest)[:_MAX_NAME_TRIES]


def _said_beside(text: str, start: int, end: int, near: Sequence[tuple[int, int]]) -> bool:
    """Whether the words ``start:end`` stand at most ``_NAME_BESIDE`` characters from one of the
    ``near`` details, with no sentence's end between them ("james lee 95161", "Raj Davis, zip
    85050"; not "… is 28212. Your pending order")."""
    for at, to in near:
        between = text[end:at] if at >= end else text[to:start] if start >= to else None
        apart = between is None or len(between) > _NAME_BESIDE
        if not apart and re.search(r"[.!?;\n]", between or "") is None:
            return True
    return False


def _compile(expr: str, where: str) -> CelExpression:
    try:
        return CelExpression(expr)
    except ValueError as exc:
        raise WorkspaceError(f"{where}: {str(exc).splitlines()[0]}") from exc


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _TurnData:
    """Reads made during one turn, cached: the customer's record and the domain's records."""

    def __init__(
        self, turn: Turn, knowledge: DomainKnowledge, commands: tuple[Command, ...] = ()
    ) -> None:
        self.turn = turn
        self.commands = commands
        # The slots this turn filled, as commands with their grounds, for the event log.
        self.filled: list[Command] = []
        self._knowledge = knowledge
        # Reads of the turn, shared with its trials; keyed by who asked (an identity checked
        # in the middle of the turn reads what was refused before it).
        self._records: dict[tuple[str, str, str], dict[str, Any] | None] = {}
        self._looked: dict[tuple[str, str], ActionOutcome | None] = {}
        # ``SlotKind.wished`` by resolver, words and customer (records do not change in a turn)
        self.wished: dict[tuple[str, str, str], int] = {}
        self.user: dict[str, Any] | None = None

    def read(self, case: Case, action: str, args: dict[str, Any]) -> ActionOutcome | None:
        if self.turn.read is None:
            return None
        return self.turn.read(case, action, args)

    def looked_up(self, case: Case, action: str, args: dict[str, Any]) -> ActionOutcome | None:
        """A read made once in this turn however often it is asked for (no write comes between
        two reads of one turn)."""
        key = (_who(case), f"{action}:{sorted(args.items())!r}")
        if key not in self._looked:
            self._looked[key] = self.read(case, action, args)
        return self._looked[key]

    def refusal(self, case: Case, action: str, args: dict[str, Any]) -> GuardVerdict | None:
        """Why write ``action`` could not run now, said before it is proposed; or None."""
        return None if self.turn.read is None else self.turn.read.refusal(case, action, args)

    def trial(self) -> _TurnData:
        """The turn's reads for trying a reading out, leaving its record of slots filled alone."""
        tried = _TurnData(self.turn, self._knowledge, self.commands)
        tried.user = self.user
        tried._records, tried._looked, tried.wished = self._records, self._looked, self.wished
        return tried

    def load_user(self, case: Case, customer: RecordRead | None) -> None:
        if case.verification is None or self.user is not None or customer is None:
            return
        outcome = self.read(case, customer.action, {customer.arg: case.verification.user_id})
        if outcome is not None and outcome.ok:
            self.user = dict(outcome.result)

    def record(self, case: Case, kind: str, record_id: str) -> dict[str, Any] | None:
        """A record of the domain, read through the guard as the case's customer."""
        how = self._knowledge.records.get(kind)
        if not record_id or how is None:
            return None
        key = (_who(case), kind, record_id)
        if key not in self._records:
            outcome = self.read(case, how.action, {how.arg: record_id})
            self._records[key] = dict(outcome.result) if outcome and outcome.ok else None
        return self._records[key]


def _who(case: Case) -> str:
    """Whom a read of ``case`` is made for: its verified customer, or nobody yet."""
    return case.verification.user_id if case.verification is not None else ""


class FlowDecider:
    """Decides each step of a conversation from the workspace's flows."""

    def __init__(
        self,
        flows: list[FlowSpec],
        catalogue: Catalogue | None = None,
        *,
        handoff_sentiment: float = -0.6,
        never_automate: tuple[str, ...] = (),
        knowledge: DomainKnowledge | None = None,
        identity: IdentityConfig | None = None,
        identity_words: IdentityWords | None = None,
        dialogue_words: DialogueWords | None = None,
        correction_words: Sequence[str] = (),
        review: float = 0.45,
        generator: CommandGenerator | None = None,
        records: Sequence[RecordIdFinder] = (),
        ordinary_words: Collection[str] = (),
    ) -> None:
        self.flows = {f.name: f for f in flows}
        self.by_intent: dict[str, FlowSpec] = {}
        for flow in flows:
            for intent in flow.intents:
                self.by_intent.setdefault(intent, flow)
        self.catalogue = catalogue
        self.handoff_sentiment = handoff_sentiment
        self.never_automate = frozenset(never_automate)
        self.know = knowledge or DomainKnowledge()
        self.identity = identity or IdentityConfig()
        # The details a lookup needs beside a name (a zip): with one of them in a message, a
        # pair of its words may be the name.
        self._beside_names = frozenset(
            f
            for lk in self.identity.lookups
            if set(_NAMES) <= set(lk.fields)
            for f in lk.fields
            if f not in _NAMES
        )
        words = dialogue_words or DialogueWords()
        self.requests = RequestVerbs(words)
        self.vague = VagueRequests(words.vague_requests)
        # A list after a pointing word points at a record only when it opens with an entry of
        # the catalogue: one reading for the engine's clauses, the pack's resolvers and audit.
        self.phrasing = Phrasing(
            words, correction_words, None if catalogue is None else may_be_an_entry(catalogue)
        )
        self._detail = Details.of(words)
        self._records = tuple(records)  # how the business's record ids are written
        self._change = re.compile(phrases(words.change_verbs), re.I)
        # What accumulates (a slot kind's role) builds up over the conversation unless the
        # customer says it replaces what came before ("only the kettle", "instead").
        self._replacing = re.compile(phrases(words.replacing), re.I)
        # While a proposal waits: the same request for another subject asked beside it ("can
        # you also cancel #W2?") waits its turn; said in its place ("actually, #W2 instead"),
        # it takes the proposal's place.
        self._adding = re.compile(phrases(words.adding), re.I)
        self._in_place = re.compile(phrases([*words.replacing, *words.doubt]), re.I)
        # "No, not the one in the pending order - the one I received": a no that opens on
        # ruling another thing out, then says more, is a no to that thing, not necessarily to
        # the proposal ("no, not now", "no, not this time." rule nothing out); the thing of
        # which it is said may come between ("oh wait, the chair isn't in that one, it's the
        # San Diego order").
        det = phrases(words.determiners)
        # "Sorry, wrong number - it's #W2": a message opening on a correction
        self._correcting = (
            re.compile(
                rf"^\W*(?:{phrases(words.hesitations)}\W+)?"
                rf"{phrases(correction_words)}\b",
                re.I,
            )
            if correction_words
            else None
        )
        self._no_to_another = (
            re.compile(
                rf"^\W*(?:{phrases(words.hesitations)}\W+)?{phrases(words.deny)}[\s,.;:!–—-]+"
                rf"(?:{det}\s+[^\W\d]+(?:\s+[^\W\d]+)?\s+)?"
                rf"{phrases(words.no_to_another)}\s+{det}\s"
                r"[^.,;:!?–—-]+[.,;:!?–—-]+\s*\w",
                re.I,
            )
            if words.deny and words.no_to_another and words.determiners
            else None
        )
        self._wonder = re.compile(phrases(words.wonder), re.I)
        # "How much cheaper would it be with …?": a change asked about, answered and offered.
        self.asking = AskingAbout(words)
        self._closing = re.compile(phrases(words.closing), re.I)
        self._yes_no = YesNo.of(words)
        # The flow that answers "if I cancelled it, how much would I get back?".
        self._what_if = next((f for f in flows if f.answers_what_if), None)
        # Understanding as commands: the engine acts on what they say.
        self.generator = generator or ReadingCommandGenerator(
            words, flow_intents=list(self.by_intent), review=review, identity=self.identity.fields
        )
        self.not_names = frozenset(w.lower() for w in (identity_words or IdentityWords()).not_names)
        # Words the business's own texts use as ordinary words: the last to be tried as a name.
        self.ordinary_words = frozenset(w.lower() for w in ordinary_words)
        self._programs: dict[str, CelExpression] = {}
        for flow in flows:
            for lk in flow.lookups:
                for name, expr in lk.args.items():
                    self._program(expr, f"flow {flow.name}: lookup {lk.name}: {name}")
            for name, expr in flow.values.items():
                self._program(expr, f"flow {flow.name}: value {name}")
            for slot in flow.slots:
                if slot.when is not None:
                    self._program(slot.when, f"flow {flow.name}: slot {slot.name}: when")
            for check in flow.checks:
                self._program(check.when, f"flow {flow.name}: check")
            if flow.action is not None:
                for name, expr in flow.action.args.items():
                    self._program(expr, f"flow {flow.name}: action {name}")

    def _program(self, expr: str, where: str) -> CelExpression:
        program = self._programs.get(expr)
        if program is None:
            program = self._programs[expr] = _compile(expr, where)
        return program

    def _eval(self, expr: str, context: dict[str, Any]) -> Any:
        try:
            return _plain(self._program(expr, expr).execute(context))
        except (RuntimeError, ValueError, TypeError, KeyError, IndexError):
            # A value the expression needs is not known yet (a missing slot or field).
            return None

    # -- the turn -------------------------------------------------------------------------------
    def decide(self, turn: Turn) -> Decision:
        """The next step of ``turn``; its notes name the commands the message gave."""
        data, decision = self._decide(turn)
        described = self._described(turn, decision)
        if described is not None:
            data, decision = described
        decision = _counted_refusal(turn.case, decision)
        if not data.commands and not data.filled:
            return decision
        said = [c.describe() for c in (*data.commands, *data.filled)]
        started = [c.intent for c in data.commands if isinstance(c, StartFlow)]
        return replace(decision, notes={**decision.notes, "commands": said, "started": started})

    def _decide(self, turn: Turn) -> tuple[_TurnData, Decision]:
        case = turn.case
        if turn.outcomes:
            data = _TurnData(turn, self.know)
            return data, self._after_write(turn, data, case, turn.outcomes[-1])
        pending = case.pending_confirmation
        expired = pending is not None and utcnow() - pending.requested_at > CONFIRMATION_TTL
        # A message written while another proposal waited, or none did (stored, held up,
        # processed later), answers an earlier question, never this one.
        earlier = pending is not None and turn.answers != pending.id
        waiting = pending is not None and not expired and not earlier
        # A proposal still in a draft for a person's review: a yes is read as one, and answered
        # that the proposal is on its way, never taken as consent to what was not shown.
        held = pending is not None and pending.held and not expired
        picked = None if waiting else self._picked(turn)
        if picked is not None:
            # "The second one": the choice at that place among those the question listed, read
            # as if the customer had written it out.
            turn = replace(turn, understanding=replace(_blank(turn), text=picked))
        view = DialogueView(
            waiting_answer=waiting or held or bool(case.dialogue.offered or case.dialogue.offer),
            asked=case.intent is not None and case.dialogue.question is not None,
            active=case.intent is not None,
            queued=case.dialogue.queued_said,
            current=case.intent,
            waiting=case.queued,
            done=_last_done(case),
        )
        data = _TurnData(turn, self.know, self.generator.generate(turn.understanding, view))
        safety = self._safety(turn, data, case)
        if safety is not None:
            return data, safety
        case = self._absorb_identity(case, turn, data)
        if not waiting and case.intent is None and KIND in case.dialogue.memory:
            data, case = self._read_under_kind(turn, data, case)
        elif not waiting and case.intent is None:
            data = self._kind_only(turn, data)
        if not waiting and case.intent is None:
            data = self._asked_again(turn, data, case)
        # The customer's last whole messages: the evidence audit reads the sentence a request
        # came from, even when the request itself got only a part of it.
        recent = (*case.dialogue.messages, turn.understanding.text)
        # An older message stays while a request cut from it still waits in the queue ("cancel
        # the order with the skateboard, and the order with the camera", the camera's turn
        # three answers later): the audit still reads the sentence that asked for it.
        # (the words of the request in progress too, when it runs for several subjects in turn)
        running = case.dialogue.said if case.dialogue.together else ()
        unfinished = (*case.dialogue.queued_said, *running)
        sources = tuple(m for m in recent[:-_MAX_MESSAGES] if _cut_from(m, unfinished))
        case = _with(case, messages=(*sources, *recent[-_MAX_MESSAGES:]))
        if expired:
            case = replace(case, pending_confirmation=None)  # consent is not open-ended
        withdrawn = first(data.commands, CancelFlow)
        if withdrawn is not None and withdrawn.queued is not None:
            # "Forget the kettle" while its exchange waits: that one goes, this one stays.
            case = _unqueue(case, withdrawn.queued)
            if case.pending_confirmation is not None:
                # The proposal stands as it was: said again, from what was said for it.
                cleared = replace(case, pending_confirmation=None)
                return data, self._advance(replace(turn, understanding=_blank(turn)), data, cleared)
        aside = first(data.commands, AskQuestion)
        if aside is not None and aside.answer and self._aside(turn, case):
            return data, self._answer_aside(turn, data, case, aside)
        if held and first(data.commands, Confirm) is not None:
            return data, Decision(
                DecisionKind.REPLY,
                case,
                ("a yes to a proposal waiting for review, which the customer has not seen",),
                replies=(ReplySpec("review_pending"),),
            )
        if case.pending_confirmation is not None:
            return data, self._answer_confirmation(turn, data, case)
        had_offer = bool(case.dialogue.offered)
        earlier = had_offer and bool((case.dialogue.offered or {}).get("earlier"))
        case, offered = self._take_up_offer(turn, data, case)
        if offered:
            return data, self._advance(turn, data, case)
        corrected = self._corrected_subject(turn, data, case)
        if corrected is not None:
            return data, self._advance(replace(turn, understanding=_blank(turn)), data, corrected)
        before = case
        case, started = self._route(turn, data, case)
        if started and (overturned := self._overturned(turn, data, before, case)) is not None:
            return data, overturned
        if started and (answered := self._asked_about(turn, data, case)) is not None:
            return data, answered
        if started:
            before_likely = len(case.queued)
            case = self._queue_likely(turn, data, case)
            case = self._again_beside(turn, data, case)
            case = self._reason_of_change(turn, data, case)
            case = self._unread_moved(turn, data, self._note_unread(turn, case), told=False)
            case = self._asked_before_locks(turn, data, case)
            ahead = self._grounded_ahead(turn, data, case, before_likely)
            if ahead is None:
                ahead = self._started_behind(turn, data, case)
            if ahead is not None:
                return data, self._then_next(turn, data, ahead, None)
            case = self._beside_in_order(turn, case, before_likely)
        elif case.intent is not None and case.queued:
            case = self._said_for_queued(turn, case)
        if case.intent is None:
            intents = self._intents(data)
            if intents and self._taken_back(turn.understanding.text, intents[0]):
                # "… actually, forget it, don't cancel anything": nothing is done, and said so.
                return data, _reply(case, "change_cancelled", {}, "the request was taken back")
            if withdrawn is not None and withdrawn.queued is None and not started:
                # "Never mind that", "I'll think about it": the request in progress is dropped,
                # and the customer is told nothing was done.
                return data, _reply(case, "change_cancelled", {}, "the request was withdrawn")
            if had_offer and not started and first(data.commands, Deny) is not None:
                if earlier:
                    # "No" to a request named back: it is let go, and nothing more said of it.
                    return data, _reply(case, "anything_else", {}, "no longer wanted")
                # "No, don't cancel anything": nothing is done, and the customer is told so.
                return data, _reply(case, "change_cancelled", {}, "the customer declined the offer")
            return data, self._no_flow(turn, data, case, started)
        return data, self._advance(turn, data, case)

    def _read_under_kind(self, turn: Turn, data: _TurnData, case: Case) -> tuple[_TurnData, Case]:
        """The answer to "Which order, and what would you like to change?": its request read
        among the kind's the customer named without saying what (``VagueRequests``); the
        kind is forgotten once it read the message as one of them, or as any request."""
        memory = dict(case.dialogue.memory)
        kind = str(memory.get(KIND))
        sure = turn.workspace.config.confidence.auto
        read = self.vague.read_under(kind, turn.understanding, data.commands, sure)
        if read is not None:
            data = _TurnData(turn, self.know, read)
        if read is not None or self._intents(data):
            memory.pop(KIND)
            case = _with(case, memory=memory)
        return data, case

    def _kind_only(self, turn: Turn, data: _TurnData) -> _TurnData:
        """ "Something is not right with an item I received", read as an exchange: a kind of
        request said without what it is about starts none of its requests (however surely
        the classifier leans to one) unless it names one by its verb, so that the kind is
        asked about."""
        text = turn.understanding.text
        kind = self.vague.kind(text)
        start = first(data.commands, StartFlow)
        if kind is None or start is None or start.intent not in self.vague.requests(kind):
            return data
        if self.requests.names(text, start.intent) or self._names_record(text):
            return data
        kept = tuple(c for c in data.commands if not isinstance(c, StartFlow))
        return _TurnData(turn, self.know, kept)

    def _asked_again(self, turn: Turn, data: _TurnData, case: Case) -> _TurnData:
        """ "And the t-shirt too, that one to my gift card" once a return is done, "same for the
        grill one please" once an order is cancelled: a message that names no request by its
        verb and asks, in the workspace's words (``SameAgain``), for the request last carried
        out again is read as that request, when it names a subject of it that no write of it
        was made for and no other request is read surely. Nothing waits (no queue, no offer)."""
        writes = case.dialogue.writes
        if not writes or case.queued or case.dialogue.offered or case.dialogue.offer:
            return data
        flow = self.flows.get(str(writes[-1].get("flow")))
        subject = None if flow is None else self._subject_slot(flow)
        if flow is None or flow.action is None or not flow.intents or subject is None:
            return data
        vocabulary = turn.workspace.vocabulary
        text = turn.understanding.text
        if not SameAgain.of(vocabulary.dialogue, vocabulary.requests).asks(text):
            return data
        start = first(data.commands, StartFlow)
        sure = turn.workspace.config.confidence.auto
        if start is not None and (start.intent in flow.intents or start.confidence >= sure):
            return data
        value = self._subject_value(data, case, flow, text)
        done = [w.get("slots", {}).get(subject) for w in writes if w.get("flow") == flow.name]
        if (
            value is None
            or value in done
            or not self._passes(turn, data, case, flow, subject, value)
        ):
            return data
        kept = tuple(c for c in data.commands if not isinstance(c, StartFlow | Clarify))
        return _TurnData(
            turn, self.know, (StartFlow(intent=flow.intents[0], confidence=sure), *kept)
        )

    def _again_beside(self, turn: Turn, data: _TurnData, case: Case) -> Case:
        """ "Please cancel the order with the headphones and the robot vacuum, and the one with
        the two keyboards too": a clause after a comma and a clause joiner (``dialogue.
        clause_joiners``) that names no request by a verb and ends on a word of ``dialogue.
        again`` asks for the request just started again, for the subject it names: it waits its
        turn with the clause's words. Only when the words before it name the subject the whole
        message does, and the clause another, which passes the request's checks."""
        flow = self.flows.get(case.intent or "")
        subject = None if flow is None else self._subject_slot(flow)
        if flow is None or flow.action is None or not flow.intents or subject is None:
            return case
        vocabulary = turn.workspace.vocabulary
        again = SameAgain.of(vocabulary.dialogue, vocabulary.requests)
        text = turn.understanding.text
        whole = None
        for cut in again.joined.finditer(text):
            clause = re.split(r"[.;!?\n]", text[cut.end() :], maxsplit=1)[0]
            if not again.closes(clause) or any(clause in w for w in case.dialogue.queued_said):
                continue
            whole = whole or self._subject_value(data, case, flow, text)
            before = self._subject_value(data, case, flow, text[: cut.start()])
            named = self._subject_value(data, case, flow, clause)
            if whole is None or before != whole or named is None or named == whole:
                continue
            if not self._passes(turn, data, case, flow, subject, named):
                continue
            # the message's sentences that name no subject of the request speak of both ("i
            # ordered a few things by mistake. please cancel …, and the one with … too")
            shared = [
                said
                for said in sentences(text)
                if said.strip() and self._subject_value(data, case, flow, said) is None
            ]
            case = _with(
                replace(case, queued=(*case.queued, flow.intents[0])),
                queued_said=(*_padded(case), ". ".join([clause, *shared])),
            )
        return case

    def _passes(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, slot: str, value: Any
    ) -> bool:
        """Whether ``flow``'s request with ``value`` in ``slot`` fails none of its checks that
        can be told from it alone (its lookups read as the customer): "the smart thermostat
        and the makeup kit I got" names an order no cancellation can be made for."""
        trial = data.trial()
        tried = replace(case, intent=flow.name, slots={slot: value})
        facts = self._facts(tried, trial)
        if self._lookups(turn, trial, tried, flow, facts, partial=True) is not None:
            return False
        self._values(flow, facts)
        return all(self._eval(check.when, facts) is not False for check in flow.checks)

    def _asked_kind(self, turn: Turn, case: Case, text: str) -> Decision | None:
        """ "I need to change something on one of my orders": a kind of request said without
        what it is about, asked about ("Which order, and what would you like to change?")
        and kept, so that the next message is read among its requests. None when the words
        name no kind, or name a thing or a record (what the request is about is said)."""
        kind = self.vague.kind(text)
        if kind is None or "ask_vague_request" not in _templates(turn):
            return None
        if self._names_record(text):
            return None
        kept = _with(case, memory={**case.dialogue.memory, KIND: kind})
        return _reply(kept, "ask_vague_request", {"kind": kind}, f"a {kind} request said vaguely")

    def _aside(self, turn: Turn, case: Case) -> bool:
        """Whether the message asks the help center something beside the request in progress:
        there is one, and the message gives it none of the values it still waits for."""
        flow = self.flows.get(case.intent or "")
        return flow is not None and not self._fills_missing_slot(turn, case, flow)

    def _answer_aside(
        self, turn: Turn, data: _TurnData, case: Case, asked: AskQuestion
    ) -> Decision:
        """ "How long does a refund take?" while the reason for a cancellation is asked: the
        help center's answer, then the request's question (or proposal) again, the request and
        its slots as they were."""
        before = case.dialogue.question
        paused = _with(replace(case, pending_confirmation=None), question=None)
        again = self._advance(replace(turn, understanding=_blank(turn)), data, paused)
        after = again.case.dialogue.question
        if before is not None and after is not None and after.key == before.key:
            # Asked again after an answer is no sign of being stuck: the count stays.
            again = replace(again, case=_with(again.case, question=before))
        facts = {"answer": asked.answer, "title": asked.title, "link": asked.link}
        return replace(
            again,
            reasons=("answered from the help center beside the request", *again.reasons),
            replies=(ReplySpec("knowledge_answer", facts), *again.replies),
        )

    def _described(self, turn: Turn, decision: Decision) -> tuple[_TurnData, Decision] | None:
        """An answer that left the question it answers as it was, read again as the one choice
        the question listed that its words describe by what only that choice holds ("the one
        with the camera and the clock, not the one with the office chair"): the decision for
        that choice written out, when it moves on. Never a guess: words that describe no
        single choice, or a choice that does not move the request on, change nothing."""
        asked = turn.case.dialogue.question
        if asked is None or len(asked.choices) < 2 or turn.outcomes:
            return None
        if turn.case.pending_confirmation is not None:
            return None
        if turn.case.intent is None and not asked.key.startswith(_CHOICE):
            return None
        if not _stuck(asked, decision) and not self._left_for_unnamed(turn, decision):
            return self._not_ruled_out(turn, asked, decision)
        # a yes or a no describes nothing, though a choice be listed with a "yes" value
        # ("Hiking Boots (8, leather, yes)": waterproof)
        words = self._yes_no.without_answers(turn.understanding.text)
        index = self.phrasing.described(words, asked.choices)
        if index is None:
            return None
        written = replace(_blank(turn), text=asked.choices[index])
        again = self._decide(replace(turn, understanding=written))
        return None if _stuck(asked, again[1]) else again

    def _left_for_unnamed(self, turn: Turn, decision: Decision) -> bool:
        """Whether ``decision`` leaves the request in progress for another one the message
        never names by its words ("the green one", answering which backpack to return, read as
        an item change): an answer to the question, if it describes one choice."""
        before, after = turn.case.intent, decision.case.intent
        flow = self.flows.get(after or "")
        if before is None or flow is None or after == before:
            return False
        text = turn.understanding.text
        return not any(self.requests.names(text, intent) for intent in flow.intents)

    def _not_ruled_out(
        self, turn: Turn, asked: Asked, decision: Decision
    ) -> tuple[_TurnData, Decision] | None:
        """An answer that only rules a listed choice out ("not the one with the office chair")
        but was read as that very choice (its value, an order's id, is in that choice's words
        and no other's): nothing is taken from it, and the question comes again."""
        slot = asked.key.rpartition(":")[2]
        value = decision.case.slots.get(slot)
        if not slot or value is None or value == turn.case.slots.get(slot):
            return None
        ruled = self.phrasing.ruled_out(turn.understanding.text, asked.choices)
        holding = [i for i, choice in enumerate(asked.choices) if str(value) in choice]
        if len(holding) != 1 or holding[0] not in ruled:
            return None
        return self._decide(replace(turn, understanding=_blank(turn)))

    def _picked(self, turn: Turn) -> str | None:
        """The choice a short answer picks by its place among those the question just asked
        listed ("the first one", "the latter"), or None."""
        asked = turn.case.dialogue.question
        if asked is None or not asked.choices:
            return None
        if turn.case.intent is None and not asked.key.startswith(_CHOICE):
            return None
        index = self.phrasing.ordinal(turn.understanding.text, len(asked.choices))
        if index is None:
            return None
        choice = asked.choices[index]
        # "#W4219264 (pending: Jigsaw Puzzle, Wristwatch)": a choice holding one record's
        # number is that record; what describes it names no item the customer picked.
        ids = self._record_ids(choice)
        return str(next(iter(ids))) if len(ids) == 1 else choice

    # -- safety ---------------------------------------------------------------------------------
    def _safety(self, turn: Turn, data: _TurnData, case: Case) -> Decision | None:
        u = turn.understanding
        found = sorted(self.never_automate.intersection(u.categories))
        if found:
            return _handoff(case, f"never-automate category: {', '.join(found)}", found[0])
        asked = first(data.commands, HandOff)
        if asked is not None:
            return _handoff(case, asked.reason, asked.code)
        if u.abuse:
            return _handoff(case, "abusive language", "abuse")
        angry = {"threat_to_leave", "repeat_contact", "chargeback_threat"} & set(u.flags)
        if u.sentiment <= self.handoff_sentiment or (angry and u.sentiment <= -0.5):
            return _handoff(case, f"very negative sentiment ({u.sentiment:.2f})", "sentiment")
        return None

    # -- intents --------------------------------------------------------------------------------
    @staticmethod
    def _intents(data: _TurnData) -> list[str]:
        """The intents the message's commands start (a request, or small talk)."""
        return [c.intent for c in data.commands if isinstance(c, StartFlow | ChitChat)]

    def _take_up_offer(self, turn: Turn, data: _TurnData, case: Case) -> tuple[Case, bool]:
        """A yes to "I can cancel it instead" starts that request; anything else drops the offer."""
        offer = case.dialogue.offered
        if not offer:
            return case, False
        case = _with(case, offered=None)
        flow = self.flows.get(str(offer["flow"]))
        intents = self._intents(data)
        named = bool(intents) and flow is not None and self.by_intent.get(intents[0]) is flow
        if flow is None or case.intent is not None:
            return case, False
        text = turn.understanding.text
        yes = first(data.commands, Confirm) is not None
        plain_yes = yes and (
            not intents or len(text.split()) <= 5 or self._yes_with_details(turn, data, flow)
        )
        if offer.get("earlier") and any(self.by_intent.get(i) not in (None, flow) for i in intents):
            plain_yes = False  # "yes, and return the headphones" asks for another thing
        if not plain_yes and (offer.get("earlier") or not named):
            # A request set aside and named back is taken up again on a yes only: a message
            # asking for it anew starts it from its own words.
            return case, False
        # "No … and don't cancel anything": the offer is declined; "ok then cancel that whole
        # order" asks for it, though its verb reads as a no to a question.
        if (first(data.commands, Deny) is not None and not named) or self._negates(text, flow):
            return case, False
        slots = {**case.slots, **offer["slots"]}
        held = offer.get("grounds") or {}
        grounds = {k: tuple(Ground.from_json(g) for g in v) for k, v in held.items()}
        waived = tuple(offer.get("waived") or ())
        case = _with(
            case,
            said=tuple(offer["said"]),
            grounds={**case.dialogue.grounds, **grounds},
            waived=waived,
        )
        return replace(case, intent=flow.name, slots=slots, clarifications=0), True

    def _yes_with_details(self, turn: Turn, data: _TurnData, flow: FlowSpec) -> bool:
        """Whether the message is a yes whose other parts only give details of the request
        offered ("Fine, go ahead with both. Put it on the Visa."): each part holds the yes,
        gives only a detail (``dialogue.details``), or reads as that very request."""
        parts = turn.understanding.parts
        if first(data.commands, Confirm) is None or flow is None or len(parts) < 2:
            return False
        yes = [p for n, p in parts if self._yes_no.read(p) is Answer.YES]
        return len(yes) == 1 and all(
            p in yes or self._detail_only(p) or self.by_intent.get(n) is flow for n, p in parts
        )

    def _corrected_subject(self, turn: Turn, data: _TurnData, case: Case) -> Case | None:
        """The request a check just turned down on its subject's state ("#W3973757 is
        processed, so it can no longer be changed"), asked again when the next message opens
        on a correction (``requests.corrections``: "sorry, wrong number - it's #W5061109, the
        one with the makeup kit …") and names another subject for it on its own: the earlier
        words and the correction are its words (the correction's subject after the one taken
        back), so what was asked need not be said again. Not when the message asks for another
        request (by its verb, or read surely as one its flow is not, nor redirects to); the
        proposal still waits for a yes."""
        flow = self.flows.get(case.dialogue.turned_down or "")
        if flow is None or case.intent is not None or case.dialogue.refusal is None:
            return None
        text = turn.understanding.text
        if self._correcting is None or self._correcting.match(text) is None:
            return None
        top = next(iter(self._intents(data)), "")
        read = self.by_intent.get(top)
        if read is not None and read is not flow and read.name not in self._related(flow):
            # a request of another kind, asked by its verb or read surely ("sorry, wrong
            # number - it's #W2, and I want to return it"); words that only describe the
            # order may lean the reading anywhere between the bands
            sure = turn.workspace.config.confidence.auto
            if self._confidence(turn, top) >= sure or self.requests.names(text, top):
                return None
        spec = next((s for s in flow.slots if self.know.kind(s.resolver).subject), None)
        subject = self._subject_value(data, case, flow, text)
        if spec is None or subject is None:
            return None
        remembered = self.know.kind(spec.resolver).remember
        if remembered and case.dialogue.memory.get(remembered) == subject:
            return None  # the same subject again: turned down again by the same check
        said = (*case.dialogue.last_said, text)
        started = _with(case, said=said, context=(), grounds={}, waived=())
        return replace(started, intent=flow.name, slots={}, clarifications=0)

    def _route(self, turn: Turn, data: _TurnData, case: Case) -> tuple[Case, bool]:
        intents = self._intents(data)
        top = intents[0] if intents else None
        if self._identity_only(turn.understanding):
            top = None  # who they are is no request, however the classifier reads it
        handing = self.by_intent.get(top or "")
        auto = turn.workspace.config.confidence.auto
        if handing is not None and handing.handoff and self._confidence(turn, top or "") < auto:
            top = None  # a flow that only hands off starts on a sure reading, else we ask
        elif handing is not None and handing.handoff:
            top = self._named_instead(turn, top or "")
        if top is not None and self._taken_back(turn.understanding.text, top):
            top = None  # asked, then taken back in the same message
        if top is not None and self.requests.only_negated(turn.understanding.text, top):
            # "If I cancelled it, how much would I get back?": the order's details answer it,
            # as surely as the question was recognised.
            wonders = self._wonder.search(turn.understanding.text)
            if wonders and self._what_if is not None:
                sure = self._confidence(turn, top)
                answer = self._what_if.intents[0]
                case, started = self._start(turn, case, answer, list(case.queued))
                if started and self.requests.names(turn.understanding.text, top):
                    # the request wondered about named by its verb ("how much would I get
                    # back if I returned the keyboard?"): what the order's details tell is the
                    # answer, however unsure the classifier is which request it is
                    sure = max(sure, auto)
                if started:
                    case = _with(case, confidence=sure)
                return case, started
            top = self._instead_of_negated(turn, top)
        dropped = first(data.commands, CancelFlow)
        if dropped is not None and dropped.queued is not None:
            dropped = None  # a request waiting its turn, already withdrawn
        if dropped is not None and case.intent is not None:
            # "Forget the exchange, just return it": the request in progress is withdrawn
            # (all of them with "both" / "all"), and the rest of the message starts afresh.
            everything = dropped.everything
            if top is not None and self.by_intent.get(top) is self.flows.get(case.intent):
                top = None  # "forget the exchange" names the request it withdraws
            case = self._finish(case)
            if everything:
                case = _with(replace(case, queued=(), slots={}), set_aside=())
            return self._start(turn, case, top, list(case.queued))
        if top is not None and case.intent is not None and self._continues(turn, case, top):
            top = None
        return self._start(turn, case, top, list(case.queued))

    def _named_instead(self, turn: Turn, handing: str) -> str:
        """The request a message names by its verb in place of a hand-off read from a part
        alone ("It's the one with the helmet and the hose. Can it be cancelled?", read as a
        cancellation to undo): when the whole message is not sure of the hand-off and names
        none of its verbs, the one other request it names by its verb and asks for, else
        ``handing``."""
        text = turn.understanding.text
        whole = next((i.confidence for i in turn.understanding.intents if i.name == handing), 0.0)
        if whole >= turn.workspace.config.confidence.auto or self.requests.names(text, handing):
            return handing
        named = {
            intent
            for flow in self.flows.values()
            if not flow.handoff
            for intent in flow.intents
            if self.requests.names(text, intent) and not self.requests.only_negated(text, intent)
        }
        return next(iter(named)) if len(named) == 1 else handing

    def _instead_of_negated(self, turn: Turn, negated: str) -> str | None:
        """ "I don't want compensation, just cancel it": the reading the message only negates
        gives way to the next one at least ``confidence.alternative`` likely that the message
        neither negates nor takes back; else no request starts."""
        text = turn.understanding.text
        floor = turn.workspace.config.confidence.alternative
        for reading in turn.understanding.intents:
            if reading.confidence < floor:
                break
            if reading.name == negated or reading.name not in self.by_intent:
                continue
            if self.requests.only_negated(text, reading.name):
                continue
            if not self.requests.taken_back(text, reading.name):
                return reading.name
        return None

    def _start(
        self,
        turn: Turn,
        case: Case,
        top: str | None,
        queued: list[str],
        aside: Turn | None = None,
    ) -> tuple[Case, bool]:
        """Begin the message's request (and queue its other ones), or stay where things are;
        ``aside`` as ``_paused`` takes it."""
        extra = [i for i in turn.understanding.flags if i.startswith("intent:")]
        main = self.by_intent.get(top or "") or self.flows.get(case.intent or "")
        before = len(queued)
        for flag in extra:
            name = flag.removeprefix("intent:")
            if name in self.by_intent and name != top and name not in queued:
                if self.by_intent[name].handoff and self._named_instead(turn, name) != name:
                    continue  # "can it be cancelled?": read as the request it names
                said = " ".join(t for n, t in turn.understanding.parts if n == name)
                if (
                    main is not None
                    and _answers_within(self.know, main, self.by_intent[name], said, self._change)
                    and not self._given_apart(turn, main, self.by_intent[name])
                    and not self._listed_apart(turn, name)
                ):
                    continue  # "... change the lamp. Pay with my gift card": one request
                if self._detail_only(said) and not self._asked_in_words(turn, name):
                    # "... change the earbuds to blue. Refund to PayPal": a detail, which
                    # neither leads a request nor waits as one of its own — unless the message
                    # asks for that request in so many words where no part was read surely
                    # ("… the speaker and the bulb, sending those two back. refund to paypal")
                    continue
                if self.requests.only_negated(said, name):
                    continue  # "I don't want to cancel the whole order. Then swap …"
                if (
                    main is not None
                    and self.by_intent[name].name in self._related(main)
                    and not self._apart(_read_parts(turn), main, self.by_intent[name])
                ):
                    continue  # an exchange and an item change in one breath: one request
                queued.append(name)
        swapped = False
        if top in self.by_intent and case.intent is None:
            # Questions are answered first ("what's its tracking number? and return …"), and
            # "change the address and the keyboard" changes the address first: the item
            # change locks the order, so it waits its turn.
            # Among requests of one rank, the customer's order holds ("first cancel …, then
            # send the other one to …"): each runs where its part of the message came.
            parts = [name for name, _ in turn.understanding.parts]

            def place(intent: str | None) -> tuple[int, int]:
                at = parts.index(intent) if intent in parts else -1
                return self._rank(intent), at if intent != top or at >= 0 else -1

            asked = sorted([top, *queued[before:]], key=place)
            asked = self._locking_last(turn.understanding.parts, asked)
            if asked[0] != top:
                queued[before:] = [n for n in asked[1:] if n is not None]
                top, swapped = asked[0], True
        if top is not None and top in self.by_intent:
            flow = self.by_intent[top]
            if case.intent != flow.name:
                keep = _carried(case.dialogue)
                resume = self._paused(case, flow, aside)
                if resume is None and aside is None:
                    keep = replace(keep, set_aside=self._set_aside(turn, case, flow))
                # a request asked for anew is not named back: it is in progress again
                again = tuple(e for e in keep.set_aside if e["flow"] != flow.name)
                keep = replace(keep, set_aside=again)
                if resume is not None and flow.action is None and flow.handoff is None:
                    # A question in the middle of a request: the request waits, first in line.
                    queued.insert(0, resume[0])
                    keep = replace(keep, queued_said=(resume[1], *keep.queued_said))
                elif resume is not None:
                    # Another request for another thing while a proposal waited: the proposal
                    # is not dropped without a word; it waits, with its words, behind those
                    # already waiting, to be made again for a yes of its own.
                    queued.insert(before, resume[0])
                    keep = replace(keep, queued_said=(*_padded(case)[:before], resume[1]))
                picked: tuple[str, ...] | None = None
                if top in queued:
                    # The customer picks up a request they made earlier: it starts now, with
                    # what they said about it then.
                    index = queued.index(top)
                    queued.pop(index)
                    texts = list(keep.queued_said)
                    picked = (texts.pop(index).removeprefix(_LIKELY),) if index < len(texts) else ()
                    keep = replace(keep, queued_said=tuple(texts))
                if picked is None:
                    picked = case.dialogue.context  # what they said before asking for anything
                confidence = self._confidence(turn, top)
                if swapped:  # recognised as a part of the message, surely enough to queue
                    confidence = turn.workspace.config.confidence.auto
                keep = replace(keep, said=picked, context=(), confidence=confidence, together=())
                started = replace(
                    case,
                    intent=flow.name,
                    slots={},
                    dialogue=keep,
                    queued=tuple(queued),
                    clarifications=0,
                )
                return self._queue_texts(turn, started), True
        if top is not None:
            case = replace(case, clarifications=0)
        return self._queue_texts(turn, replace(case, queued=tuple(queued))), False

    def _digression(self, turn: Turn, data: _TurnData, case: Case) -> str | None:
        """The intent of a question asked, surely, while a request waits for its "yes" — or of
        another request asked surely in more than a short answer, neither a yes nor a no nor
        taking this one back, nor an answer to it ("Also I need the address of my other order
        changed"): the proposal waits its turn, to be made again."""
        intents = self._intents(data)
        top = intents[0] if intents else None
        flow = self.by_intent.get(top or "")
        current = self.flows.get(case.intent or "")
        if flow is None or current is None or flow is current or top is None:
            return None
        text = turn.understanding.text
        if self._detail_only(text) and not self.asking.only(text):
            # "gift card" under a proposal that names another method: a detail of the request
            # waiting (read as a correction of it), however surely it reads as a question
            return None
        if self._confidence(turn, top) < turn.workspace.config.confidence.auto:
            return None
        # A short message is set aside only when it names its own request's subject ("Before
        # that, cancel order #B"): read as new facts, it would re-aim the proposal at that one.
        aside = (
            all(first(data.commands, kind) is None for kind in (Confirm, Deny, CancelFlow))
            and (
                len(turn.understanding.text.split()) > _SHORT_ANSWER
                or self._subject_named(turn, case, flow) is not None
            )
            and not self._continues(turn, case, top)
        )
        return top if self._paused(case, flow, turn if aside else None) is not None else None

    def _paused(
        self, case: Case, flow: FlowSpec, aside: Turn | None = None
    ) -> tuple[str, str] | None:
        """When ``flow`` only answers a question and the request in progress would write: that
        request's intent and words, to take up again after the answer (pinned to its subject).
        With ``aside``, the message asking for ``flow``: also when ``flow`` is another request
        for another thing ("Also change the address of my other order"), which does not drop
        the one in progress; one of another flow for the same thing ("then cancel that whole
        order") takes its place, as one moved on by a check does."""
        current = self.flows.get(case.intent or "")
        answers = flow.action is None and flow.handoff is None
        if current is None or current.action is None or flow is current:
            return None
        subject = next((s.name for s in current.slots if self.know.kind(s.resolver).subject), None)
        pinned = case.slots.get(subject) if subject else None
        if not answers and (
            aside is None
            or flow.name in self._related(current)
            or (pinned is not None and self._subject_named(aside, case, flow) == pinned)
        ):
            return None
        if pinned is not None:
            pieces = (f"{_MORE_SUBJECT}{pinned}", *case.dialogue.said)
            return current.intents[0], _WORDS.join(pieces)
        return current.intents[0], " ".join(case.dialogue.said)

    def _set_aside(self, turn: Turn, case: Case, flow: FlowSpec) -> tuple[dict[str, Any], ...]:
        """The requests set aside to name back later, with the one in progress when ``flow``,
        another request for another thing asked in ``turn``, takes its place before its
        proposal: that one is not dropped without a word, but not taken up again unasked
        either (its question would take the customer's next words as its answer)."""
        kept = case.dialogue.set_aside
        if self._paused(case, flow, turn) is None:
            return kept
        grounds = case.dialogue.grounds
        entry = {
            "flow": case.intent,
            "slots": dict(case.slots),
            "said": list(case.dialogue.said),
            "grounds": {k: [g.as_json() for g in v] for k, v in grounds.items() if k in case.slots},
            "waived": list(case.dialogue.waived),
            "writes": len(case.dialogue.writes),
        }
        return (*(e for e in kept if e["flow"] != case.intent), entry)

    def _subject_named(self, turn: Turn, case: Case, flow: FlowSpec) -> Any:
        """The subject of ``flow``'s request the message names, read as that request would
        read it, or None."""
        name = self._subject_slot(flow)
        if name is None:
            return None
        data = _TurnData(turn, self.know)
        data.load_user(case, self.identity.customer)
        fresh = replace(case, intent=flow.name, slots={})
        found = self._resolve(turn, data, fresh, name, turn.understanding.text)
        return found.value if found is not None and found.resolved else None

    @staticmethod
    def _confidence(turn: Turn, intent: str) -> float:
        """How surely ``intent`` was asked for: as a whole, or as a confidently recognised part."""
        whole = next((i.confidence for i in turn.understanding.intents if i.name == intent), 0.0)
        if any(name == intent for name, _ in turn.understanding.parts):
            return max(whole, turn.workspace.config.confidence.auto)
        return whole

    def _continues(self, turn: Turn, case: Case, top: str) -> bool:
        """Whether a message that looks like another request is really an answer to this flow.

        A short answer ("use my credit card") can resemble another request. The customer moves
        on when the new request is stated with high confidence, or names a request they already
        queued ("do the boots exchange"); otherwise a message that fills a missing slot of the
        active flow stays in it.
        """
        flow = self.flows.get(case.intent or "")
        if flow is None or self.by_intent.get(top) is flow:
            return True
        if top in case.queued:
            return False
        other = self.by_intent.get(top or "")
        if other is not None and other.name in self._related(flow):
            # "Change the kettle to a glass one" while exchanging it: the same request, which
            # the flow's own checks send to the right flow for the order's status.
            return True
        if other is not None:
            # "PayPal for the difference" reads like "change my order's payment", but while a
            # change waits for its payment method it is the answer.
            kinds = {s.resolver for s in other.slots if not self.know.kind(s.resolver).subject}
            missing = {s.resolver for s in flow.slots if case.slots.get(s.name) is None}
            asks_change = self._change.search(turn.understanding.text) is not None
            if (
                kinds
                and kinds <= missing
                and not asks_change
                and self._fills_missing_slot(turn, case, flow)
            ):
                return True
            if (
                _answers_within(self.know, flow, other, turn.understanding.text, self._change)
                and top not in case.queued
            ):
                return True
        words = len(turn.understanding.text.split())
        fills = self._fills_missing_slot(turn, case, flow)
        names_new_request = self.requests.names(turn.understanding.text, top or "")
        if fills and words <= _SHORT_ANSWER and not names_new_request:
            return True  # "paypal please, not the gift card" answers the question just asked
        if case.verification is None and self._identity_given(case) and not names_new_request:
            return True  # "try raj.lee@example.com": an answer to the identity question
        if (
            fills
            and other is not None
            and other.action is None
            and case.dialogue.question is not None
            and "?" not in turn.understanding.text
        ):
            # "… I'd like the lightest set you have in rubber" answering which items to
            # exchange: words that only sound like a question about a product, asking none,
            # answer the question waiting.
            return True
        confident = (
            turn.understanding.intents[0].confidence >= turn.workspace.config.confidence.auto
        )
        if confident and words > 4:
            return False
        return fills

    def _given_apart(self, turn: Turn, main: FlowSpec, other: FlowSpec) -> bool:
        """Whether the parts of the message read as ``main`` give, in their own words, a value
        of each kind ``other`` asks for beside its subject: "pay for #W1 with PayPal instead;
        and change the laptop …, paying any difference with my Visa" — the change has its own
        payment, so the other one is a request of its own, not a detail of the change."""
        kinds = {s.resolver for s in other.slots if not self.know.kind(s.resolver).subject}
        own = [t for n, t in turn.understanding.parts if n in main.intents]
        u = turn.understanding
        given = {e.type for e in (*u.entities, *u.marks) if any(e.text in t for t in own)}
        return bool(kinds) and kinds <= given

    def _listed_apart(self, turn: Turn, name: str) -> bool:
        """Whether a part read as ``name`` opens a thing of the customer's list ("1) please
        take the payment off the gift card and put it on my Mastercard 2) the bicycle: …"):
        a thing the customer numbered is asked for in its own right, never a detail of another
        request."""
        return any(n == name and listed(t) for n, t in turn.understanding.parts)

    def _rank(self, intent: str | None) -> int:
        """When a request of this kind runs among several asked at once: answers first, then
        changes (a change that may lock its subject then waits for the others: ``_locks``)."""
        flow = self.by_intent.get(intent or "")
        if flow is None:
            return 1
        if (
            flow.action is None
            and flow.handoff is None
            and any(self.know.kind(s.resolver).subject for s in flow.slots)
        ):
            return 0  # a question about its subject ("what's its tracking number?")
        return 1

    def _locks(self, intent: str | None) -> bool:
        """Whether a request of this kind changes its subject and may lock it: it locks, or a
        check may turn it into one that does (an exchange of what has not shipped yet becomes
        an item change)."""
        flow = self.by_intent.get(intent or "")
        if flow is None or flow.action is None:
            return False
        related = (self.flows[name] for name in self._related(flow) if name in self.flows)
        return flow.after_others or any(f.after_others for f in related)

    def _locking_last(self, parts: Sequence[tuple[str, str]], asked: list[str]) -> list[str]:
        """``asked`` with each change that may lock its subject moved after the other changes
        asked with it: "change the address and the keyboard" changes the address first. A
        request that ends its subject (``ends_subject``: a cancellation) is waited for only when
        the two may be about the same subject: when their words name different entries of the
        catalogue ("the glass bookshelf I received: … a wooden one. And cancel my pending grill
        order"), the customer's order holds; words naming none ("if that isn't available,
        cancel that order") may be the same subject's, and are waited for. An address or a
        payment change is always waited for: its words may name another order only as where
        its value comes from ("… to the address my smart watch order went to")."""
        changes = [n for n in asked if n in self.by_intent and self.by_intent[n].action]
        locking = [n for n in changes if self._locks(n)]
        for name in reversed(locking):  # each moved just after what it waits for, in order
            flow = self.by_intent[name]
            waits = [
                asked.index(n)
                for n in changes
                if not self._locks(n) and not self._apart_ended(parts, flow, n)
            ]
            at = asked.index(name)
            if waits and max(waits) > at:
                asked = [
                    *asked[:at],
                    *asked[at + 1 : max(waits) + 1],
                    name,
                    *asked[max(waits) + 1 :],
                ]
        return asked

    def _apart_ended(self, parts: Sequence[tuple[str, str]], flow: FlowSpec, other: str) -> bool:
        """Whether ``other``'s request ends its subject and is about other things than
        ``flow``'s, by what the message's parts for each name."""
        ending = self.by_intent[other]
        if not ending.ends_subject:
            return False
        # Each names a record of its own by its id ("… the hose in order #W5282037 in blue,
        # and separately please cancel order #W1436802"): two subjects, in the order said.
        ids = self._record_ids(_about(parts, flow.intents))
        ended = self._record_ids(_about(parts, ending.intents))
        if ids and ended and not ids & ended:
            return True
        if self.catalogue is None:
            return False
        # Each names an entry the other does not: "in the one with the dumbbell set, change
        # the vacuum … and the other order (earbuds, toothbrush and the second vacuum), cancel
        # it" — a product both orders hold, named by both, does not make them one subject.
        one = self.catalogue.entries(_about(parts, flow.intents))
        two = self.catalogue.entries(_about(parts, ending.intents))
        return bool(one - two) and bool(two - one)

    def _record_ids(self, text: str) -> set[Any]:
        """The ids of records ``text`` names by their number, as the workspace writes them."""
        return {found.value for find in self._records for found in find(text)}

    def _negates(self, text: str, flow: FlowSpec) -> bool:
        """Whether ``text`` says not to do ``flow``'s request ("don't cancel it")."""
        return any(self.requests.only_negated(text, intent) for intent in flow.intents)

    def _asked_in_words(self, turn: Turn, intent: str) -> bool:
        """Whether the message names ``intent``'s request by its verb (``request_verbs``) and
        asks for it, in a piece no part read surely claimed for another request."""
        unclaimed = " ".join(t for n, t in turn.understanding.parts if not n)
        return self.requests.names(unclaimed, intent) and not self.requests.only_negated(
            unclaimed, intent
        )

    def _detail_only(self, text: str) -> bool:
        """A short part naming a detail (``dialogue.details``) and nothing to act on ("refund
        to paypal"): no change asked for, no record named by its number, no product."""
        if not self._detail.only(text):
            return False
        if any(next(iter(find(text)), None) for find in self._records):
            return False
        return self.catalogue is None or not self.catalogue.entries(text)

    def _apart(self, parts: Sequence[tuple[str, str]], first: FlowSpec, second: FlowSpec) -> bool:
        """Whether two requests of one message speak of different entries of the catalogue,
        each in its parts and the parts just before them that ask nothing ("My pending
        charger: change it to white. And the tablet I received: exchange it for gold")."""
        if self.catalogue is None:
            return False
        one = self.catalogue.entries(_about(parts, first.intents))
        other = self.catalogue.entries(_about(parts, second.intents))
        return bool(one) and bool(other) and not one & other

    def _related(self, flow: FlowSpec) -> set[str]:
        """Flows one request may move between by a check's redirect, either way."""
        linked = {c.redirect for c in flow.checks if c.redirect}
        linked |= {
            f.name for f in self.flows.values() if any(c.redirect == flow.name for c in f.checks)
        }
        return {name for name in linked if name}

    def _fills_missing_slot(self, turn: Turn, case: Case, flow: FlowSpec) -> bool:
        data = _TurnData(turn, self.know)
        data.load_user(case, self.identity.customer)
        for spec in flow.slots:
            if case.slots.get(spec.name) is not None:
                continue
            found = self._resolve(turn, data, case, spec.name, turn.understanding.text)
            if found is not None and (found.resolved or found.choices):
                return True
        return False

    def _no_flow(self, turn: Turn, data: _TurnData, case: Case, started: bool) -> Decision:
        if case.verification is None and self._identity_given(case):
            verified = self._verify(turn, data, case)
            if isinstance(verified, Decision):
                return verified
            u = turn.understanding
            if not self._identity_only(u) and not u.gibberish and not u.spam:
                # "Sofia Ahmed, 90819. From my delivered order: the garden hose …": no request
                # read surely, but what the next one is about — kept so the customer need not
                # say it again.
                verified = _with(verified, context=(*verified.dialogue.context, u.text)[-2:])
            offer = self._offer_likely(turn, data, verified, "verified_offer_request")
            if offer is not None:
                return offer
            vague = self._asked_kind(turn, verified, " ".join(verified.dialogue.context[-1:]))
            if vague is not None:
                return vague
            return _reply(verified, "verified_ask_request", {}, "verified; ask what they need")
        if self._identity_only(turn.understanding):
            # Who they are and nothing else: known already, or half given (a zip, no name).
            if case.verification is not None:
                return _reply(case, "verified_ask_request", {}, "identity again; ask the need")
            return _reply(case, "ask_identity", {}, "identity incomplete; ask for the rest")
        if case.verification is not None and not started:
            vague = self._asked_kind(turn, case, turn.understanding.text)
            if vague is not None:
                return vague
        chat = first(data.commands, ChitChat)
        if chat is not None:
            return _reply(case, chat.reply, {}, "small talk")
        known = first(data.commands, AskQuestion)
        if known is not None and known.choices:
            # The help center is not sure which article is meant: its titles are offered; an
            # answer may pick one by its place ("the second one").
            choices = list(known.choices)
            about = known.question[:60]
            return _question(case, _CHOICE, {"choices": choices}, "the help center asks", about)
        if known is not None and known.answer:
            # The help center's words are quoted as data, with where they come from.
            facts = {"answer": known.answer, "title": known.title, "link": known.link}
            return _reply(case, "knowledge_answer", facts, "answered from the help center")
        u = turn.understanding
        if self._yes_after_done(case, u):
            # "yes" once a request is done and nothing waits: no question was asked, so the
            # customer is asked whether there is more, not told they were not understood.
            return _reply(case, "anything_else", {}, "a yes with nothing waiting")
        limit = turn.workspace.config.clarify_limit
        if case.clarifications < limit:
            asked = replace(case, clarifications=case.clarifications + 1)
            if not u.gibberish and not u.spam:
                # "The notebook from #W… is faulty": no request yet, but what the next one
                # is about — kept so the customer need not say it again.
                asked = _with(asked, context=(*case.dialogue.context, u.text)[-2:])
            offer = self._offer_likely(turn, data, asked, "offer_request")
            if offer is not None:
                return offer
            unread = first(data.commands, Clarify)
            reason = unread.reason if unread is not None else "not understood"
            return Decision(
                DecisionKind.CLARIFY,
                asked,
                (f"{reason}: ask once",),
                replies=(ReplySpec("clarify"),),
            )
        return _handoff(
            case, "message not understood after a clarifying question", "not_understood"
        )

    def _yes_after_done(self, case: Case, u: Understanding) -> bool:
        """Whether ``u`` is a bare yes ("yes", "ok, sure") once a write of this conversation is
        done or a request ended without one ("I haven't changed anything. Anything else?"),
        with no request in progress, none waiting and no question open."""
        ended = bool(case.dialogue.writes) or bool(case.dialogue.memory.get(_ENDED))
        if not ended or case.intent is not None or case.queued:
            return False
        if case.pending_confirmation is not None or case.dialogue.question is not None:
            return False
        if any(name for name, _ in u.parts) or u.entities:
            return False
        return self._yes_no.bare(u.text)

    def _offer_likely(
        self, turn: Turn, data: _TurnData, case: Case, template: str
    ) -> Decision | None:
        """ "Do you want to exchange an item?": the request a part of the message was likely
        read as (a ``Clarify`` naming it), offered with the message's words, when its flow
        changes something and the workspace words the question; a yes starts it, and its
        proposal is confirmed as any other. None when there is nothing to offer."""
        unsure = first(data.commands, Clarify)
        flow = self.by_intent.get(unsure.intent or "") if unsure is not None else None
        if flow is None and (unsure is None or unsure.reason == "not understood"):
            # read as nothing (words marked as a detail, "paypal", may be all that was read)
            return self._grounded_change(turn, data, case) or self._grounded_offer(
                turn, data, case, template
            )
        if flow is None or flow.action is None:
            # read likely as a question, or a request nothing here writes ("Please charge or
            # refund any difference through PayPal" after a long story of a pet bed and a
            # yoga mat): what the customer's records give the words, if anything
            return self._grounded_change(turn, data, case)
        if case.intent is not None:
            return None
        if template not in _templates(turn):
            return None
        text = turn.understanding.text
        said = [*(words for words in case.dialogue.context if words != text), text]
        follow = self._proposed_at_once(turn, data, case, flow, said)
        if self.asking.only(text):
            return self._answered(turn, follow, flow)
        if follow.case.pending_confirmation is not None:
            reason = f"read between the bands as {flow.name}; its proposal asks"
            return replace(follow, reasons=(reason, *follow.reasons))
        # "I just got an induction hob, so the glass tea kettle won't work - could it be a
        # ceramic one for induction instead?", read likely as an address change with no address
        # in it: the change the records ground in the words, when they hold nothing of it
        grounded = self._grounded_change(turn, data, case, flow)
        if grounded is not None:
            return grounded
        why = f"read between the bands as {flow.name}; asked whether that is the request"
        return _offered(case, flow, said, template, why)

    def _grounded_offer(
        self, turn: Turn, data: _TurnData, case: Case, template: str
    ) -> Decision | None:
        """A message read as nothing whose words the customer's records ground as a wish
        (``_wished_in``: "I'd like the sunglasses with a black frame please") for one request
        that writes, when its proposal does not follow at once (two orders hold the thing):
        whether that is the request, asked with its words, rather than "what can I help you
        with?" as if nothing had been said. Among an item change and an exchange (forms a
        check moves between by the status) the one whose subject the records hold; a yes starts
        it, and it asks what it needs. None when the words ground nothing or several kinds, or
        name a request by its verb (a long message asking for several things is not one
        change)."""
        u = turn.understanding
        if case.intent is not None or case.verification is None or template not in _templates(turn):
            return None
        if u.gibberish or u.spam or u.out_of_scope or self.asking.only(u.text):
            return None
        if any(self.requests.names(u.text, i) for f in self.flows.values() for i in f.intents):
            return None  # it names a request by its verb: more is asked than one change
        grounded = [
            flow
            for flow in self._grounded(turn, data, case, u.text)
            if self._holds_subject(turn, data, case, flow, u.text)
        ]
        flow = self._one_change(grounded)
        if flow is None:
            return None
        said = [*(words for words in case.dialogue.context if words != u.text), u.text]
        why = f"grounded in the customer's records as {flow.name}, for more than one; asked"
        return _offered(case, flow, said, template, why)

    def _holds_subject(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, text: str
    ) -> bool:
        """Whether the customer's records hold a subject ``flow`` may take for ``text``: one
        found, or several to choose from."""
        subject = self._subject_slot(flow)
        if subject is None:
            return False
        probe = replace(case, intent=flow.name, slots={})
        found = self._resolve(turn, data.trial(), probe, subject, text)
        return found is not None and (found.resolved or bool(found.choices))

    def _one_change(self, flows: Sequence[FlowSpec]) -> FlowSpec | None:
        """The first of ``flows`` when the others are only its forms a check moves between
        by the subject's status (an item change and an exchange): one change; None when there
        is none, or writes of several kinds."""
        if not flows or any(f.name not in self._related(flows[0]) for f in flows[1:]):
            return None
        return flows[0]

    def _asked_about(self, turn: Turn, data: _TurnData, case: Case) -> Decision | None:
        """ "How much cheaper would the espresso machine be with a slightly lower pressure?": a
        request that writes, started from a message that asks about it only in questions
        (``AskingAbout``), is answered and offered (``_answered``), never proposed for a yes."""
        flow = self.flows.get(case.intent or "")
        if flow is None or flow.action is None or case.pending_confirmation is not None:
            return None
        if not self.asking.only(turn.understanding.text):
            return None
        return self._answered(turn, self._advance(turn, data, case), flow)

    def _answered(self, turn: Turn, follow: Decision, flow: FlowSpec) -> Decision:
        """A question about ``flow``'s request answered: when the words reach its proposal,
        what it would be (its confirmation's words with ``asked_only``); else whether the
        customer wants it. Either is an offer: a yes starts the request with its words and its
        values found again, and its proposal is confirmed as any other; nothing waits for a yes
        to write.
        What cannot be done, or needs a person, is said as the request would say it."""
        case = follow.case
        pending = case.pending_confirmation
        if pending is None and (case.intent is None or case.dialogue.question is None):
            return follow  # refused, handed off, or not this request's question
        if pending is None and "asked_offer" not in _templates(turn):
            return follow
        # Its words, read again on a yes: the same values, found again with what they rest on.
        said = list(case.dialogue.said)
        offer = {"flow": flow.name, "slots": {}, "said": said, "grounds": {}, "waived": ()}
        done = _with(self._finish(case), offered=offer)
        if pending is None:
            reply = ReplySpec("asked_offer", {"request": flow.name})
            why = f"{flow.name} only asked about; asked whether it is wanted"
            return Decision(DecisionKind.REPLY, done, (why,), replies=(reply,))
        replies = tuple(
            replace(r, facts={**r.facts, "asked_only": True}) if r.template == pending.prompt else r
            for r in follow.replies
        )
        why = f"{flow.name} only asked about; answered with what it would be, and offered"
        return Decision(DecisionKind.REPLY, done, (why, *follow.reasons), replies=replies)

    def _proposed_at_once(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, said: Sequence[str]
    ) -> Decision:
        """``flow`` started on the words ``said`` alone, as far as they take it: when they say
        all the request needs, its exact proposal is the question (a yes consents to precisely
        what it states, a no changes nothing)."""
        started = replace(
            _with(case, said=tuple(said), context=(), grounds={}, waived=()),
            intent=flow.name,
            slots={},
            clarifications=0,
        )
        return self._advance(
            replace(turn, understanding=_blank(turn)), data, started, redirected=True
        )

    def _grounded_change(
        self,
        turn: Turn,
        data: _TurnData,
        case: Case,
        read: FlowSpec | None = None,
        words: str | None = None,
    ) -> Decision | None:
        """A message read as nothing that the customer's records give one meaning: a thing of
        theirs named with a value of a slot kind other than its own ("bottle in my other order
        500ml green", ``SlotKind.wished``) asks for the change of the first flow that writes
        it whose proposal the words reach at once — the records choose the flow (a pending
        order's items change, a delivered one's are exchanged). Only that proposal is the
        reply, for a yes; else nothing is read. Never once a request is in progress.

        ``read``: the request the message was read as surely, overturned only when its own
        words hold nothing of it (``_contradicted``). ``words``: the message's words read so,
        when not all of it (a thing of a list)."""
        u = turn.understanding
        if case.intent is not None or case.verification is None:
            return None
        if words is None and (u.gibberish or u.spam or u.out_of_scope):
            return None
        text = u.text if words is None else words
        for flow in self._grounded(turn, data, case, text, read):
            # tried on the turn's reads apart: a flow whose proposal does not follow leaves
            # no slot it filled in the conversation's record
            tried = self._proposed_at_once(turn, data.trial(), case, flow, [text])
            if tried.case.pending_confirmation is None:
                continue
            follow = self._proposed_at_once(turn, data, case, flow, [text])
            reason = f"grounded in the customer's records as {flow.name}; its proposal asks"
            if read is not None:
                reason = f"read as {read.name}, whose words name nothing of it; {reason}"
            return replace(follow, reasons=(reason, *follow.reasons))
        return None

    def _grounded(
        self, turn: Turn, data: _TurnData, case: Case, text: str, read: FlowSpec | None = None
    ) -> list[FlowSpec]:
        """The flows that write a ``wished`` slot kind whose reading the customer's records
        ground in ``text`` (a thing of theirs named with another value of its own kind), in
        the workspace's order. With ``read`` (the request the words were read as), only flows
        other than it and those it redirects to, only for one thing of theirs so named, and
        only when ``text`` holds nothing of ``read``'s own (``_evidence_of``)."""
        data.load_user(case, self.identity.customer)
        if data.user is None:
            return []
        if read is not None and any(self.know.kind(s.resolver).wished for s in read.slots):
            return []  # read as a change of that very kind already
        related = self._related(read) if read is not None else set()
        found: list[FlowSpec] = []
        for flow in self.flows.values():
            if flow.action is None or flow is read or flow.name in related:
                continue
            holding = self._wished_in(turn, data, case, flow, text)
            if not holding:
                continue
            if read is not None and (
                holding > 1 or self._evidence_of(turn, data, case, read, text)
            ):
                return []  # a sure reading gives way only to one thing of theirs named
            found.append(flow)
        return found

    def _evidence_of(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, text: str
    ) -> bool:
        """Whether ``text`` gives ``flow`` anything of its own: a value of one of its slots
        other than its subject read from the words ("to New York" for an address change; not
        the account's own address, taken when none is said). A question's reading
        with no such slot rests on its asking words, which ``SlotKind.wished`` already finds
        absent."""
        probe = replace(case, intent=flow.name, slots={})
        trial = data.trial()
        for spec in flow.slots:
            if self.know.kind(spec.resolver).subject:
                continue
            found = self._resolve(turn, trial, probe, spec.name, text)
            if found is None:
                continue
            if found.problem or any(g.source == "said" for g in found.grounds):
                return True  # a value read from the words, or words the slot could not take
        return False

    # -- identity -------------------------------------------------------------------------------
    def _absorb_identity(self, case: Case, turn: Turn, data: _TurnData) -> Case:
        if case.verification is not None:
            return case
        u = turn.understanding
        given = dict(case.dialogue.identity)
        fields = set(self.identity.fields)
        for command in data.commands:
            if isinstance(command, SetSlot) and command.slot in fields:
                given[command.slot] = command.value
        case = _with(case, identity=given)
        beside = any(u.entities_of(f) for f in self._beside_names)
        if beside and (not u.entities_of(_NAMES[0]) or self._name_runs_on(u)):
            # "Noah Patel, zip 10108" names nobody with a cue: the business's lookup, through
            # the guard, decides which pair of words (if any) is the customer's name.
            earlier = [list(p) for p in case.dialogue.name_candidates]
            near = [
                (e.start, e.end)
                for f in self._beside_names
                for e in u.entities_of(f)
                if e.start >= 0
            ]
            fresh = [
                p
                for p in name_candidates(
                    self._named_words(u), self.not_names, near, self.ordinary_words
                )
                if p not in earlier
            ]
            pairs = tuple(tuple(p) for p in (earlier + fresh)[:_MAX_NAME_TRIES])
            case = _with(case, name_candidates=pairs)
        return case

    @staticmethod
    def _cued_name(u: Understanding) -> tuple[int, int] | None:
        """Where the name said after a cue runs, from its first word to its last."""
        given, family = u.entities_of(_NAMES[0]), u.entities_of(_NAMES[1])
        if not given or not family or given[0].start < 0 or family[-1].end <= given[0].start:
            return None
        return given[0].start, family[-1].end

    def _name_runs_on(self, u: Understanding) -> bool:
        """Whether the name after a cue took more than two words ("I'm Aarav Lee Phoenix AZ
        85025", typed without commas): the pairs of its words are tried too."""
        span = self._cued_name(u)
        return span is not None and len(u.text[span[0] : span[1]].split()) > 2

    def _named_words(self, u: Understanding) -> str:
        """The words a name is looked for among: those of a cued name running on, or all."""
        span = self._cued_name(u)
        if span is None or not self._name_runs_on(u):
            return u.text
        # the same offsets: the detail's distance is still measured in the whole message
        return " " * span[0] + u.text[span[0] : span[1]]

    def _identity_only(self, u: Understanding) -> bool:
        """Whether the message only says who the customer is (details some identity lookup
        needs) and besides them only words that say nothing else ("Name's Daiki Silva, my zip
        is 28268") — it asks for nothing, whatever the classifier makes of it."""
        fields = set(self.identity.fields)
        spans = [e for e in u.entities if e.type in fields and e.start >= 0]
        if not spans:
            return False
        rest = u.text
        for e in sorted(spans, key=lambda e: e.start, reverse=True):
            rest = rest[: e.start] + " " + rest[e.end :]
        words = [w for w in re.findall(r"[a-z]{2,}", rest.lower()) if w not in self.not_names]
        # What is left may be a name beside a detail that goes with one; else nothing.
        return len(words) <= (2 if any(u.entities_of(f) for f in self._beside_names) else 0)

    def _attempts(self, case: Case) -> list[tuple[IdentityLookup, dict[str, Any]]]:
        """The identity lookups the details given allow, in the workspace's order; a lookup
        that needs a name is tried with each candidate pair of words."""
        given = case.dialogue.identity
        attempts: list[tuple[IdentityLookup, dict[str, Any]]] = []
        for lookup in self.identity.lookups:
            others = [f for f in lookup.fields if f not in _NAMES]
            if not all(given.get(f) for f in others):
                continue
            args = {f: given[f] for f in others}
            if not set(_NAMES) & set(lookup.fields):
                attempts.append((lookup, args))
                continue
            pairs = [[given[n] for n in _NAMES]] if all(given.get(n) for n in _NAMES) else []
            candidates = case.dialogue.name_candidates
            pairs += [list(p) for p in candidates if list(p) not in pairs]
            for pair in pairs[:_MAX_NAME_TRIES]:
                attempts.append((lookup, {**args, **dict(zip(_NAMES, pair, strict=True))}))
        return attempts

    def _identity_given(self, case: Case) -> bool:
        return bool(self._attempts(case))

    def _verify(self, turn: Turn, data: _TurnData, case: Case) -> Case | Decision:
        given = dict(case.dialogue.identity)
        attempts = self._attempts(case)
        for lookup, args in attempts:
            outcome = data.read(case, lookup.action, args)
            if outcome is not None and outcome.ok:
                found = outcome.result
                if lookup.result is not None and isinstance(found, Mapping):
                    found = found.get(lookup.result)
                if found in (None, ""):
                    continue
                verification = Verification(str(found), lookup.method)
                verified = _with(case, identity={}, name_candidates=())
                return replace(verified, verification=verification)
        # Keep the name: a customer who got the zip or email wrong corrects just that.
        kept = {k: v for k, v in given.items() if k in _NAMES}
        return _reply(_with(case, identity=kept), "identity_not_found", {}, "identity not found")

    # -- confirmation ---------------------------------------------------------------------------
    def _answer_confirmation(self, turn: Turn, data: _TurnData, case: Case) -> Decision:
        pending = case.pending_confirmation
        assert pending is not None
        yes = first(data.commands, Confirm) is not None
        other = self._another_request(data, case) if yes else None
        # "Yes - and the sunglasses too, both in one exchange": more of the same request on
        # the same subject joins the proposal, which is made again; the yes was not to it.
        adds = other is not None and self._adds_to_proposal(turn, data, case, *other)
        if adds:
            yes, other = False, None
        if yes and other is None:
            other = self._yes_then_another_subject(turn, data, case)
        if yes and (other is not None or not self._new_facts(turn, data, case)):
            if self._rules_out_proposed(turn, case):
                # "ok not the backpack. the t-shirt …": a yes word, but the very thing
                # proposed is ruled out — no yes to it; it is asked again
                why = "a yes word beside the thing proposed, ruled out: ask again"
                return _question(case, "confirm_again", {}, why)
            other = other or self._likely_after_yes(data, case)
            confirmed = replace(
                case, pending_confirmation=None, confirmed=(*case.confirmed, pending)
            )
            if other is not None:
                # "Yes. And I want to return the thermostat": this one is done now, that one
                # waits its turn with its own words.
                intent, words = other
                queued = (intent, *confirmed.queued)
                confirmed = _with(
                    replace(confirmed, queued=queued),
                    queued_said=(words, *confirmed.dialogue.queued_said),
                )
            return Decision(
                DecisionKind.ACT,
                confirmed,
                ("the customer confirmed",),
                action=ActionRequest(pending.action, pending.args),
            )
        cleared = replace(case, pending_confirmation=None)
        behind = self._asked_beside(turn, data, case)
        if behind is not None:
            return behind
        question = self._digression(turn, data, case)
        if question is not None:
            # "Wait, where is my other order?": answered, then the proposal is asked again.
            paused, _ = self._start(turn, cleared, question, list(cleared.queued), turn)
            return self._advance(turn, data, paused)
        no = first(data.commands, Deny) is not None
        flow = self.flows.get(case.intent or "")
        dropped = first(data.commands, CancelFlow)
        # "No, don't cancel it, keep everything as it is": withdrawn, whatever else it names;
        # so is the proposal the message takes back ("Forget the cancellation. Also …"), which
        # is never made again from what else it says.
        withdrawn = (no and flow is not None and self._negates(turn.understanding.text, flow)) or (
            dropped is not None and dropped.queued is None
        )
        no = no or withdrawn
        if adds or (not withdrawn and self._new_facts(turn, data, case)):
            decision = self._advance(turn, data, cleared)
            again = decision.case.pending_confirmation
            if (
                not no
                or again is None
                or (again.action, again.args) != (pending.action, pending.args)
            ):
                return self._said_dropped(turn, data, case, decision)
            # A "no" that only says the request again is still a no to it, unless ruling
            # another thing out (``_stands``).
        stands = self._stands(turn, data, case, no and not withdrawn)
        if stands is not None:
            return stands
        if no:
            done = self._finish(cleared)
            if flow is not None:
                # the choices of a request turned down are lent to no other request
                kept = {
                    kind: lent
                    for kind, lent in done.dialogue.reuse.items()
                    if lent.get("written", True) or all(s.resolver != kind for s in flow.slots)
                }
                done = _with(done, reuse=kept)
            if dropped is not None and dropped.everything:
                done = _with(replace(done, queued=()), queued_said=(), set_aside=())
            taken_back = withdrawn
            instead = self._instead(turn, flow) if taken_back else None
            if instead is not None:
                # "Actually no, forget the exchange - just return it": the request taken back
                # gives way to the one the same message asks for instead.
                started, _ = self._start(turn, done, instead, list(done.queued))
                return self._advance(turn, data, started)
            if done.queued:
                # A no to the first of several proposals turns down that one only: the next
                # request waiting its turn is proposed, for a yes of its own.
                said = self._worded(turn, "declined_one")
                return self._then_next(turn, data, done, said)
            # the listed things after one turned down are not lost without a word either
            done, unread = self._named_back(done)
            decision = _reply(done, "change_cancelled", {}, "the customer changed their mind")
            return replace(decision, replies=(*decision.replies, *unread))
        return _question(case, "confirm_again", {}, "confirmation unclear: ask again")

    def _stands(self, turn: Turn, data: _TurnData, case: Case, no: bool) -> Decision | None:
        """The proposal waiting, said again after a word that it stands, when the customer's
        ``no`` opens on ruling another thing out ("no, not the one in the pending order - the
        one I already received") and the proposal made again from their words is the very one
        waiting: the no was to that other thing, and what they name is the proposal already.
        It waits for a yes of its own; None otherwise (a no to it)."""
        pending = case.pending_confirmation
        text = turn.understanding.text
        if not no or pending is None or self._no_to_another is None:
            return None
        if not self._no_to_another.search(text):
            return None
        decision = self._advance(turn, data, replace(case, pending_confirmation=None))
        again = decision.case.pending_confirmation
        if again is None or (again.action, again.args) != (pending.action, pending.args):
            return None
        note = self._worded(turn, "proposal_stands")
        return replace(decision, replies=(*([note] if note else []), *decision.replies))

    def _asked_beside(self, turn: Turn, data: _TurnData, case: Case) -> Decision | None:
        """The same request asked for another subject while this one's proposal waits for its
        yes ("oh and can you also cancel #W2? ordered it by mistake"), or a request of another
        kind that writes, asked surely for another subject ("oh and also, the order with the
        grill … please ship it to …"): that one waits its turn behind the others, pinned to its
        subject, with the message's words; the proposal is said again, after a word that the
        other comes next. Not when the message answers the proposal (a yes, a no, taking a
        request back), asks a question, or puts another subject of the same request in the
        proposal's place (``replacing``, ``doubt``, a correction): the proposal is then made
        anew, and what it dropped is said."""
        flow = self.flows.get(case.intent or "")
        pending = case.pending_confirmation
        name = self._subject_slot(flow) if flow is not None else None
        held = case.slots.get(name) if name is not None else None
        if flow is None or pending is None or name is None or held is None:
            return None
        if any(first(data.commands, kind) is not None for kind in (Confirm, Deny, CancelFlow)):
            return None
        text = turn.understanding.text
        started = {
            self.by_intent[c.intent].name
            for c in data.commands
            if isinstance(c, StartFlow) and c.intent in self.by_intent
        }
        if self._negates(text, flow):
            return None  # "don't cancel that one"
        if started - {flow.name, *self._related(flow)}:
            # another kind of request never takes the proposal's place, whatever its words
            # ("please ship it to … instead"): it waits its turn, or goes first
            if not self._other_kind_beside(turn, started):
                return None
        elif self._in_place.search(text) or self.phrasing.corrected(text) is not None:
            return None
        # Only a word of adding ("also", "too") keeps the waiting proposal: "sorry, it's #W2 -
        # cancel that one" names the verb to correct the subject, and a proposal asked again
        # for the subject the customer moved away from invites a yes to the wrong write.
        if not self._adding.search(text):
            return None
        data.load_user(case, self.identity.customer)
        # "The watch: a gold one with a leather band, gift card too", read as an exchange while
        # an item change waits: its subject is the one an exchange may have (the watch received,
        # not the one in a pending order), and it waits as that request.
        kind = self.flows[started.pop()] if len(started) == 1 else flow
        slot = self._subject_slot(kind) if kind is not flow else name
        if slot is None:
            return None
        found = self._resolve(turn, data, replace(case, slots={}, intent=kind.name), slot, text)
        if found is None or not found.resolved:
            return None
        others = [str(v) for v in dict.fromkeys((found.value, *found.more)) if v != held]
        if not others:
            return None
        # "… and exchange the tablet I got" waits already; "the tablet: the gold one, 8 inch"
        # said now joins its words rather than waiting behind it as a request of its own.
        said, asked = list(_padded(case)), list(others)
        for value in asked:
            index = self._waiting_for(data, case, kind, value)
            if index is not None:
                earlier = said[index].removeprefix(_LIKELY)
                if earlier.startswith(_MORE_SUBJECT):
                    earlier = _WORDS.join(earlier.split(_WORDS)[1:])
                said[index] = _WORDS.join((f"{_MORE_SUBJECT}{value}", earlier, text))
                others.remove(value)
        texts = tuple(_WORDS.join((f"{_MORE_SUBJECT}{value}", text)) for value in others)
        waiting = _with(
            replace(
                case,
                pending_confirmation=None,
                queued=(*case.queued, *(kind.intents[0] for _ in others)),
            ),
            queued_said=(*said, *texts),
        )
        again = self._advance(replace(turn, understanding=_blank(turn)), data, waiting)
        proposal = again.case.pending_confirmation
        if proposal is None or (proposal.action, proposal.args) != (pending.action, pending.args):
            return None
        note = self._worded(turn, "queued_behind", request=kind.name, subjects=asked)
        return replace(
            again,
            reasons=("the same request for another subject waits behind this one", *again.reasons),
            replies=(*([note] if note else []), *again.replies),
        )

    def _other_kind_beside(self, turn: Turn, started: set[str]) -> bool:
        """Whether the requests ``started`` while a proposal waits are one request of another
        kind that writes, asked surely (as ``_digression`` would take it up): asked with a word
        of adding, it waits its turn behind the proposal as one of the same kind does, in the
        order the customer asked for them; a question is still answered at once."""
        if len(started) != 1:
            return False
        name = next(iter(started))
        flow = self.flows[name]
        if flow.action is None:
            return False
        sure = turn.workspace.config.confidence.auto
        return any(self._confidence(turn, i) >= sure for i in flow.intents)

    def _waiting_for(self, data: _TurnData, case: Case, flow: FlowSpec, value: str) -> int | None:
        """Where a request of ``flow``'s kind (or one its checks redirect to or from) waits in
        line for the subject ``value``, or None."""
        kinds = {flow.name, *self._related(flow)}
        for index, name in enumerate(case.queued):
            other = self.by_intent.get(name)
            if other is None or other.name not in kinds:
                continue
            if str(self._queued_subject(data, case, index)) == value:
                return index
        return None

    def _said_dropped(
        self, turn: Turn, data: _TurnData, before: Case, decision: Decision
    ) -> Decision:
        """``decision``, a proposal made anew from a message that put another subject in the
        waiting one's place ("only cancel the grill one"): the same request waiting its turn
        for that subject goes (it is this one now), and the subject no longer proposed is
        named first, unless a request for it still waits: a request the customer made is not
        dropped without a word."""
        flow = self.flows.get(before.intent or "")
        name = self._subject_slot(flow) if flow is not None else None
        held = before.slots.get(name) if name is not None else None
        case = decision.case
        now = case.slots.get(name) if name is not None else None
        if flow is None or held is None or now is None or now == held:
            return decision
        if case.pending_confirmation is None:
            return decision
        mine = [i for i, n in enumerate(case.queued) if self.by_intent.get(n) is flow]
        said = _padded(case)
        taken = [
            i
            for i in mine
            if said[i].startswith(_MORE_SUBJECT)
            and said[i].removeprefix(_MORE_SUBJECT).split(_WORDS)[0] == str(now)
        ]
        for index in reversed(taken):
            case = _unqueue(case, index)
        mine = [i for i, n in enumerate(case.queued) if self.by_intent.get(n) is flow]
        if any(self._queued_subject(data, case, i) == held for i in mine):
            return replace(decision, case=case)
        note = self._worded(turn, "replaced_request", request=flow.name, subjects=[str(held)])
        return replace(decision, case=case, replies=(*([note] if note else []), *decision.replies))

    @staticmethod
    def _worded(turn: Turn, template: str, **facts: Any) -> ReplySpec | None:
        """A reply by ``template`` with ``facts``, when the workspace words it; else None."""
        return ReplySpec(template, facts) if template in _templates(turn) else None

    def _instead(self, turn: Turn, withdrawn: FlowSpec | None) -> str | None:
        """The one request a message taking back ``withdrawn`` asks for in a part of its own,
        of another flow and not itself negated ("forget the exchange - just return it")."""
        asked = {
            name
            for name, text in turn.understanding.parts
            if name in self.by_intent
            and self.by_intent[name] is not withdrawn
            and self.by_intent[name].action is not None
            and not self.requests.only_negated(text, name)
        }
        return asked.pop() if len(asked) == 1 else None

    @staticmethod
    def _declined(data: _TurnData, flow: FlowSpec, asked: Asked | None, question: Decision) -> bool:
        """Whether the message is a no to the question just asked again: the customer said no,
        it gave no value, and the request would write."""
        again = question.case.dialogue.question
        return (
            flow.action is not None
            and first(data.commands, Deny) is not None
            and not data.filled
            and asked is not None
            and again is not None
            and again.key == asked.key
        )

    def _another_request(self, data: _TurnData, case: Case) -> tuple[str, str] | None:
        """A request of another flow the message starts beside its yes, with its words."""
        flow = self.flows.get(case.intent or "")
        for command in data.commands:
            if not isinstance(command, StartFlow) or command.intent not in self.by_intent:
                continue
            other = self.by_intent[command.intent]
            if command.again and other is flow and command.evidence:
                # "Yes. And the other pending one too - the one with the umbrella": the same
                # request for another thing, with the words from there on.
                return command.intent, command.evidence[0].text.strip()
            if flow is None or other is flow or other.name in self._related(flow):
                continue
            if command.confidence < data.turn.workspace.config.confidence.review:
                continue
            # Its parts and the shared ones ("… my pending order with the laptop - please
            # cancel it"), as a queued request keeps them.
            u = data.turn.understanding
            own = {i for i, (name, _) in enumerate(u.parts) if name == command.intent}
            pieces = [piece for _, piece in u.parts]
            # A detail said with the yes, before the other request ("yes, the mastercard. and
            # in that order change the backpack"), is the yes's: not that request's words.
            lead = min(own, default=len(pieces))
            own |= {
                i
                for i in self._shared_parts(u.parts)
                if i > lead or not self._detail_only(pieces[i])
            }
            return command.intent, _joined(u.text, pieces, own) if own else u.text
        return None

    def _yes_then_another_subject(
        self, turn: Turn, data: _TurnData, case: Case
    ) -> tuple[str, str] | None:
        """A yes alone in the sentence opening the message, then the same request for another
        subject ("yes. and in the bicycle order, the running shoes: a size 8 …" while the
        boots' change waits): the yes consents to what waits, and the request runs again after
        it with the words after the yes. Only when those words name a subject other than the
        one waiting (a change of the same subject is said again, never run on that yes)."""
        flow = self.flows.get(case.intent or "")
        text = turn.understanding.text
        opening = sentences(text)[0]
        if flow is None or not flow.intents or not self._yes_no.bare(opening):
            return None
        rest = text[len(opening) :].lstrip(".!?;\n ")
        subject = next((s for s in flow.slots if self.know.kind(s.resolver).subject), None)
        held = case.slots.get(subject.name) if subject is not None else None
        if subject is None or held is None or not rest:
            return None
        data.load_user(case, self.identity.customer)
        found = self._resolve(turn, data, replace(case, slots={}), subject.name, rest)
        if found is None or not found.resolved or found.value == held:
            return None
        return flow.intents[0], rest

    def _likely_after_yes(self, data: _TurnData, case: Case) -> tuple[str, str] | None:
        """A request of another flow that writes, read only between the bands in the words
        after the yes (a ``Clarify`` naming it): it waits its turn with those words, rather than
        being lost; its proposal is confirmed as any other."""
        flow = self.flows.get(case.intent or "")
        unsure = first(data.commands, Clarify)
        if flow is None or unsure is None or unsure.reason != "unsure" or not unsure.evidence:
            return None
        intent = unsure.intent or ""
        other = self.by_intent.get(intent)
        if other is None or other.action is None or other is flow:
            return None
        if other.name in self._related(flow) or self._shares_details(flow, other):
            return None
        return intent, unsure.evidence[0].text.strip()

    def _overturned(
        self, turn: Turn, data: _TurnData, before: Case, started: Case
    ) -> Decision | None:
        """The message's one request, read surely, that its own words hold nothing of while the
        customer's records ground another in them ("bottle in my other order 500ml green", read
        as an order-status question; "the sunglasses should have a black frame rather than
        brown", read as an address change): the grounded request's proposal, for a yes, when
        the words take it there at once (``_grounded_change``); when the change needs more (who
        pays a difference), the change itself, asking for it. Only a message asking for one
        request, with none in progress before it — or one whose other requests, queued behind
        the one read, are all that change's own request ("hi olivia ito zip 80218. first the
        gaming mouse on my order that hasn't shipped, i want the laser sensor one instead of
        optical", read as a whole as an address change, its part as an exchange)."""
        if before.intent is not None or before.pending_confirmation is not None:
            return None
        extra = started.queued[len(before.queued) :]
        if started.queued[: len(before.queued)] != before.queued:
            return None
        read = self.flows.get(started.intent or "")
        if read is None or read.handoff is not None:
            return None
        if (
            before.verification is None
            and (not turn.understanding.parts or extra)
            and self._identity_given(before)
        ):
            # Who the customer is, said in this very message of one piece ("mia@… the glass
            # kettle in my order, can I get it in 1 liter instead?"): their records are read
            # against it now. A message of several pieces may ask for several requests, each
            # with its own words: the request read keeps its own (unless the others queued are
            # the change the records ground, below).
            verified = self._verify(turn, data, before)
            if not isinstance(verified, Case):
                return None
            before = verified
        if extra and not self._only_the_grounded(turn, data, before, read, extra):
            return None
        grounded = self._grounded_change(turn, data, before, read)
        if grounded is not None:
            return grounded
        # The same, when the grounded change's proposal needs more (who pays the difference):
        # "regarding the glass tea kettle in my order, stainless steel instead of glass please",
        # read as an order-status question, or as an address change with no address in it —
        # the change starts, and asks for what it needs.
        changes = self._grounded(turn, data, before, turn.understanding.text, read)
        if not changes:
            return None
        intent = changes[0].intents[0]
        if extra:
            # the same request read twice: it runs once, and the customer is known now
            started = replace(started, queued=before.queued, verification=before.verification)
        case = self._taken_over(started, IntentScore(intent, self._confidence(turn, intent)))
        decision = self._advance(turn, data, case)
        why = f"read as {read.name}, whose words name nothing of it; grounded as {intent}"
        return replace(decision, reasons=(why, *decision.reasons))

    def _only_the_grounded(
        self, turn: Turn, data: _TurnData, before: Case, read: FlowSpec, extra: Sequence[str]
    ) -> bool:
        """Whether the requests ``extra`` queued behind ``read`` are each the one change the
        customer's records ground in the message (or a form of it a check moves between): the
        same request read twice, not another."""
        if before.verification is None:
            return False
        text = turn.understanding.text
        if any(name in read.intents for name, _ in turn.understanding.parts):
            # a part of the message asks for the request read on its own ("… and ship the order
            # to my new york address from my other order"): two requests
            return False
        changes = self._grounded(turn, data.trial(), before, text, read)
        if not changes:
            return False
        same = {changes[0].name, *self._related(changes[0])}
        return all(
            (flow := self.by_intent.get(intent)) is not None and flow.name in same
            for intent in extra
        )

    def _queue_likely(self, turn: Turn, data: _TurnData, case: Case) -> Case:
        """The requests of other flows that write, read only between the bands beside the one
        the message starts surely (each a ``Clarify`` naming it, its evidence the part asking
        for it): each waits its turn with its part's words, after the requests read surely,
        rather than being lost. Not one related to the request started or taking a detail of
        the same kind (its words may be that request's details), nor one already waiting."""
        flow = self.flows.get(case.intent or "")
        if flow is None:
            return case
        needs = flow.identity == "required" and case.verification is None
        if needs and self._identity_given(case):
            # Who the customer is, said in this very message, is checked now rather than when
            # the request goes on: what their records ground beside it is read against them.
            verified = self._verify(turn, data, case)
            case = verified if isinstance(verified, Case) else case
        held: list[tuple[FlowSpec, str]] = []
        for command in data.commands:
            if not isinstance(command, Clarify) or command.reason != "unsure":
                continue
            other = self.by_intent.get(command.intent or "")
            if other is None or other.action is None or other is flow or not command.evidence:
                continue
            words = command.evidence[0].text.strip()
            grounded = self._grounded_beside(turn, data, case, flow, other, words)
            if grounded is not None:
                case = grounded
                continue
            if other.name in self._related(flow) or self._shares_details(flow, other):
                held.append((other, words))
                continue
            waiting = {self.by_intent[n].name for n in case.queued if n in self.by_intent}
            if other.name in waiting or self._negates(words, other) or self._detail_only(words):
                continue
            case = _with(
                replace(case, queued=(*case.queued, command.intent or "")),
                queued_said=(*_padded(case), f"{_LIKELY}{words}"),
            )
        u = turn.understanding
        for intent, piece in u.unasked:
            read = self.by_intent.get(intent)
            if read is None:
                continue
            beside = self._grounded_beside(turn, data, case, flow, read, piece)
            if beside is None and read is flow:
                # read as the very request started, whose own part is another ("… should go
                # to the same address as …" beside "the big kettle for the stove should be
                # glass instead"): what the records ground it in, as a piece read as none
                beside = self._grounded_beside(turn, data, case, flow, None, piece)
            case = beside or case
        noted = {piece for _, piece in (*u.likely, *u.unasked)}
        for name, piece in u.parts:
            if not name and piece not in noted:
                case = self._grounded_beside(turn, data, case, flow, None, piece) or case
        return self._held_to_waiting(case, held)

    def _reason_of_change(self, turn: Turn, data: _TurnData, case: Case) -> Case:
        """``case`` on the change the customer's records ground in the message, when the
        request started would end that change's very subject and the message never names it
        by its verb: "I don't want the black desk lamp anymore, make it white" reads as a
        cancellation (no longer wanted), yet it wishes the lamp another colour, and the
        cancellation is only the change's reason. Cancelling would leave nothing to change,
        and nobody asked to cancel: the one request that writes such a wish (``_wished_in``; or
        the first of its forms a check moves between, an item change and an exchange) starts
        in its place, out of the queue if it waited there, and asks what it needs (which
        order, when several hold the thing). A request named by its verb ("cancel the order,
        and make the lamp white") keeps its place, as does one about another record than the
        change's, or a message naming several records by their numbers."""
        flow = self.flows.get(case.intent or "")
        text = turn.understanding.text
        if flow is None or not flow.ends_subject or not case.verification:
            return case
        if any(self.requests.names(text, intent) for intent in flow.intents):
            return case
        if len(self._record_ids(text)) > 1:
            return case
        changes = [
            other
            for other in self.flows.values()
            if other.action is not None
            and not other.ends_subject
            and self._wished_in(turn, data, case, other, text) > 0
        ]
        change = self._one_change(changes)
        if change is None:
            return case  # none, or writes of other kinds: not one change the words wish
        ended = self._subject_value(data, case, flow, text)
        if ended is not None and self._subject_value(data, case, change, text) != ended:
            return case
        intent = change.intents[0]
        return self._taken_over(case, IntentScore(intent, self._confidence(turn, intent)))

    def _held_to_waiting(self, case: Case, held: Sequence[tuple[FlowSpec, str]]) -> Case:
        """``case`` where the words of a part likely another request's, not queued on their
        own (they name a detail the request in progress takes too: "…, and pay the difference
        with my gift card"), join the one request of that flow now waiting its turn: the
        detail is its, not lost, and not the request in progress's."""
        said = list(_padded(case))
        for other, words in held:
            waiting = [i for i, n in enumerate(case.queued) if self.by_intent.get(n) is other]
            if len(waiting) != 1 or words in said[waiting[0]]:
                continue
            index = waiting[0]
            said[index] = f"{said[index]}. {words}" if said[index] else words
        return _with(case, queued_said=tuple(said)) if held else case

    def _grounded_beside(
        self,
        turn: Turn,
        data: _TurnData,
        case: Case,
        flow: FlowSpec,
        read: FlowSpec | None,
        words: str,
    ) -> Case | None:
        """``case`` with the request the customer's records ground ``words`` as queued, when a
        piece beside the request started was read as ``read`` but holds nothing of it (``In
        that same order, the sunglasses should have a black frame rather than brown``, read
        as an address change beside the address change started): it waits its turn with those
        words, and its proposal asks for a yes as any other. Not a request already started or
        waiting, nor one the started request redirects to unless the piece names other entries
        of the catalogue than the started request's words; None when nothing is queued.

        A piece read as no request (``read`` None: "And that lamp: silver, low brightness"
        beside its order's address change), or as the very change the records ground (``The
        yoga mat … should be PVC in green``, read as an item change), is queued only when the
        records ground it in one thing of the customer's, for the flow whose subject its
        words name (``_grounded_alone``)."""
        if read is not None and self._negates(words, read):
            return None
        alone = read is None or any(self.know.kind(s.resolver).wished for s in read.slots)
        if alone:
            grounded = self._grounded_alone(turn, data, case, words)
        else:
            grounded = next(iter(self._grounded(turn, data, case, words, read)), None)
        if grounded is None or grounded is flow:
            return None
        if alone and self._negates(words, grounded):
            return None
        if alone and self._subject_waiting(data, case, grounded, words):
            # "four changes in it: the helmet …; the kettle …; the chair …": more things of
            # the request waiting for that very subject are its words too, not lost
            return self._joined_to_waiting(data, case, grounded, words)
        waiting = {self.by_intent[n].name for n in case.queued if n in self.by_intent}
        if not alone and grounded.name in waiting:
            return self._joined_to_waiting(data, case, grounded, words)
        if (
            alone
            and grounded.name in self._related(flow)
            and (listed(words) or not self._apart(_read_parts(turn), flow, grounded))
        ):
            # the request started may become this very one ("And the bike … green" beside an
            # exchange in the bike's order is its words); of another order, its own audit
            # takes the change up (``takes_up_left``) — unless each speaks of other things
            # ("Firstly, in my pending order …, the espresso machine …. Secondly, from my
            # delivered order …, exchange the tablet …"): a request of its own. A thing of a
            # list ("(4) The running shoes …") is taken up in the list's order (``_listed_part``)
            return None
        if grounded.name in self._related(flow) and self.catalogue is not None:
            # a request started from the whole message, owning no part, owns all its words
            # (not those of a part read alone as another request: ``_read_parts``)
            about = _about(_read_parts(turn), flow.intents) or turn.understanding.text
            own = self.catalogue.entries(about)
            if not self.catalogue.entries(words) - own:
                return None
        # a detail said apart in the message ("Visa for everything") is this request's too,
        # as a sentence of its own in a part no request claimed ("Still a mountain bike.
        # MASTERCARD.")
        details = [
            sentence
            for n, p in turn.understanding.parts
            if not n
            for sentence in ([p] if self._detail_only(p) else SENTENCE_BREAK.split(p))
            if self._detail_only(sentence)
        ]
        words = ". ".join(dict.fromkeys([words, *details]))
        return _with(
            replace(case, queued=(*case.queued, grounded.intents[0])),
            queued_said=(*_padded(case), words),
        )

    def _beside_in_order(self, turn: Turn, case: Case, since: int) -> Case:
        """``case`` with each request queued from ``since`` on for a part no request claimed
        (read beside the one started: ``_queue_likely``) moved before the first request waiting
        that the message asked for later ("1. … the address. 2. in that same order, the
        headphones … 3. from my delivered order the garden hose …": the headphones' change
        before the hose's exchange) — the customer's order; never ahead of a change it may
        lock the subject of (``_locks``: it waits for those)."""
        text = turn.understanding.text
        pieces = {piece for _, piece in turn.understanding.unasked}
        pieces |= {piece for name, piece in turn.understanding.parts if not name}
        queued, said = list(case.queued), list(_padded(case))
        for index in range(since, len(case.queued)):
            first = next((p for p in pieces if p and said[index].startswith(p)), None)
            if first is None:
                continue
            mine = text.find(first)
            at = index
            for i, name in enumerate(queued[:index]):
                where = [
                    text.find(part)
                    for intent, part in turn.understanding.parts
                    if intent == name and part and part in said[i]
                ]
                if where and min(where) > mine:
                    at = i
                    break
            if at == index:
                continue
            if self._locks(queued[index]):
                for i in range(at, index):
                    other = self.by_intent.get(queued[i])
                    if other is not None and other.action and not self._locks(queued[i]):
                        at = i + 1
            if at < index:
                queued.insert(at, queued.pop(index))
                said.insert(at, said.pop(index))
        if queued == list(case.queued):
            return case
        return _with(replace(case, queued=tuple(queued)), queued_said=tuple(said))

    def _asked_before_lock(
        self, turn: Turn, data: _TurnData, case: Case, locking: FlowSpec, words: str
    ) -> tuple[str, ...]:
        """The requests ``words`` also ask of the subject whose change of ``locking`` they
        ground, when that change locks its subject (``_locks``): its write would leave them
        impossible, so each waits before it, with the same words ("… a pending order with a
        dumbbell set, a cycling helmet …: it should ship to 544 Sunset Drive, …, and you want
        the helmet in white …" asks the address change first). Each a flow that writes a
        value of its own read from the words themselves (``_evidence_of``: an address
        written out), of a kind the change does not take, for the same subject, neither
        locking nor ending it, not negated, not the request started or one waiting; and only
        when its proposal follows from the words at once (a value already held is none)."""
        if not self._locks(locking.intents[0]):
            return ()
        subject = self._subject_value(data, case, locking, words)
        if subject is None:
            return ()
        waiting = self._waiting(case)
        asked: list[str] = []
        for other in self.flows.values():
            if other.action is None or other is locking or other.name in waiting:
                continue
            if other.name == case.intent:
                continue
            if other.ends_subject or self._locks(other.intents[0]):
                continue
            if other.name in self._related(locking) or self._shares_details(locking, other):
                continue
            if self._negates(words, other):
                continue
            if not self._said_of(turn, data, case, other, words, subject):
                continue
            tried = self._proposed_at_once(turn, data.trial(), case, other, [words])
            if tried.case.pending_confirmation is not None:
                asked.append(other.intents[0])
        return tuple(asked)

    def _subject_waiting(self, data: _TurnData, case: Case, flow: FlowSpec, words: str) -> bool:
        """Whether a request of ``flow``, or of one it may become, already waits for the
        subject ``words`` name (or for a subject its own words do not name): the words are
        that request's, not another's."""
        mine = self._subject_value(data, case, flow, words)
        for name, said in zip(case.queued, _padded(case), strict=True):
            other = self.by_intent.get(name)
            if other is None or (other is not flow and other.name not in self._related(flow)):
                continue
            theirs = self._subject_value(data, case, other, said.removeprefix(_LIKELY))
            if theirs is None or theirs == mine:
                return True
        return False

    def _joined_to_waiting(
        self, data: _TurnData, case: Case, flow: FlowSpec, words: str
    ) -> Case | None:
        """``case`` with ``words`` added to those of the request of ``flow`` itself that waits
        for the one subject they name, or None when none does."""
        mine = self._subject_value(data, case, flow, words)
        if mine is None:
            return None
        said = list(_padded(case))
        for index, name in enumerate(case.queued):
            if self.by_intent.get(name) is not flow:
                continue
            if self._subject_value(data, case, flow, said[index].removeprefix(_LIKELY)) == mine:
                said[index] = f"{said[index]}. {words}" if said[index] else words
                return _with(case, queued_said=tuple(said))
        return None

    def _said_of(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, words: str, subject: Any
    ) -> bool:
        """Whether a sentence of ``words`` gives ``flow`` a value of its own (``_evidence_of``)
        for ``subject``: the sentence names that subject, or names none and ``words`` speak of
        that one alone ("… the t-shirt in my pending order … That order should ship to …")."""
        alone: Any = None
        for sentence in sentences(words):
            if not self._evidence_of(turn, data, case, flow, sentence):
                continue
            named = self._subject_value(data, case, flow, sentence)
            if named is None:
                alone = alone or self._one_subject(data, case, flow, words)
            if (named if named is not None else alone) == subject:
                return True
        return False

    def _one_subject(self, data: _TurnData, case: Case, flow: FlowSpec, words: str) -> Any:
        """The subject of ``flow``'s request ``words`` name, when they speak of that one alone:
        no sentence of theirs names another (words shared by several requests of a message
        may describe several orders, and then tell nothing of which one a value is for)."""
        subject = self._subject_value(data, case, flow, words)
        if subject is None:
            return None
        for sentence in sentences(words):
            said = self._subject_value(data, case, flow, sentence)
            if said is not None and said != subject:
                return None
        return subject

    def _subject_value(self, data: _TurnData, case: Case, flow: FlowSpec, words: str) -> Any:
        """The one subject of ``flow``'s request ``words`` name among the customer's records,
        or None."""
        subject = next((s for s in flow.slots if self.know.kind(s.resolver).subject), None)
        if subject is None or not words:
            return None
        trial = data.trial()
        trial.load_user(case, self.identity.customer)
        asking = replace(case, intent=flow.name, slots={})
        found = self._resolve(data.turn, trial, asking, subject.name, words)
        return found.value if found is not None and found.resolved else None

    def _grounded_ahead(self, turn: Turn, data: _TurnData, case: Case, since: int) -> Case | None:
        """``case`` with the request started waiting right behind the requests queued from
        ``since`` on that the records grounded in words said before its own ("The yoga mat in
        my order with the bookshelf should be PVC in green. My order with just the desk lamp
        should go to …"), so they run in the customer's order; None when none was. Not one
        about the very subject of the request started (a change of items locks its order, so
        an address change of that order goes first)."""
        flow = self.flows.get(case.intent or "")
        u = turn.understanding
        own = [t for n, t in u.parts if n and self.by_intent.get(n) is flow]
        if flow is None or not own or len(case.queued) <= since:
            return None
        starts = u.text.find(own[0])
        said = _padded(case)
        mine = self._own_text(turn, case)
        subject = self._subject_value(data, case, flow, mine)
        ahead: list[int] = []
        for index in range(since, len(case.queued)):
            words = said[index]
            piece = words.split(". ")[0]
            at = u.text.find(piece) if piece and not words.startswith(_LIKELY) else -1
            if at < 0 or at >= starts:
                continue
            other = self.by_intent.get(case.queued[index])
            if other is None or other.name in self._related(flow):
                continue
            theirs = self._subject_value(data, case, other, words)
            if theirs is None or theirs == subject:
                continue
            ahead.append(index)
        if not ahead:
            return None
        rest = [i for i in range(len(case.queued)) if i not in ahead]
        queued = (
            *(case.queued[i] for i in ahead),
            flow.intents[0],
            *(case.queued[i] for i in rest),
        )
        texts = (*(said[i] for i in ahead), mine, *(said[i] for i in rest))
        return _with(replace(self._finish(case), queued=queued), queued_said=texts)

    def _grounded_alone(
        self, turn: Turn, data: _TurnData, case: Case, words: str
    ) -> FlowSpec | None:
        """The first flow that writes whose ``wished`` kind the customer's records ground in
        ``words`` in exactly one of their records, and whose subject the words name on their
        own (a pending order's item change, a delivered one's exchange), or None."""
        data.load_user(case, self.identity.customer)
        if data.user is None:
            return None
        for flow in self.flows.values():
            if flow.action is None or self._wished_in(turn, data, case, flow, words) != 1:
                continue
            if self._names_subject(data.trial(), case, flow, words):
                return flow
        return None

    def _said_for_queued(self, turn: Turn, case: Case) -> Case:
        """A message taken as an answer to the request in progress, read as a request that
        waits its turn (or one a check may turn it into), at least between the bands: its
        words are that waiting request's too ("also the cycling helmet in there is an L, make
        it two sizes smaller", while the order of an address change is asked and the item
        change waits), so its turn does not ask again for what was said. Nothing runs on
        them but through its proposal and a yes."""
        u = turn.understanding
        top = u.intents[0] if u.intents else None
        if top is None or top.confidence < turn.workspace.config.confidence.review:
            return case
        reading = self.by_intent.get(top.name)
        current = self.flows.get(case.intent or "")
        if reading is None or current is None or reading.action is None:
            return case
        if reading is current or reading.name in self._related(current):
            return case  # the request in progress's own words
        texts = list(_padded(case))
        for index, name in enumerate(case.queued):
            waiting = self.by_intent.get(name)
            if waiting is None or texts[index].startswith(_MORE_SUBJECT):
                continue
            if waiting is reading or reading.name in self._related(waiting):
                likely = texts[index].startswith(_LIKELY)
                words = _messages([texts[index].removeprefix(_LIKELY), u.text])
                texts[index] = f"{_LIKELY}{words}" if likely else words
                return _with(case, queued_said=tuple(texts))
        return case

    def _note_unread(self, turn: Turn, case: Case) -> Case:
        """``case`` remembering the parts of the message that read, alone, as a request of
        another flow that writes, though no word of theirs asks and no request took them up
        ("(2) The order with the shoes: I paid with PayPal but I would like the Mastercard
        charged instead" beside a cancellation): named back once the requests run out, so that
        nothing asked is lost without a word, and never acted on, being read too unsurely.
        Not a detail (``dialogue.details``) or what a request started or waiting takes as one,
        not one naming no product or record ("Same size", "Thank you!"), not one negated."""
        flow = self.flows.get(case.intent or "")
        if flow is None or not turn.understanding.unasked:
            return case
        taken = self._taken(case)
        unread = list(case.dialogue.unread)
        for intent, piece in turn.understanding.unasked:
            if not intent:
                # a listed thing read as no request: kept when it names what it is about, for
                # the records to read it ("(4) The running shoes in it should be yellow")
                if listed(piece) and not self._detail_only(piece) and self._names_record(piece):
                    unread += [(intent, piece)] if (intent, piece) not in unread else []
                continue
            other = self.by_intent.get(intent)
            if other is None or other.action is None:
                continue
            if other.name in taken:
                # read alone as a request already taken ("My pending order with the
                # wristwatch: I'd like to pay it with PayPal instead of the visa", beside the
                # backpack's change): kept only for the records to read as a move
                # (``_unread_moved``), else forgotten — never named back
                if not listed(piece) and not self._detail_only(piece):
                    unread += [("", piece)] if ("", piece) not in unread else []
                continue
            if other.name in self._related(flow) or _answers_within(
                self.know, flow, other, piece, self._change
            ):
                continue
            if self._detail_only(piece) or self._negates(piece, other):
                continue
            if self._names_record(piece) and (intent, piece) not in unread:
                unread.append((intent, piece))
        return _with(case, unread=tuple(unread))

    def _unread_moved(self, turn: Turn, data: _TurnData, case: Case, told: bool = True) -> Case:
        """``case`` with the parts noted as unread whose words the customer's records read as
        moving a record of theirs off a value onto another ("(2) The order with the shoes: I
        paid with PayPal but I would like the Mastercard charged instead", beside a
        cancellation) waiting their turn as the request of the flow writing just that kind,
        with their words: read once the customer is known, when the requests before them are
        done. The others stay noted, to be named back. Without ``told``, only the parts kept
        for a move alone (``_note_unread``), read as soon as the request they came with
        starts, so that a move of the order it locks goes first (``_started_behind``)."""
        left: list[tuple[str, str]] = []
        for intent, piece in case.dialogue.unread:
            named = bool(intent) or listed(piece)
            if named and not told:
                left.append((intent, piece))
                continue
            read = self.by_intent.get(intent) if named else None
            flow = (
                None if named and read is None else self._moving_flow(turn, data, case, read, piece)
            )
            if flow is not None and not named and flow.name in self._taken(case):
                flow = None  # a move the request in hand, or one waiting, already is
            if flow is None:
                if named:
                    left.append((intent, piece))
                continue
            case = _with(
                replace(case, queued=(*case.queued, flow.intents[0])),
                queued_said=(*_padded(case), piece),
            )
        return _with(case, unread=tuple(left))

    def _taken(self, case: Case) -> set[str]:
        """The flows of the request in hand and of those waiting their turn."""
        current = self.flows.get(case.intent or "")
        return ({current.name} if current is not None else set()) | self._waiting(case)

    def _moving_flow(
        self, turn: Turn, data: _TurnData, case: Case, read: FlowSpec | None, words: str
    ) -> FlowSpec | None:
        """The flow that writes one kind besides its subject whose value ``words``, read
        against the verified customer's records, move off a record of theirs onto another
        value of theirs (``SlotKind.moved``) — when the words were ``read`` as that flow, or
        as one that takes the kind as a detail but whose own wishes they do not say (the
        records read no wished value: "pay it with the gift card not the mastercard" is no
        item's change). Read as no request (``read`` None): any such flow, when the words wish
        no value of a thing of theirs (``_grounded``)."""
        if case.verification is None:
            return None
        data.load_user(case, self.identity.customer)
        if data.user is None:
            return None
        if read is None and self._grounded(turn, data, case, words):
            return None
        for flow in self.flows.values():
            details = [s for s in flow.slots if not self.know.kind(s.resolver).subject]
            moved = self.know.kind(details[0].resolver).moved if len(details) == 1 else None
            if flow.action is None or moved is None:
                continue
            if (
                read is not None
                and flow is not read
                and (
                    details[0].resolver not in {s.resolver for s in read.slots}
                    or self._wished_in(turn, data, case, read, words)
                )
            ):
                continue
            probe = replace(case, intent=flow.name, slots={})
            _, ctx = self._slot_context(turn, data, probe, details[0].name, words)
            if moved(ctx):
                return flow
        return None

    def _wished_in(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, words: str
    ) -> int:
        """In how many of the customer's records ``words`` wish a value of a kind of ``flow``
        other than the one held (``SlotKind.wished``: an item's new colour, say); 0: none."""
        probe = replace(case, intent=flow.name, slots={})
        holding = 0
        for spec in flow.slots:
            wished = self.know.kind(spec.resolver).wished
            if wished is None:
                continue
            key = (spec.resolver, words, _who(case))
            if key not in data.wished:
                ctx = self._slot_context(turn, data, probe, spec.name, words)[1]
                data.wished[key] = wished(ctx)
            holding = max(holding, data.wished[key])
        return holding

    def _taken_back(self, text: str, intent: str) -> bool:
        """Whether ``text`` asks for ``intent``'s request and then takes it back, rather than
        setting a thing of its own apart from it (``_excepted``)."""
        back = self.requests.taking_back(text, intent)
        return back is not None and not self._excepted(*back)

    def _excepted(self, asked: str, negated: str) -> bool:
        """Whether the words that say not to do a request name a thing of their own, which the
        words asking for it do not ("cancel my order with the garden hose, but don't cancel my
        order with the laptop"): that thing is an exception to the request, not its withdrawal
        ("cancel the lamp order. actually no, don't cancel it" names nothing of its own)."""
        if self._record_ids(negated) - self._record_ids(asked):
            return True
        if self.catalogue is None:
            return False
        own = self.catalogue.entries(negated)
        return bool(own) and not own <= self.catalogue.entries(asked)

    def _rules_out_proposed(self, turn: Turn, case: Case) -> bool:
        """Whether the message rules out ("not the backpack") words of the customer's that the
        proposal waiting rests on and that name a thing (a record, an entry of the catalogue)."""
        text = turn.understanding.text
        said = {
            g.text
            for grounds in case.dialogue.grounds.values()
            for g in grounds
            if g.source == "said" and g.text.strip()
        }
        for words in said:
            if not self._names_record(words):
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.I):
                if self.phrasing.negated(text, m.start()):
                    return True
        return False

    def _names_record(self, text: str) -> bool:
        """Whether ``text`` names a record by its number or an entry of the catalogue."""
        if any(next(iter(find(text)), None) for find in self._records):
            return True
        return self.catalogue is not None and bool(self.catalogue.entries(text))

    def _listed_part(self, turn: Turn, data: _TurnData, case: Case) -> Decision | None:
        """Once no request waits: the first part noted as unread, when it is one of the things
        a customer lists ("(2) The order with the running shoes and the vacuum: I paid with
        PayPal but I would like the Mastercard to be charged instead") and its own words take
        the request it reads as to its exact proposal at once: that proposal, for a yes (the
        list says each thing is asked for in its own right). Taken in the customer's order:
        a part that does not reach its proposal is named back with every part after it
        ("(3) That same order …" is not read against another order than the one before)."""
        if not case.dialogue.unread:
            return None
        intent, piece = case.dialogue.unread[0]
        if not listed(piece):
            return None
        rest = _with(case, unread=case.dialogue.unread[1:])
        piece = unlisted(piece)  # "(4) The running shoes …": no count of four shoes
        flow = self.by_intent.get(intent)
        # tried on the turn's reads apart: a flow whose proposal does not follow leaves no
        # slot it filled in the conversation's record
        if (
            flow is None
            or flow.action is None
            or self._proposed_at_once(
                turn, data.trial(), rest, flow, [piece]
            ).case.pending_confirmation
            is None
        ):
            # read as no request, or as one its words do not take to a proposal: what the
            # customer's records give it, if anything ("(4) The running shoes in it should be
            # yellow, not black", of a pending order: its item change)
            return self._grounded_change(turn, data, rest, words=piece)
        follow = self._proposed_at_once(turn, data, rest, flow, [piece])
        reason = f"a listed part read as {flow.name}; its proposal asks"
        return replace(follow, reasons=(reason, *follow.reasons))

    def _named_back(self, case: Case) -> tuple[Case, tuple[ReplySpec, ...]]:
        """Once no request waits: the parts noted as unread, named back to the customer with
        a request to say them again (``unread_parts``), and forgotten; then the first request
        set aside for another one, named back with a question of its own (``still_wanted``)."""
        if case.queued or case.intent is not None:
            return case, ()
        replies: tuple[ReplySpec, ...] = ()
        if case.dialogue.unread:
            # a listed thing is named by its first sentence: the words after it that it carries
            # ("Same size. … Thank you!") are no request to name back
            parts = [sentences(p)[0] if listed(p) else p for _, p in case.dialogue.unread]
            case = _with(case, unread=())
            replies = (ReplySpec("unread_parts", {"parts": parts}),)
        return self._still_wanted(case, replies)

    def _still_wanted(
        self, case: Case, replies: tuple[ReplySpec, ...]
    ) -> tuple[Case, tuple[ReplySpec, ...]]:
        """``replies`` and the question whether the customer still wants the first request set
        aside for another one that no write since has done ("Earlier you asked to cancel order
        … Shall I still do that?"): offered as it stood, with its words, its values and their
        grounds; only a yes takes it up again (``_take_up_offer``)."""
        left = [e for e in case.dialogue.set_aside if not self._done_since(case, e)]
        if not left or case.pending_confirmation is not None or case.dialogue.offered:
            return _with(case, set_aside=()) if not left else case, replies
        entry, rest = left[0], tuple(left[1:])
        keys = ("flow", "slots", "said", "grounds", "waived")
        offer = {**{k: entry[k] for k in keys}, "earlier": True}
        said = next((w for w in entry["said"] if w and _WORDS not in w), "")
        facts = {"request": entry["flow"], "slots": entry["slots"], "said": said}
        case = _with(case, set_aside=rest, offered=offer)
        return case, (*replies, ReplySpec("still_wanted", facts))

    def _done_since(self, case: Case, entry: dict[str, Any]) -> bool:
        """Whether a write made since ``entry`` was set aside did its request: one of its flow,
        on the same subject when it had one."""
        flow = self.flows.get(str(entry["flow"]))
        if flow is None:
            return True
        subject = self._subject_slot(flow)
        pinned = entry["slots"].get(subject) if subject else None
        return any(
            w.get("flow") == flow.name
            and (pinned is None or (w.get("slots") or {}).get(subject) == pinned)
            for w in case.dialogue.writes[int(entry.get("writes", 0)) :]
        )

    def _taken_up(self, case: Case, done: Case) -> Case:
        """``done`` without the parts noted as unread that the write just made took up after
        all: a part holding words the customer said that a slot of the write rests on and that
        name a record or a catalogue entry ("The espresso machine should be manual …", once
        the espresso machine of that order is changed)."""
        if not done.dialogue.unread:
            return done
        said = [
            g.text.lower()
            for grounds in case.dialogue.grounds.values()
            for g in grounds
            if g.source == "said" and self._names_record(g.text)
        ]
        # a part kept only for a move (``_note_unread``) is read as one by the records, later
        left = tuple(
            (intent, part)
            for intent, part in done.dialogue.unread
            if not (intent or listed(part)) or not any(text in part.lower() for text in said)
        )
        return _with(done, unread=left)

    def _subject_slot(self, flow: FlowSpec) -> str | None:
        """The name of ``flow``'s slot that holds what its request is about, if any."""
        return next((s.name for s in flow.slots if self.know.kind(s.resolver).subject), None)

    def _likely_named(self, data: _TurnData, case: Case) -> Case:
        """``case`` without the requests first in the queue that were read only between the
        bands beside a sure one and whose words, read now that the customer is known, name
        no subject of theirs ("Then I won't have to change it every time I buy her
        something"); the next one keeps its words."""
        while case.queued and case.dialogue.queued_said[:1]:
            said = case.dialogue.queued_said[0]
            flow = self.by_intent.get(case.queued[0])
            if flow is None or not said.startswith(_LIKELY):
                break
            words = said.removeprefix(_LIKELY)
            grounded = next(iter(self._grounded(data.turn, data, case, words, flow)), None)
            if grounded is not None and grounded.name not in self._waiting(case, 1):
                # read as a request its words hold nothing of, where the records ground another
                # in them ("… the water bottle should be 1000ml in black instead of 500ml green"
                # read as an address change): that one waits first, with the same words
                return _with(
                    replace(case, queued=(grounded.intents[0], *case.queued[1:])),
                    queued_said=(words, *case.dialogue.queued_said[1:]),
                )
            if self._names_subject(data, case, flow, words):
                return _with(case, queued_said=(words, *case.dialogue.queued_said[1:]))
            case = _unqueue(case, 0)
        return case

    def _locking_behind(self, data: _TurnData, case: Case) -> Case:
        """``case`` with the request first in line, when its write locks its subject
        (``_locks``: items change once, and the order is no longer pending), moved behind the
        last request waiting for that same subject whose write neither locks nor ends it (the
        address change of that order): after the lock, those would be refused. The others keep
        the customer's order; a subject unknown moves nothing."""
        for _ in range(len(case.queued)):
            name, said = case.queued, _padded(case)
            if len(name) < 2 or not self._locks(name[0]):
                return case
            mine = self._queued_subject(data, case, 0, alone=False)
            if mine is None:
                return case
            frees = [
                i
                for i in range(1, len(name))
                if self._frees(name[i], name[0]) and self._queued_subject(data, case, i) == mine
            ]
            if not frees:
                return case
            order = [*range(1, frees[-1] + 1), 0, *range(frees[-1] + 1, len(name))]
            case = _with(
                replace(case, queued=tuple(name[i] for i in order)),
                queued_said=tuple(said[i] for i in order),
            )
        return case

    def _frees(self, intent: str, locking: str) -> bool:
        """Whether a request of ``intent`` writes without locking or ending its subject, and is
        no other form of ``locking``'s (which a check may turn one into the other)."""
        flow, other = self.by_intent.get(intent), self.by_intent.get(locking)
        if flow is None or other is None or flow.action is None or flow.ends_subject:
            return False
        return not self._locks(intent) and flow.name not in self._related(other)

    def _queued_subject(self, data: _TurnData, case: Case, index: int, alone: bool = True) -> Any:
        """The subject the request waiting at ``index`` is for: the one it was queued with, or
        the one its words name among the customer's records (``alone``: only when they speak
        of no other, ``_one_subject``); None when neither tells."""
        flow = self.by_intent.get(case.queued[index])
        said = _padded(case)[index]
        if flow is None:
            return None
        if said.startswith(_MORE_SUBJECT):
            return said.removeprefix(_MORE_SUBJECT).split(_WORDS)[0]
        read = self._one_subject if alone else self._subject_value
        return read(data, case, flow, said.removeprefix(_LIKELY))

    def _started_behind(self, turn: Turn, data: _TurnData, case: Case) -> Case | None:
        """``case`` with the request just started, when its write locks its subject, put back
        in line, first, behind the other changes of that subject its own words ask
        (``_asked_before_lock``), when there are some or when a request queued beside it is
        for the same subject and would be refused after the lock (an address change read only
        between the bands beside the item change of that order): ``_locking_behind`` then lets
        that one go first. None when neither is."""
        flow = self.flows.get(case.intent or "")
        if flow is None or not self._locks(flow.intents[0]):
            return None
        mine = self._own_text(turn, case)
        first = self._asked_before_lock(turn, data, case, flow, mine)
        subject = self._subject_value(data, case, flow, mine) if case.queued else None
        frees = subject is not None and any(
            self._frees(name, flow.intents[0]) and self._queued_subject(data, case, i) == subject
            for i, name in enumerate(case.queued)
        )
        if not first and not frees:
            return None
        return _with(
            replace(self._finish(case), queued=(*first, flow.intents[0], *case.queued)),
            queued_said=(*(mine for _ in first), mine, *_padded(case)),
        )

    def _asked_before_locks(self, turn: Turn, data: _TurnData, case: Case) -> Case:
        """``case`` with the other changes of its subject that the words of a locking request
        queued from this message ask (``_asked_before_lock``) queued right before it, with
        the same words; requests queued from earlier messages are left as they are (what
        their words asked was proposed then)."""
        queued, said = list(case.queued), list(_padded(case))
        index = 0
        while index < len(queued):
            flow = self.by_intent.get(queued[index])
            words = said[index].removeprefix(_LIKELY)
            piece = words.split(". ")[0]
            fresh = bool(piece) and not words.startswith(_MORE_SUBJECT)
            if flow is None or not fresh or piece not in turn.understanding.text:
                index += 1
                continue
            probe = _with(replace(case, queued=tuple(queued)), queued_said=tuple(said))
            first = self._asked_before_lock(turn, data, probe, flow, words)
            queued[index:index] = first
            said[index:index] = [words for _ in first]
            index += len(first) + 1
        if len(queued) == len(case.queued):
            return case
        return _with(replace(case, queued=tuple(queued)), queued_said=tuple(said))

    def _waiting(self, case: Case, skip: int = 0) -> set[str]:
        """The flows of the requests waiting their turn, but the first ``skip``."""
        return {self.by_intent[n].name for n in case.queued[skip:] if n in self.by_intent}

    def _names_subject(self, data: _TurnData, case: Case, flow: FlowSpec, words: str) -> bool:
        """Whether ``words`` name, on their own, one subject of ``flow``'s request among the
        customer's records (a flow without a subject needs none named)."""
        subject = next((s for s in flow.slots if self.know.kind(s.resolver).subject), None)
        if subject is None:
            return True
        data.load_user(case, self.identity.customer)
        asking = replace(case, intent=flow.name, slots={})
        found = self._resolve(data.turn, data, asking, subject.name, words)
        return found is not None and found.resolved

    def _shares_details(self, flow: FlowSpec, other: FlowSpec) -> bool:
        """Whether two requests take a detail of the same kind besides their subject (an
        exchange and a return both take items): words read only between the bands as the one
        may well be details of the other ("For the keyboard I'd like clicky, RGB" beside an
        exchange reads as a return), so they are not taken as a request of their own."""

        def details(f: FlowSpec) -> set[str]:
            return {s.resolver for s in f.slots if not self.know.kind(s.resolver).subject}

        return bool(details(flow) & details(other))

    def _adds_to_proposal(
        self, turn: Turn, data: _TurnData, case: Case, intent: str, words: str
    ) -> bool:
        """Whether ``words``, the request waiting asked again beside a yes, speak of the subject
        of the proposal waiting (a product of the same order): more for this proposal, not a
        request of its own to run after it (a subject changed once cannot change again)."""
        flow = self.flows.get(case.intent or "")
        if flow is None or self.by_intent.get(intent) is not flow:
            return False
        subject = next((s for s in flow.slots if self.know.kind(s.resolver).subject), None)
        value = None if subject is None else case.slots.get(subject.name)
        if subject is None or value is None:
            return False
        describes = self.know.kind(subject.resolver).describes
        data.load_user(case, self.identity.customer)
        _, ctx = self._slot_context(turn, data, case, subject.name, words)
        if describes is not None and describes(ctx, value, words):
            return True
        # "Ok, go ahead - and the camera in that same order, half the zoom" (its "too" in
        # "too much zoom"): what the message says changes the proposal's other slots.
        return self._new_facts(turn, data, case, besides=subject.name)

    def _new_facts(
        self, turn: Turn, data: _TurnData, case: Case, *, besides: str | None = None
    ) -> bool:
        """Whether the message changes a slot of the flow waiting for confirmation (other than
        ``besides``)."""
        flow = self.flows.get(case.intent or "")
        if flow is None:
            return False
        data.load_user(case, self.identity.customer)
        # "Yes, that's everything": a closing remark, not a request for every item.
        text = self._closing.sub("", turn.understanding.text)
        said = _messages((*case.dialogue.said, text))
        no = first(data.commands, Deny) is not None
        for spec in flow.slots:
            if spec.name == besides:
                continue
            found = self._resolve(turn, data, case, spec.name, text)
            if found is not None and found.resolved and found.value != case.slots.get(spec.name):
                return True
            if found is not None and found.ends and case.slots.get(spec.name) is not None:
                return True  # "I'll keep both as they are": nothing is left to ask a yes for
            # "No wait, not that one - the other kind; everything else as you said": a no that
            # changes one of several things asked for is read with the words that asked for the
            # rest, as the request will read it.
            settled = any(g.source == "chosen" for g in case.dialogue.grounds.get(spec.name, ()))
            if not no or not self.know.kind(spec.resolver).accumulates or settled:
                continue
            if self._replacing.search(text):
                continue
            found = self._resolve(turn, data, case, spec.name, said)
            if found is not None and found.resolved and found.value != case.slots.get(spec.name):
                return True
        return False

    # -- the active flow -----------------------------------------------------------------------
    def _redirect(self, turn: Turn, data: _TurnData, case: Case, target: str) -> Decision:
        """Continue the request in another flow, with the slots both flows share."""
        flow = self.flows[target]
        names = {s.name for s in flow.slots}
        slots = {k: v for k, v in case.slots.items() if k in names}
        moved = replace(case, intent=flow.name, slots=slots)
        return self._advance(turn, data, moved, redirected=True)

    def _advance(
        self, turn: Turn, data: _TurnData, case: Case, *, redirected: bool = False
    ) -> Decision:
        flow = self.flows[case.intent or ""]
        # Remembered first: what was said before the identity check is not lost to it.
        case = self._remember(case, self._own_text(turn, case))
        if flow.identity == "required" and case.verification is None:
            if not self._identity_given(case):
                return _reply(
                    replace(case, status=CaseStatus.WAITING_CUSTOMER),
                    "ask_identity",
                    {},
                    "identity needed first",
                )
            verified = self._verify(turn, data, case)
            if isinstance(verified, Decision):
                return verified
            case = verified
        data.load_user(case, self.identity.customer)
        if not redirected:
            flow, case = self._stated_instead(turn, data, case, flow)
        asked = case.dialogue.question
        case, question = self._fill_slots(turn, data, case, flow)
        if question is not None and question.notes.get("ends"):
            # What the customer asked for cannot be had, and they said to leave things then.
            return self._then_next(turn, data, self._finish(case), question.replies[0])
        if question is not None and self._declined(data, flow, asked, question):
            # "No thanks, too expensive" to "which card should pay it?": a no that answers
            # nothing asked ends the request, and the customer is told nothing changes.
            done = self._finish(case)
            return _reply(done, "change_cancelled", {}, "the customer declined to go on")
        facts = self._facts(case, data)
        # Lookups and checks run as soon as what they need is known, so a request that cannot
        # succeed ("cancel a delivered order") is answered before asking for more details.
        looked = self._lookups(turn, data, case, flow, facts, partial=question is not None)
        if isinstance(looked, Decision):
            return looked
        self._values(flow, facts)
        for check in flow.checks:
            verdict = self._eval(check.when, facts)
            if verdict is None and question is not None:
                continue
            if verdict is not True and check.redirect and not redirected:
                return self._redirect(turn, data, case, check.redirect)
            if verdict is not True and check.ask_again is not None:
                # The customer's value is what failed ("a day already past"): said, forgotten,
                # asked for again; the request goes on with their answer.
                again = self._clear_slot(case, flow, check.ask_again)
                why = f"{_CHECK_FAILED}{check.when}"
                return _question(again, check.reply, facts, why, check.ask_again)
            if verdict is not True:
                done = self._finish(case)
                if check.offer is not None and not redirected:
                    return self._propose(turn, data, done, case, check, facts)
                if check.handoff:
                    return _handoff(
                        done, f"{_CHECK_FAILED}{check.when}", "check", check.reply, facts
                    )
                done = _with(done, turned_down=flow.name)
                ended = _reply(done, check.reply, facts, f"{_CHECK_FAILED}{check.when}")
                if done.queued:
                    # Nothing else asked is lost: the next request waiting its turn goes on.
                    said = ReplySpec(check.reply, facts)
                    follow = self._then_next(turn, data, done, said)
                    return replace(follow, reasons=(*ended.reasons, *follow.reasons))
                # what cannot be done hands the customer back a request set aside for it
                done, still = self._still_wanted(done, ())
                return replace(ended, case=done, replies=(*ended.replies, *still))
        if question is not None:
            return question
        case = _with(case, checks=tuple(c.when for c in flow.checks))
        if flow.handoff is not None:
            return _handoff(case, flow.handoff, "flow", facts=facts)
        if flow.action is None:
            assert flow.reply is not None
            finished = self._finish(case)
            if flow.keeps_context:
                # "You cancelled my flight on …, I'm furious": heard; the request that follows
                # ("I want compensation for it") starts from these words.
                finished = _with(finished, context=case.dialogue.said[-2:])
            answer = self._then_next(turn, data, finished, ReplySpec(flow.reply, facts))
            # An answer to a request recognised between the confidence bands waits for a person.
            sure = case.dialogue.confidence
            unsure = sure is not None and sure < turn.workspace.config.confidence.auto
            return replace(answer, review=unsure) if unsure else answer
        args = {name: self._eval(expr, facts) for name, expr in flow.action.args.items()}
        missing = [name for name, value in args.items() if value is None]
        if missing:
            return _handoff(
                case, f"could not work out {', '.join(missing)}", "incomplete", facts=facts
            )
        unheld = untraced(case, [s for s in self._arg_slots(flow) if s in case.slots])
        if unheld:
            # Every argument traces to the customer's words, their records or their choice.
            gaps = [ReplySpec(_UNSUPPORTED, {"slot": name}) for name in unheld]
            reason = "proposal without grounds: " + ", ".join(unheld)
            return _handoff(case, reason, "unsupported", "not_sure", {**facts, "findings": gaps})
        found = self._unsupported(turn, data, case, flow)
        stops = [f for f in found if f.blocking]
        if stops:
            # Nothing is proposed that the customer's words, records or choices do not support.
            reason = "proposal not supported by what the customer said: " + "; ".join(
                map(str, stops)
            )
            gaps = [ReplySpec(*f.said) for f in stops]
            return _handoff(case, reason, "unsupported", "not_sure", {**facts, "findings": gaps})
        refused = data.refusal(case, flow.action.name, args)
        if refused is not None:
            # What cannot be done is said before any "yes" is asked for ("the gift card's
            # balance cannot pay this order"), and the next request goes on.
            return self._refused(
                turn,
                data,
                self._finish(case),
                flow,
                {**facts, "args": args},
                _reason(turn, refused.reason, refused.said),
                "write previewed: refused",
            )
        assert flow.confirm is not None
        pending = PendingConfirmation(flow.action.name, args, flow.confirm)
        waiting = replace(case, pending_confirmation=pending, status=CaseStatus.WAITING_CUSTOMER)
        if flow.takes_up_left:
            earlier = self._left_first(turn, data, case, flow, found)
            if earlier is not None:
                return earlier
            waiting = _queue_left(waiting, flow, found)
        confirm = _reply(waiting, flow.confirm, {**facts, "args": args}, "confirm before acting")
        notes = [ReplySpec(*f.said) for f in found if not f.blocking]
        if notes:
            # What the customer did not ask for but cannot keep is said before the question.
            first = ReplySpec("before_you_confirm", {**facts, "notes": notes})
            return replace(confirm, replies=(first, *confirm.replies))
        return confirm

    def _stated_instead(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec
    ) -> tuple[FlowSpec, Case]:
        """The request the message states, when the reading that started ``flow`` was unsure.

        "The order with the earbuds got charged to my gift card, I wanted it on my mastercard"
        can read as an item change (the products) as much as a payment change. A reading of
        the message at least ``confidence.alternative`` likely takes over when the message gives
        everything it needs and nothing of what only ``flow`` needs (items to change, what to
        change them to): the slots the message fills decide, not the words alone."""
        bands = turn.workspace.config.confidence
        sure = case.dialogue.confidence
        intents = turn.understanding.intents
        fresh = not case.slots and case.dialogue.question is None and case.verification
        if not fresh or sure is None or sure >= bands.auto or not intents:
            return flow, case
        if self.by_intent.get(intents[0].name) is not flow:
            return flow, case
        own = {s.resolver for s in flow.slots}
        for reading in intents[1:]:
            other = self.by_intent.get(reading.name)
            if reading.confidence < bands.alternative:
                break
            if other is None or other is flow or other.action is None:
                continue
            if self.requests.only_negated(turn.understanding.text, reading.name):
                continue  # "I don't want compensation, just cancel it": not that request
            only_own = own - {s.resolver for s in other.slots}
            if not only_own:
                if self._stated_beyond(turn, data, case, flow, other):
                    return other, self._taken_over(case, reading)
                continue
            tried, _ = self._fill_slots(turn, data.trial(), case, flow)
            if any(
                tried.slots.get(s.name) is not None for s in flow.slots if s.resolver in only_own
            ):
                return flow, case  # the message names what only the first reading needs
            _, question = self._fill_slots(
                turn, data.trial(), replace(case, intent=other.name), other
            )
            if question is not None:
                continue
            return other, self._taken_over(case, reading)
        return flow, case

    @staticmethod
    def _taken_over(case: Case, reading: IntentScore) -> Case:
        """``case`` now on the request ``reading`` names, out of the queue if it waited there."""
        queued = list(case.queued)
        if reading.name in queued:
            case = _unqueue(case, queued.index(reading.name))  # now the request itself
        return _with(replace(case, intent=reading.name), confidence=reading.confidence)

    def _stated_beyond(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, other: FlowSpec
    ) -> bool:
        """Whether ``other``, a write that takes every slot ``flow`` (a write too) takes and
        more, is what the message states: it fills every slot of ``other``, and what read as
        ``flow`` is a sentence that only names a detail ("… make it a 20k mAh one with USB-C.
        paypal": the payment of the item change, not a payment change)."""
        more = {s.resolver for s in other.slots} - {s.resolver for s in flow.slots}
        if (
            flow.action is None
            or not more
            or not any(
                self._detail_only(sentence) for sentence in sentences(turn.understanding.text)
            )
        ):
            return False
        if any(name in flow.intents for name, _ in turn.understanding.parts):
            return False  # a part of the message asks for it surely on its own
        _, question = self._fill_slots(turn, data.trial(), replace(case, intent=other.name), other)
        return question is None

    def _propose(
        self,
        turn: Turn,
        data: _TurnData,
        done: Case,
        case: Case,
        check: CheckSpec,
        facts: dict[str, Any],
    ) -> Decision:
        """A failed check that offers another request ("I can cancel it instead"): when what the
        customer said already fills that request, its exact confirmation follows at once, so a
        yes consents to precisely that; otherwise a yes to the offer starts it.

        The same request offered again ("I can't cancel single items … I can cancel the whole
        order") leaves out the slots the check read, for good: what made it fail is what the
        offer waives; a yes to the offer comes before its confirmation. A request its own words
        take back ("… actually, don't cancel anything") is not offered again."""
        assert check.offer is not None
        target, template = check.offer, check.reply
        names = {s.name for s in self.flows[target].slots}
        waived: tuple[str, ...] = ()
        if target == case.intent:
            waived = tuple(sorted(names & set(_SLOT_READ.findall(check.when))))
            if not self._offered_again(case, self.flows[target], waived):
                # nothing is offered: the reply must not invite a yes (``offered`` false)
                unoffered = {**facts, "offered": False}
                return _reply(done, template, unoffered, f"{_CHECK_FAILED}{check.when}")
        shared = {k: v for k, v in case.slots.items() if k in names and k not in waived}
        grounds = {k: v for k, v in case.dialogue.grounds.items() if k in shared}
        said = list(case.dialogue.said)
        offered = replace(
            done,
            intent=target,
            slots=shared,
            dialogue=DialogueState(said=tuple(said), grounds=grounds, waived=waived),
        )
        first = ReplySpec(template, facts)
        if not waived:
            # Not for the same request made smaller or larger: the customer first says they
            # want it so ("just say yes"), then confirms exactly what follows.
            follow = self._advance(
                replace(turn, understanding=_blank(turn)), data, offered, redirected=True
            )
            if follow.case.pending_confirmation is not None:
                return replace(follow, replies=(first, *follow.replies))
        held = {k: [g.as_json() for g in v] for k, v in grounds.items()}
        offer = {"flow": target, "slots": shared, "said": said, "grounds": held, "waived": waived}
        return Decision(
            DecisionKind.REPLY,
            _with(done, offered=offer),
            ("check failed; another request offered",),
            replies=(first,),
        )

    def _offered_again(self, case: Case, flow: FlowSpec, waived: tuple[str, ...]) -> bool:
        """Whether the request may be offered without what made it fail: the words that
        filled those slots ask for it ("cancel just the smartphone", not "keep the side burner"
        said of another change) or for a request that offered it instead, which the customer
        took up ("return the kettle" of a pending order: "I can cancel it instead", yes), and
        the customer's words do not take it back ("… actually,
        don't cancel anything")."""
        words = [
            sentence_at(message, message.find(g.text))
            for n in waived
            for g in case.dialogue.grounds.get(n, ())
            for message in case.dialogue.said
            if g.source == "said" and g.text in message
        ]
        # the request's own verb, or that of a request whose check offered this one instead
        # ("return the kettle" of a pending order, "I can cancel it instead", yes)
        offering = [i for f in self.flows.values() if _offers(f, flow) for i in f.intents]
        asking = [
            w
            for w in words
            for i in (*flow.intents, *offering)
            if self.requests.names(w, i) and not self.requests.only_negated(w, i)
        ]
        if not asking:
            return False
        said = " ".join(case.dialogue.said)
        return not any(self.requests.taken_back(said, i) for i in flow.intents)

    def _unsupported(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec
    ) -> list[Finding]:
        """What in the write about to be proposed has no evidence (see ``_evidence``)."""
        said = [case.dialogue.said_first or "", *case.dialogue.said]
        words = ". ".join(t for t in said if t)
        # A detail is judged without the words of another request waiting its turn, as it
        # was read (``_fill_slots``): they name that request's choices, not this one's.
        subject = self._subject_slot(flow)
        chosen = set(case.dialogue.chosen)
        used = self._arg_slots(flow)
        findings: list[Finding] = []
        for spec in flow.slots:
            value = case.slots.get(spec.name)
            audited = self.know.kind(spec.resolver).audited
            if not audited or value is None or spec.name not in used:
                continue
            read = words
            if spec.name != subject:
                for piece in self._waiting_apart(turn, case, flow, spec.resolver):
                    read = read.replace(piece, "")
            _, ctx = self._slot_context(turn, data, case, spec.name, read)
            findings += self.know.audit(spec.resolver, ctx, value, spec.name in chosen)
        return findings

    @staticmethod
    def _arg_slots(flow: FlowSpec) -> list[str]:
        """The slots the arguments of ``flow``'s write are made of, through the values they
        use too."""
        assert flow.action is not None
        used = " ".join(flow.action.args.values())
        for name, expr in reversed(flow.values.items()):  # a value uses only those before it
            if re.search(rf"(?<![\w.]){name}\b", used):
                used = f"{used} {expr}"
        return [s.name for s in flow.slots if re.search(rf"\bslots\.{s.name}\b", used)]

    def _own_text(self, turn: Turn, case: Case, apart: str | None = None) -> str:
        """The part of this message that belongs to the active flow (all of it, usually);
        ``apart`` (a slot kind): without the parts likely another request's that waits its
        turn and takes a detail of that kind too (read for that detail, not for the subject,
        which both may share)."""
        parts = turn.understanding.parts
        flow = self.flows.get(case.intent or "")
        if not parts or flow is None:
            return turn.understanding.text
        waiting = self._waiting_apart(turn, case, flow, apart) if apart else set()
        waiting |= self._queued_apart(turn, case, flow)
        mine = {
            i
            for i, (name, t) in enumerate(parts)
            if (not name and t not in waiting)
            or self.by_intent.get(name) is flow
            or self.requests.only_negated(t, name)
            or self._shared_detail(parts, i)
            # A related request is the same one ("change the lamp … exchange it"), unless it
            # waits its turn as a request of its own (about another product).
            or (
                name in self.by_intent
                and self.by_intent[name].name in self._related(flow)
                and name not in case.queued
            )
        }
        text = turn.understanding.text
        return _joined(text, [t for _, t in parts], mine) if mine else text

    def _queued_apart(self, turn: Turn, case: Case, flow: FlowSpec) -> set[str]:
        """The parts no request claimed that read alone as another kind of request, which
        waits its turn with them as its words ("Two things: the grill in my pending order …
        should be a gas one … And please cancel the order with the blue cycling helmet"): that
        request's, not the one in progress's — the cancellation's order is the helmet's, not
        the one the grill's part describes."""
        said = _padded(case)
        apart: set[str] = set()
        for intent, piece in turn.understanding.unasked:
            read = self.by_intent.get(intent)
            if read is None or read is flow or read.name in self._related(flow):
                continue
            if any(
                self.by_intent.get(name)
                in (read, *(self.flows.get(r) for r in self._related(read)))
                and piece in said[i]
                for i, name in enumerate(case.queued)
            ):
                apart.add(piece)
        return apart

    def _waiting_apart(self, turn: Turn, case: Case, flow: FlowSpec, kind: str) -> set[str]:
        """The parts no request read surely that are likely another request's which waits its
        turn as one of its own and takes a detail of ``kind`` too ("On #W1 I'd like the
        backpack in nylon, and pay the difference with my gift card. Separately, switch the
        payment of that order to my PayPal"): that request's words, not the one in progress's
        — the gift card pays the difference, it is no choice for the order's payment."""
        queued = {self.by_intent[n].name for n in case.queued if n in self.by_intent}
        return {
            piece
            for intent, piece in turn.understanding.likely
            if intent in self.by_intent
            and self.by_intent[intent] is not flow
            and self.by_intent[intent].name in queued
            and self.by_intent[intent].name not in self._related(flow)
            and any(s.resolver == kind for s in self.by_intent[intent].slots)
        }

    def _queue_texts(self, turn: Turn, case: Case) -> Case:
        """Remember what the customer said for each queued request, for when its turn comes."""
        texts = list(case.dialogue.queued_said)
        known = len(texts)
        texts += [""] * (len(case.queued) - known)
        message, parts = turn.understanding.text, turn.understanding.parts
        pieces = [text for _, text in parts]
        claimed: dict[int, set[int]] = {}
        for index, (name, _) in enumerate(parts):
            for i in range(known, len(case.queued)):
                if case.queued[i] == name:
                    claimed.setdefault(i, set()).add(index)
                    break
        shared = self._shared_parts(parts)
        for i, own in claimed.items():
            texts[i] = _joined(message, pieces, own | shared)
        for i in range(known, len(case.queued)):
            if i not in claimed and shared and not texts[i]:
                # A request the message as a whole asked for, no part of it on its own (its
                # parts were each too unsure): its words are what no other request claimed,
                # not nothing, so that its turn does not ask again for what was said.
                texts[i] = _joined(message, pieces, shared)
        return _with(case, queued_said=tuple(texts)) if texts else case

    def _shared_parts(self, parts: Sequence[tuple[str, str]]) -> set[int]:
        """The parts that are context for every request of a message: what no request claimed,
        and a detail however it was read, unless it goes on with the part before it
        (``_shared_detail``)."""
        return {i for i, (name, _) in enumerate(parts) if not name or self._shared_detail(parts, i)}

    def _shared_detail(self, parts: Sequence[tuple[str, str]], i: int) -> bool:
        """Whether part ``i`` is a detail that any request of the message may take ("Use my
        gift card"): not one read as the change asked in the part just before it, which it
        goes on with ("… the laptop upgraded to an i7; pay that difference with my Visa")."""
        name, text = parts[i]
        if not self._detail_only(text):
            return False
        flow = self.by_intent.get(name)
        goes_on = i > 0 and parts[i - 1][0] == name and flow is not None and flow.action is not None
        return not goes_on

    @staticmethod
    def _remember(case: Case, text: str) -> Case:
        said = (*case.dialogue.said, text)
        remembered = _with(case, said=said[-_MAX_SAID:])
        if len(said) > _MAX_SAID and case.dialogue.said_first is None:
            # The words that started the request are kept for the evidence check however long
            # the exchange gets: the payment or items they named are not forgotten.
            remembered = _with(remembered, said_first=said[0])
        return remembered

    def _slot_context(
        self, turn: Turn, data: _TurnData, case: Case, slot_name: str, text: str
    ) -> tuple[SlotSpec, SlotContext]:
        """A slot of the active flow, and what its resolver or audit may look at."""
        flow = self.flows[case.intent or ""]
        spec = next(s for s in flow.slots if s.name == slot_name)
        ctx = SlotContext(
            text=text,
            understanding=turn.understanding,
            case=case,
            slots=case.slots,
            options=spec.options,
            user=data.user,
            record=lambda kind, rid: data.record(case, kind, rid),
            dialogue=case.dialogue,
            catalogue=self.catalogue,
            phrasing=self.phrasing,
            kind=spec.resolver,
            slot=spec.name,
            not_asked=tuple(
                end for intent in flow.intents for end in self.requests.not_asked_ends(text, intent)
            ),
        )
        subject = next(
            (s for s in flow.slots if self.know.kind(s.resolver).subject and s.name != slot_name),
            None,
        )
        describes = None if subject is None else self.know.kind(subject.resolver).describes
        value = None if subject is None else case.slots.get(subject.name)
        if describes is not None and value is not None:
            ctx.about = partial(describes, ctx, value)
        return spec, ctx

    def _resolve(
        self,
        turn: Turn,
        data: _TurnData,
        case: Case,
        slot_name: str,
        text: str,
        known: Mapping[str, Any] | None = None,
    ) -> Resolution | None:
        spec, ctx = self._slot_context(turn, data, case, slot_name, text)
        if known is not None:
            ctx.known = known
        return self.know.resolvers[spec.resolver](ctx)

    def _known(self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec) -> dict[str, Any]:
        """What the flow knows with the slots filled so far: the lookups whose arguments are
        known (read as the customer; one refused is left out) and the values they allow."""
        facts = self._facts(case, data)
        for lk in flow.lookups:
            args = {name: self._eval(expr, facts) for name, expr in lk.args.items()}
            if any(v is None for v in args.values()):
                continue
            outcome = data.looked_up(case, lk.action, args)
            if outcome is not None and outcome.ok:
                facts[lk.name] = outcome.result
        self._values(flow, facts)
        return facts

    def _values(self, flow: FlowSpec, facts: dict[str, Any]) -> None:
        """The flow's values, in order, into ``facts``; one not known yet is left out."""
        for name, expr in flow.values.items():
            value = self._eval(expr, facts)
            if value is not None:
                facts[name] = value

    def _fill_slots(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec
    ) -> tuple[Case, Decision | None]:
        text = self._own_text(turn, case)
        # A detail is read without the words of another request waiting its turn: "pay the
        # difference with my gift card" is the item change's, not the order's new payment.
        first = text
        subject = self._subject_slot(flow)
        said = _messages(case.dialogue.said)
        case = self._take_offer(case, flow, data)
        asked = case.dialogue.question.key if case.dialogue.question is not None else ""
        for spec in flow.slots:
            if spec.name in case.dialogue.waived:
                continue  # left out of the request with the customer's consent
            # Requested changes accumulate over the conversation ("clicky" now, "no backlight"
            # later); other slots take the latest message first.
            accumulates = self.know.kind(spec.resolver).accumulates
            # A value the customer chose among options offered is not read again from what
            # they said before choosing; only new words change it.
            settled = any(g.source == "chosen" for g in case.dialogue.grounds.get(spec.name, ()))
            gathered = accumulates and not settled and not self._replacing.search(text)
            own = said if gathered else text
            if own is first and spec.name != subject:
                own = self._own_text(turn, case, apart=spec.resolver)
            known = None
            if spec.when is not None:
                # Needed only in some cases (a payment when there is something to pay): judged
                # on what the slots before it let the flow know.
                known = self._known(turn, data, case, flow)
                if self._eval(spec.when, known) is False:
                    continue
            found = None
            if own is said and asked.endswith(f":{spec.name}") and text:
                # An answer to the question just asked about this slot is read on its own
                # first: what it says wins over the first description's words.
                found = self._resolve(turn, data, case, spec.name, text, known)
                found = found if found is not None and found.resolved else None
            found = found or self._resolve(turn, data, case, spec.name, own, known)
            current = case.slots.get(spec.name)
            if (found is None or not found.resolved) and current is None:
                found = self._resolve(turn, data, case, spec.name, said, known) or found
            if (found is None or not found.resolved) and current is None and spec.name == subject:
                found = self._only_record_named(turn, data, case, spec.name, known) or found
            grounds: tuple[Ground, ...] = ()
            if found is not None and found.resolved and found.value != current:
                grounds = self._holding(turn, data, case, found)
                if not _named_again(case, spec.name, found, grounds):
                    found = None  # the record refused, or one the customer did not name
            if found is not None and found.resolved and found.value != current:
                case = self._set_slot(case, flow, spec.name, found, data, grounds)
                if found.words:
                    # The message spoke of several subjects: the rest reads this one's words.
                    text = said = " ".join(found.words)
                    case = _with(case, said=found.words)
                if found.also:  # e.g. the items narrowed to those that can be exchanged
                    also = {name: grounds for name in found.also}
                    case = replace(case, slots={**case.slots, **found.also})
                    case = _with(case, grounds={**case.dialogue.grounds, **also})
                case = self._queue_more(case, flow, found)
                continue
            carried = found is not None and found.resolved and found.value == current
            if carried and found is not None and spec.name not in case.dialogue.facts:
                # A value carried over without what was known of it (a request taken up again
                # after a question in between): its resolver's facts come back with it.
                case = _with(case, facts={**case.dialogue.facts, spec.name: found.facts})
            reused = self._reusable(turn, data, case, spec) if found is None else None
            if current is None and reused:
                # Stated again in the confirmation, so the customer can still change it.
                taken = Resolution(value=reused["value"], facts=reused["facts"])
                again = (Ground.earlier("a choice the customer asked to use again"),)
                case = self._set_slot(case, flow, spec.name, taken, data, again)
                continue
            if found is not None and found.clear and current is not None:
                case = self._clear_slot(case, flow, spec.name)
            if case.slots.get(spec.name) is not None or not spec.required:
                continue
            choices = found.choices if found is not None else ()
            listing = self.know.kind(spec.resolver).choices
            if not choices and listing is not None:
                choices = listing(self._slot_context(turn, data, case, spec.name, "")[1])
            facts = {**self._facts(case, data), "choices": list(choices)}
            shown_again = () if choices else self._listed_again(turn, data, case, spec)
            if found is not None and found.problem:
                facts.update(found.facts)
                about = spec.name
                if found.offer is not None and found.offer == case.dialogue.declined.get(about):
                    # Turned down already: the other choices are asked about instead.
                    facts.pop("offer", None)
                    about = f"{spec.name}:other"
                elif found.offer is not None:
                    offer = {"slot": spec.name, "value": found.offer, "facts": found.offer_facts}
                    if found.also:  # other slots the offer settles once taken
                        offer["also"] = found.also
                    case = _with(case, offer=offer)
                reason = f"slot {spec.name}: {found.problem}"
                if found.ends:
                    ended = ReplySpec(found.problem, facts)
                    return case, Decision(
                        DecisionKind.REPLY, case, (reason,), replies=(ended,), notes={"ends": True}
                    )
                case = self._typed_after(turn, data, case, flow, spec)
                return case, _question(case, found.problem, facts, reason, about, shown_again)
            assert spec.ask is not None  # a required slot names its question (validated)
            case = self._typed_after(turn, data, case, flow, spec)
            why = f"ask for {spec.name}"
            return case, _question(case, spec.ask, facts, why, spec.name, shown_again)
        return case, None

    def _only_record_named(
        self,
        turn: Turn,
        data: _TurnData,
        case: Case,
        slot: str,
        known: Mapping[str, Any] | None,
    ) -> Resolution | None:
        """The subject of a request whose own words name none, read from the whole message
        when it names one record by its id and no other ("On order #W1 I'd like the kit in
        dark, and separately please switch the payment of that order to my card": the
        payment's part points back at the one order the message names), its own words point
        back at a record talked about ("that order", "the same order") and not away from it
        ("my other order"); None otherwise. Without a pointer back the id may be the one
        the customer keeps ("#W1 is fine. Cancel my pending order"): that is asked."""
        whole = turn.understanding.text
        if len(self._record_ids(whole)) != 1:
            return None
        words = turn.workspace.vocabulary.resolvers
        own = self._own_text(turn, case)
        # "… and change the address of my other order": pointed away from the one named
        if re.search(phrases(words.another), own, re.I) is not None:
            return None
        back = [*words.that_record, *words.same_record, *words.in_that_record]
        if not back or re.search(phrases(back), own, re.I) is None:
            return None
        found = self._resolve(turn, data, case, slot, whole, known)
        return found if found is not None and found.resolved else None

    def _listed_again(
        self, turn: Turn, data: _TurnData, case: Case, spec: SlotSpec
    ) -> tuple[str, ...]:
        """What the answer to ``spec``'s open question may be ("Which items should change?":
        the order's items), for when it is asked a second time: only then, since a first
        question shows no list and an answer cannot pick from one it never saw."""
        listing = self.know.kind(spec.resolver).listed
        asked = case.dialogue.question
        if listing is None or asked is None or asked.times != _MAX_ASKS - 2:
            return ()
        return listing(self._slot_context(turn, data, case, spec.name, "")[1])

    def _typed_after(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, asked: SlotSpec
    ) -> Case:
        """The slots after ``asked`` whose value understanding types itself (a date, an
        amount, an email), from this message: kept while the flow asks about ``asked`` first,
        since a message's entities are not read again later ("a flight to Denver tomorrow",
        asked where from, keeps "tomorrow")."""
        text = self._own_text(turn, case)
        for spec in flow.slots[flow.slots.index(asked) + 1 :]:
            if case.slots.get(spec.name) is not None or spec.name in case.dialogue.waived:
                continue
            if not isinstance(self.know.resolvers.get(spec.resolver), EntityResolver):
                continue
            found = self._resolve(turn, data, case, spec.name, text)
            if found is not None and found.resolved:
                grounds = self._holding(turn, data, case, found)
                case = self._set_slot(case, flow, spec.name, found, data, grounds)
        return case

    def _take_offer(self, case: Case, flow: FlowSpec, data: _TurnData) -> Case:
        """The customer's answer to "the closest available is X — would that work?"."""
        offer = case.dialogue.offer
        if not offer:
            return case
        case = _with(case, offer=None)
        if first(data.commands, Deny) is not None:
            declined = {**case.dialogue.declined, offer["slot"]: offer["value"]}
            return _with(case, declined=declined)
        if first(data.commands, Confirm) is not None:
            taken = Resolution(value=offer["value"], facts=offer["facts"])
            # Their explicit choice of an option offered: evidence for the proposal.
            chosen = (Ground("chosen", f"yes to the option offered: {offer['value']}"),)
            case = self._set_slot(case, flow, offer["slot"], taken, data, chosen)
            also = dict(offer.get("also") or {})
            if also:
                case = replace(case, slots={**case.slots, **also})
                case = _with(case, grounds={**case.dialogue.grounds, **dict.fromkeys(also, chosen)})
            return _with(case, chosen=(*case.dialogue.chosen, offer["slot"]))
        return case

    def _holding(
        self, turn: Turn, data: _TurnData, case: Case, found: Resolution
    ) -> tuple[Ground, ...]:
        """The grounds ``found`` gave that hold in this conversation (see ``_grounds``)."""
        words = customer_words(turn.understanding.text, case)
        return holding(found.grounds, words, lambda kind, rid: data.record(case, kind, rid))

    def _reusable(
        self, turn: Turn, data: _TurnData, case: Case, spec: SlotSpec
    ) -> dict[str, Any] | None:
        """The choice another request was given that this slot may take ("card for the
        difference" holds for the next change too): one a write carried out; one only resolved
        (its request waits, or was turned down) when the whole message reads as that choice
        alone ("… And exchange the hose. PayPal for any difference." pays both) — not when it
        names others ("…the backpack. … the speaker: that one on my Mastercard"). A request
        turned down takes its choice with it."""
        lent = case.dialogue.reuse.get(spec.resolver) if spec.options.get("reuse") else None
        reused: dict[str, Any] | None = lent
        if reused is None or reused.get("written", True):
            return reused
        # the customer's recent whole messages (a request taken up after a yes reads "yes")
        for message in (turn.understanding.text, *case.dialogue.messages[-_REUSE_MESSAGES:]):
            whole = self._resolve(turn, data, case, spec.name, message)
            if whole is not None and whole.resolved and whole.value == reused["value"]:
                return reused
        return None

    def _set_slot(
        self,
        case: Case,
        flow: FlowSpec,
        name: str,
        found: Resolution,
        data: _TurnData,
        grounds: tuple[Ground, ...],
    ) -> Case:
        d = case.dialogue
        before = case.slots.get(name)
        data.filled.append(
            slot_command(name, found.value, grounds, before, data.turn.understanding.text)
        )
        slots = {**case.slots, name: found.value}
        spec = next(s for s in flow.slots if s.name == name)
        kind = self.know.kind(spec.resolver)
        memory, reuse = dict(d.memory), dict(d.reuse)
        if kind.remember:
            memory[kind.remember] = found.value  # what the next request may point back at
        if spec.options.get("reuse"):
            # Lent to other requests on the terms of ``_reusable`` until a write carries it out
            reuse[spec.resolver] = {"value": found.value, "facts": found.facts, "written": False}
        facts = {**d.facts, name: found.facts}
        kept = {**d.grounds, name: grounds}
        for other in flow.slots:
            if other.resolver in kind.dependents and other.name in slots:
                slots.pop(other.name, None)
                facts.pop(other.name, None)
                kept.pop(other.name, None)
        chosen = tuple(c for c in d.chosen if c != name)
        dialogue = replace(d, memory=memory, reuse=reuse, facts=facts, chosen=chosen, grounds=kept)
        return replace(case, slots=slots, dialogue=dialogue)

    @staticmethod
    def _queue_more(case: Case, flow: FlowSpec, found: Resolution) -> Case:
        """A request about several subjects ("cancel all my pending orders") runs once for each."""
        more = [str(o) for o in found.more]
        if not more:
            return case
        intent = flow.intents[0]
        # The same request for the next subject: it starts pinned to it, with everything said
        # about this one by then (a reason given later holds for all of them).
        words = list(found.more_words) + [()] * (len(more) - len(found.more_words))
        texts = [
            _WORDS.join((f"{_MORE_SUBJECT}{subject}", *own))
            for subject, own in zip(more, words, strict=True)
        ]
        together = (str(found.value), *more)
        case = _with(case, queued_said=(*texts, *case.dialogue.queued_said), together=together)
        return replace(case, queued=(*(intent for _ in more), *case.queued))

    def _clear_slot(self, case: Case, flow: FlowSpec, name: str) -> Case:
        """Forget a slot the customer took back ("not the backpack"), and what depends on it."""
        spec = next(s for s in flow.slots if s.name == name)
        dependents = self.know.kind(spec.resolver).dependents
        gone = {name} | {o.name for o in flow.slots if o.resolver in dependents}
        slots = {k: v for k, v in case.slots.items() if k not in gone}
        facts = {k: v for k, v in case.dialogue.facts.items() if k not in gone}
        grounds = {k: v for k, v in case.dialogue.grounds.items() if k not in gone}
        return _with(replace(case, slots=slots), facts=facts, grounds=grounds)

    def _facts(self, case: Case, data: _TurnData) -> dict[str, Any]:
        slots = dict(case.slots)
        merged: dict[str, Any] = {}
        for value in case.dialogue.facts.values():
            merged.update(value)
        return {
            "slots": slots,
            "facts": merged,
            "user": data.user or {},
            "user_id": "" if case.verification is None else case.verification.user_id,
            "writes": [dict(w) for w in case.dialogue.writes],
        }

    def _lookups(
        self,
        turn: Turn,
        data: _TurnData,
        case: Case,
        flow: FlowSpec,
        facts: dict[str, Any],
        *,
        partial: bool = False,
    ) -> Decision | None:
        for lk in flow.lookups:
            args = {name: self._eval(expr, facts) for name, expr in lk.args.items()}
            if partial and any(v is None for v in args.values()):
                continue
            outcome = data.read(case, lk.action, args)
            if outcome is None:
                return _handoff(case, "lookups are not available", "no_reader")
            if not outcome.ok:
                # "order_not_found" (the lookup's name and the refusal's code), else "not_owner"
                # (the code), else "action_refused": the workspace's templates decide.
                code = outcome.refusal_code or ""
                have = _templates(turn)
                template = next(
                    (t for t in (f"{lk.name}_{code}", code) if code and t in have),
                    "action_refused",
                )
                # What the customer gave for it is forgotten, so they are asked again.
                named = {e.removeprefix("slots.") for e in lk.args.values()}
                slots = {k: v for k, v in case.slots.items() if k not in named}
                said = outcome.refusal_said
                reason = outcome.refusal_reason
                refusal = {
                    **args,
                    "reason": reason if said is None else _reason(turn, reason or "", said),
                }
                grounds = {k: v for k, v in case.dialogue.grounds.items() if k in slots}
                after = _with(replace(case, slots=slots), grounds=grounds)
                if code == "not_owner":
                    # Another customer's record: the request waits for one the customer names
                    # ("sorry, I meant HKEG34"); nothing of the other's, and no default of
                    # theirs, stands in for it at the next "yes".
                    refused = {k: v for k, v in case.slots.items() if k in named}
                    after = _with(after, refused={**case.dialogue.refused, **refused})
                return _reply(after, template, {**facts, **refusal}, "lookup refused")
            facts[lk.name] = outcome.result
        return None

    # -- after the write ------------------------------------------------------------------------
    def _after_write(
        self, turn: Turn, data: _TurnData, case: Case, outcome: ActionOutcome
    ) -> Decision:
        flow = self.flows.get(case.intent or "")
        facts = {**self._facts(case, data), "result": outcome.result or {}, "args": outcome.args}
        done = self._finish(case)
        if outcome.ok:
            done = _with(done, writes=(*done.dialogue.writes, _written(case, outcome)))
            done = self._taken_up(case, done)
            if flow is not None:
                done = _with(done, reuse=_reused_after(flow, case))
        if outcome.ok and flow is not None and flow.success is not None:
            done = replace(done, outcome=f"{flow.name}: done")
            return self._then_next(turn, data, done, ReplySpec(flow.success, facts))
        if outcome.handoff:
            facts["reason"] = _reason(turn, outcome.refusal_reason or "", outcome.refusal_said)
            done = _with(done, reuse={})
            return _handoff(done, outcome.refusal_reason or "policy", "policy", "handoff", facts)
        why = f"write refused: {outcome.refusal_code}"
        reason = _reason(turn, outcome.refusal_reason or "", outcome.refusal_said)
        return self._refused(turn, data, done, flow, facts, reason, why)

    def _refused(
        self,
        turn: Turn,
        data: _TurnData,
        done: Case,
        flow: FlowSpec | None,
        facts: dict[str, Any],
        reason: str | ReplySpec,
        why: str,
    ) -> Decision:
        """A write the business refuses, said with its reason; it ends its own request only."""
        # A refused write takes back what it would have taught: its payment method is not reused.
        done = _with(done, reuse={})
        facts = {**facts, "reason": reason}
        template = flow.failure if flow is not None else "action_refused"
        if done.queued:
            # Nothing else asked is lost: the next request waiting its turn goes on.
            return self._then_next(turn, data, done, ReplySpec(template, facts))
        done, unread = self._named_back(done)
        decision = _reply(done, template, facts, why)
        return replace(decision, replies=(*decision.replies, *unread))

    def _left_first(
        self, turn: Turn, data: _TurnData, case: Case, flow: FlowSpec, found: Sequence[Finding]
    ) -> Decision | None:
        """What the customer asked of another subject before the words of this proposal ("the
        rose gold phone I received: black, double the storage. And my pending order with the
        vacuum: …") runs first, in the order they said it: this request waits right behind
        it, to be read again from its own words. Not one of several subjects asked together
        (those run in their own order)."""
        said = " ".join(s for s in dict.fromkeys(case.dialogue.said) if s)
        if not said or case.dialogue.together or not any(f.first for f in found):
            return None
        asks = [" ".join(f.waiting) for f in found if f.waiting]
        asks = [a for a in dict.fromkeys(asks) if a not in case.dialogue.queued_said]
        if not asks:
            return None
        texts = case.dialogue.queued_said
        texts = (*asks, said, *texts, *[""] * (len(case.queued) - len(texts)))
        queued = (*(flow.intents[0] for _ in asks), flow.intents[0], *case.queued)
        after = _with(replace(self._finish(case), queued=queued), queued_said=texts)
        return self._then_next(turn, data, after, None)

    def _then_next(
        self, turn: Turn, data: _TurnData, case: Case, first: ReplySpec | None
    ) -> Decision:
        """After a flow ends: start the next queued request, or just send the reply."""
        case = self._likely_named(data, case)
        case = self._unread_moved(turn, data, case)
        case = self._likely_named(data, self._locking_behind(data, case))
        if not case.queued:
            listed = self._listed_part(turn, data, case)
            if listed is not None:
                return replace(listed, replies=(*([first] if first else []), *listed.replies))
            case, unread = self._named_back(case)
            replies = ((first,) if first is not None else ()) + unread
            return Decision(DecisionKind.REPLY, case, ("flow finished",), replies=replies)
        name, rest = case.queued[0], case.queued[1:]
        flow = self.by_intent[name]
        texts = list(case.dialogue.queued_said)
        said = texts.pop(0) if texts else ""
        slots: dict[str, Any] = {}
        dialogue = replace(
            _carried(case.dialogue), said=(said,) if said else (), queued_said=tuple(texts)
        )
        subject = next((s.name for s in flow.slots if self.know.kind(s.resolver).subject), None)
        if said.startswith(_MORE_SUBJECT) and subject is not None:
            value, *words = said.removeprefix(_MORE_SUBJECT).split(_WORDS)
            dialogue = replace(dialogue, said=tuple(words) or case.dialogue.last_said)
            slots[subject] = value
            # One of the subjects the request before it was asked for, on the grounds it had.
            asked = Ground.earlier("asked for together with the request before it")
            dialogue = replace(dialogue, grounds={subject: (asked,)})
        else:
            dialogue = replace(dialogue, together=())
        nxt = replace(case, intent=flow.name, queued=rest, slots=slots, dialogue=dialogue)
        follow = self._advance(replace(turn, understanding=_blank(turn)), data, nxt)
        return replace(follow, replies=(*([first] if first else []), *follow.replies))

    @staticmethod
    def _finish(case: Case) -> Case:
        keep = replace(_carried(case.dialogue), last_said=case.dialogue.said)
        return replace(
            case,
            intent=None,
            slots={},
            dialogue=keep,
            pending_confirmation=None,
            status=CaseStatus.OPEN,
        )


def _answers_within(
    know: DomainKnowledge, flow: FlowSpec, other: FlowSpec, text: str, change: re.Pattern[str]
) -> bool:
    """Whether all ``other`` asks for is a detail ``flow`` takes too ("pay with my gift card"
    during an item change is the change's payment, not a change of the order's payment) —
    unless the customer asks for that change in so many words ("switch its payment to PayPal")."""
    kinds = {s.resolver for s in other.slots if not know.kind(s.resolver).subject}
    on_a_subject = any(know.kind(s.resolver).subject for s in other.slots)
    if change.search(text) or len(kinds) != 1 or not on_a_subject:
        # A return is no detail of an exchange, though it needs nothing more; "make it my
        # default address too" changes the account, not the order.
        return False
    return kinds <= {s.resolver for s in flow.slots} and other is not flow


def _carried(d: DialogueState) -> DialogueState:
    """What outlives a request: who the customer said they are, what they said for queued
    requests, their last messages and words, what was last talked about, and the choices they
    asked to reuse ("card for the difference" holds for the next change too)."""
    return DialogueState(
        last_said=d.last_said,
        messages=d.messages,
        queued_said=d.queued_said,
        context=d.context,
        memory=d.memory,
        reuse=d.reuse,
        identity=d.identity,
        name_candidates=d.name_candidates,
        together=d.together,
        writes=d.writes,
        unread=d.unread,
        set_aside=d.set_aside,
    )


def _queue_left(case: Case, flow: FlowSpec, found: Sequence[Finding]) -> Case:
    """``case`` with what the customer asked of subjects this proposal leaves out ("My pending
    yoga mat: same 6mm, but PVC in green. Then the desk lamp order: … change the lamp to …")
    waiting its turn as a request of ``flow``'s kind, each with its own words, after the others.
    Its own turn resolves, audits and confirms it like any request; the note before "yes"
    still says this proposal does not change it."""
    asks = [" ".join(f.waiting) for f in found if f.waiting]
    queued_said = case.dialogue.queued_said
    asks = [a for a in dict.fromkeys(asks) if a not in queued_said]
    if not asks:
        return case
    texts = (*queued_said, *[""] * (len(case.queued) - len(queued_said)), *asks)
    queued = (*case.queued, *(flow.intents[0] for _ in asks))
    return _with(replace(case, queued=queued), queued_said=texts)


def _padded(case: Case) -> tuple[str, ...]:
    """The words said for each request waiting, one for each (none for those without)."""
    said = case.dialogue.queued_said[: len(case.queued)]
    return (*said, *[""] * (len(case.queued) - len(said)))


def _offered(case: Case, flow: FlowSpec, said: list[str], template: str, why: str) -> Decision:
    """Whether ``flow``'s request is what the customer wants, asked with ``template``; a yes
    starts it with ``said``, its words."""
    offer = {"flow": flow.name, "slots": {}, "said": said, "grounds": {}, "waived": ()}
    return Decision(
        DecisionKind.REPLY,
        _with(case, offered=offer),
        (why,),
        replies=(ReplySpec(template, {"request": flow.name}),),
    )


def _offers(flow: FlowSpec, other: FlowSpec) -> bool:
    """Whether a failed check of ``flow`` offers ``other``'s request instead."""
    return any(check.offer == other.name for check in flow.checks)


def _unqueue(case: Case, index: int) -> Case:
    """``case`` without the request waiting at ``index`` in the queue, nor its words."""
    if not 0 <= index < len(case.queued):
        return case
    queued = (*case.queued[:index], *case.queued[index + 1 :])
    texts = case.dialogue.queued_said
    said = (*texts[:index], *texts[index + 1 :])
    gone = texts[index] if index < len(texts) else ""
    together = case.dialogue.together
    if gone.startswith(_MORE_SUBJECT):  # one subject of a request run for several
        subject = gone.removeprefix(_MORE_SUBJECT).split(_WORDS)[0]
        together = tuple(t for t in together if t != subject)
    return _with(replace(case, queued=queued), queued_said=said, together=together)


# A piece of a request's words long enough to tell the message it was cut from.
_PIECE = re.compile(r"(?<=[.!?])\s+")
_PIECE_MIN = 12
_PIECE_LOOKED = 40


def _cut_from(message: str, words: Sequence[str]) -> bool:
    """Whether a piece of ``words`` (their sentences) was cut from ``message``."""
    return any(
        piece[:_PIECE_LOOKED].rstrip(".!?") in message
        for said in words
        for piece in _PIECE.split(said.removeprefix(_LIKELY))
        if len(piece.strip()) >= _PIECE_MIN
    )


def _messages(texts: Sequence[str]) -> str:
    """Messages read together, each its own sentence: a "no" that answered one question does
    not run into the words that answered the next ("no" + "the metal ones")."""
    return " ".join(t if t.rstrip()[-1:] in ".!?" else f"{t.rstrip()}." for t in texts if t.strip())


def _named_again(case: Case, slot: str, found: Resolution, grounds: tuple[Ground, ...]) -> bool:
    """Whether ``found`` may fill ``slot``: any value, unless the slot's value was refused as
    another customer's; then only another value the customer names in their words."""
    if slot not in case.dialogue.refused:
        return True
    named = any(g.source == "said" for g in grounds)
    return named and found.value != case.dialogue.refused[slot]


def _last_done(case: Case) -> str | None:
    """The flow of the conversation's last write, when no request is in progress or waits."""
    writes = case.dialogue.writes
    if case.intent is not None or case.queued or not writes:
        return None
    return str(writes[-1].get("flow") or "") or None


def _written(case: Case, outcome: ActionOutcome) -> dict[str, Any]:
    """What the conversation keeps of a write it made: the flow, the action, its arguments and
    the request's slots (a write's arguments need not name the subject the request was about)."""
    return {
        "flow": case.intent,
        "action": outcome.action,
        "args": dict(outcome.args),
        "slots": dict(case.slots),
    }


def _reused_after(flow: FlowSpec, case: Case) -> dict[str, Any]:
    """The choices a write teaches the requests after it ("card for the difference" holds for
    the next change too): those of its slots that may be reused. Only a write teaches: a
    request resolved but not carried out (waiting behind another, or turned down) lends its
    choice to none ("…the backpack. … That one on my Mastercard" names the card for another
    request, not for the backpack)."""
    reuse = dict(case.dialogue.reuse)
    for spec in flow.slots:
        value = case.slots.get(spec.name)
        if spec.options.get("reuse") and value is not None:
            reuse[spec.resolver] = {
                "value": value,
                "facts": case.dialogue.facts.get(spec.name) or {},
            }
    return reuse


def _with(case: Case, **changes: Any) -> Case:
    """``case`` with its dialogue state changed."""
    return replace(case, dialogue=replace(case.dialogue, **changes))


def _templates(turn: Turn) -> Mapping[str, Any]:
    """The workspace's templates in its language, by name: what it can say."""
    return turn.workspace.templates.get(turn.workspace.config.default_language, {})


def _reason(turn: Turn, reason: str, said: tuple[str, Mapping[str, Any]] | None) -> str | ReplySpec:
    """A refusal's reason as the customer hears it: the workspace's template with the facts
    the business gave (``Refusal.said``), else the business's own words."""
    if said is None or said[0] not in _templates(turn):
        return reason
    return ReplySpec(said[0], dict(said[1]))


def _blank(turn: Turn) -> Understanding:
    """An empty message: a queued request continues from what was said before, not from "yes"."""
    return Understanding(text="", language=turn.understanding.language)


def _question(
    case: Case,
    template: str,
    facts: dict[str, Any],
    reason: str,
    about: str = "",
    again: Sequence[str] = (),
) -> Decision:
    """A question to the customer. Asked again without progress, it comes with what the answer
    may be (template ``ask_again``, with the facts' ``choices``, or else ``again``: what the
    answer may be to a question first asked openly, "Which items should change?"); the third
    time, a person takes over — a customer is never asked the same thing forever."""
    key = f"{template}:{about}"
    before = case.dialogue.question
    times = before.times + 1 if before is not None and before.key == key else 1
    # Beside an offer ("the closest is X — would that work? Other options: …"), a place among
    # the choices says nothing sure: only a plain list can be picked from by its place.
    listed = () if facts.get("offer") is not None else facts.get("choices") or ()
    rephrased = dict(facts)
    if times == _MAX_ASKS - 1 and not listed and again and facts.get("offer") is None:
        # Shown from now on, so an answer may pick among them ("the second one").
        listed = tuple(again)
        rephrased["choices"] = list(again)
    asked = _with(case, question=Asked(key, times, tuple(str(c) for c in listed)))
    if times >= _MAX_ASKS:
        reason = f"asked the same question {times} times without progress ({template})"
        return _handoff(asked, reason, "stuck", facts=facts)
    reply = _reply(asked, template, facts, reason)
    if times == _MAX_ASKS - 1:
        return replace(reply, replies=(ReplySpec("ask_again", rephrased), *reply.replies))
    return reply


def _counted_refusal(before: Case, decision: Decision) -> Decision:
    """``decision``, counted if it turns a request down as the turn before did: the same answer
    ("… is delivered, so it can no longer be changed") given a third time in a row goes to a
    person instead — a customer who keeps asking is never turned down forever."""
    refused = (
        decision.kind is DecisionKind.REPLY
        and decision.case.dialogue.question is None
        and any(r.startswith(_CHECK_FAILED) for r in decision.reasons)
    )
    if not refused:
        d = decision.case.dialogue
        if d.refusal is None and d.turned_down is None:
            return decision
        return replace(decision, case=_with(decision.case, refusal=None, turned_down=None))
    said = [(r.template, r.facts) for r in decision.replies]
    key = hashlib.sha256(json.dumps(said, sort_keys=True, default=str).encode()).hexdigest()
    last = before.dialogue.refusal
    times = last.times + 1 if last is not None and last.key == key else 1
    case = _with(decision.case, refusal=Asked(key, times))
    if times < _MAX_ASKS:
        return replace(decision, case=case)
    reason = f"the same request turned down {times} times in a row ({decision.reasons[0]})"
    return _handoff(case, reason, "stuck", facts=decision.replies[0].facts)


def _stuck(asked: Asked, decision: Decision) -> bool:
    """Whether ``decision`` asks the question ``asked`` once more: the answer moved nothing."""
    after = decision.case.dialogue.question
    return after is not None and after.key == asked.key and after.times > asked.times


def _reply(case: Case, template: str, facts: dict[str, Any], reason: str) -> Decision:
    if template == "change_cancelled":
        # "No problem — I haven't changed anything. Is there anything else …?": a request
        # ended, as a write ends one (``_yes_after_done``).
        case = _with(case, memory={**case.dialogue.memory, _ENDED: True})
    return Decision(DecisionKind.REPLY, case, (reason,), replies=(ReplySpec(template, facts),))


def _handoff(
    case: Case,
    reason: str,
    code: str,
    template: str = "handoff",
    facts: dict[str, Any] | None = None,
) -> Decision:
    return Decision(
        DecisionKind.HANDOFF,
        case,
        (reason,),
        replies=(ReplySpec(template, {**(facts or {}), "code": code}),),
        handoff_reason=reason,
        notes={"code": code},
    )


def _read_parts(turn: Turn) -> tuple[tuple[str, str], ...]:
    """The message's parts, each no request claimed that reads alone as one (``unasked``:
    "Firstly, in my pending order …, I should like the espresso machine …") named by that
    reading: what the message's main request, read from the whole message, was said in."""
    u = turn.understanding
    unasked = {piece: name for name, piece in u.unasked if name}
    return tuple((name or unasked.get(piece, ""), piece) for name, piece in u.parts)


def _about(parts: Sequence[tuple[str, str]], intents: Sequence[str]) -> str:
    """The words of a message's parts asking for one of ``intents``, each with the parts just
    before it that ask for nothing (where the customer says what it is about)."""
    said: list[str] = []
    lead: list[str] = []
    for name, text in parts:
        if not name:
            lead.append(text)
            continue
        if name in intents:
            said += [*lead, text]
        lead = []
    return ". ".join(said)


def _joined(text: str, pieces: Sequence[str], keep: set[int]) -> str:
    """The pieces of ``text`` (its parts, in order) whose places are in ``keep``, as written:
    neighbours with the words between them, others after a full stop."""
    out, end, previous = "", 0, -2
    for index, piece in enumerate(pieces):
        at = text.find(piece, end)
        if at < 0:
            at = -1
        if index in keep:
            if out and previous == index - 1 and at >= 0 and end <= at:
                out += text[end:at] + piece
            else:
                out = f"{out}. {piece}" if out else piece
            previous = index
        if at >= 0:
            end = at + len(piece)
    return out
