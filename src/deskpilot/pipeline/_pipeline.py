"""The pipeline: intake → understand → decide ⇄ act → respond / hand off → record.

``do_start_conversation`` and ``do_receive_message`` are the write paths the API, CLI and
workers call. An inbound message is committed before it is processed; processing runs again
for a stored message that failed, and a message already answered returns its stored replies.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from deskpilot.actions import ActionLayer, ActionOutcome, GuardContext, mask_line
from deskpilot.domain import (
    Case,
    CaseId,
    CaseStatus,
    ChannelIdentity,
    Conversation,
    ConversationId,
    Customer,
    CustomerId,
    Direction,
    EventType,
    Handoff,
    Message,
    MessageId,
    MessageStatus,
    Understanding,
    Upload,
    Verification,
    files_event,
    new_id,
    utcnow,
)
from deskpilot.errors import ConflictError, DeskpilotError, InputError
from deskpilot.pipeline._challenges import CodeChallenges
from deskpilot.pipeline._codes import OneTimeCodes
from deskpilot.pipeline._handoff import build_packet
from deskpilot.pipeline._locks import ThreadTurnLocks, TurnLocks
from deskpilot.pipeline._protocols import (
    ActionRequest,
    Decider,
    Decision,
    DecisionKind,
    ReplySpec,
    Responder,
    Turn,
    Understander,
    UnderstandingContext,
)
from deskpilot.pipeline._reading import (
    TurnReader,
    case_event,
    confirmation_nonce,
    understanding_record,
)
from deskpilot.pipeline._turns import (
    DraftSink,
    HandoffSink,
    ProcessingFailed,
    TurnListener,
    TurnQueue,
    TurnResult,
)
from deskpilot.store import CaseRecorder, Database, Repository
from deskpilot.workspace import Workspace

logger = logging.getLogger(__name__)

MAX_STEPS = 8
# A message stored this long ago and still not answered was dropped by a crash: retry it. A
# turn takes milliseconds, and one still in flight holds its conversation's turn lock (across
# processes on PostgreSQL: ``_locks.py``), so the retry waits for it and then finds it answered.
STALE_AFTER = timedelta(seconds=15)
MAX_TEXT = 5000


class Pipeline:
    """Runs every stage for one message; the components are chosen at start-up."""

    def __init__(
        self,
        db: Database,
        workspace: Workspace,
        actions: ActionLayer,
        understander: Understander,
        decider: Decider,
        responder: Responder,
        *,
        max_attempts: int = 3,
        handoff_sink: HandoffSink | None = None,
        draft_sink: DraftSink | None = None,
        locks: TurnLocks | None = None,
        turn_queue: TurnQueue | None = None,
        turn_wait_seconds: float = 25.0,
        turn_listener: TurnListener | None = None,
    ) -> None:
        self.db = db
        self.workspace = workspace
        self.actions = actions
        self.understander = understander
        self.decider = decider
        self.responder = responder
        self.max_attempts = max_attempts
        self.handoff_sink = handoff_sink
        self.draft_sink = draft_sink
        code_config = workspace.config.identity.one_time_code
        resend = workspace.vocabulary.dialogue.resend_code
        self.challenges = (
            None
            if code_config is None
            else CodeChallenges(
                OneTimeCodes(code_config, resend), db, workspace, actions, responder
            )
        )
        self.locks = locks or ThreadTurnLocks()
        self.turn_queue = turn_queue
        self.turn_wait_seconds = turn_wait_seconds
        self.turn_listener = turn_listener

    # -- intake -------------------------------------------------------------------------------
    def do_start_conversation(self, channel: str, handle: str | None) -> Conversation:
        """Open a conversation; a known channel identity joins that customer's open case."""
        with self.db.transaction() as repo:
            customer_id = repo.customer_id_for(ChannelIdentity(channel, handle)) if handle else None
            case_id = None
            if customer_id is None:
                customer_id = CustomerId(new_id("cus"))
                identities = (ChannelIdentity(channel, handle),) if handle else ()
                repo.insert_customer(Customer(id=customer_id, identities=identities))
            else:
                # A customer made just now has no case to join.
                case_id = repo.open_case_for(customer_id)
            if case_id is None:
                case = Case(id=CaseId(new_id("case")), customer_id=customer_id)
                repo.insert_case(case)
                case_id = case.id
            else:
                self._unverify_on_join(repo, case_id)
            conversation = Conversation(
                id=ConversationId(new_id("conv")),
                channel=channel,
                handle=handle,
                customer_id=customer_id,
                case_id=case_id,
            )
            repo.insert_conversation(conversation)
            repo.append_events(
                [
                    case_event(
                        case_id,
                        None,
                        EventType.CONVERSATION_STARTED,
                        {"conversation_id": conversation.id, "channel": channel},
                    )
                ]
            )
        return conversation

    def do_verify_case(
        self, case_id: CaseId, user_id: str, method: str, *, carried: Case | None = None
    ) -> Case:
        """Record that the customer of ``case_id`` is ``user_id``, proven by ``method`` (an
        identity the business's own site signed), before they write anything; or, with
        ``carried``, as that earlier case of the same channel session was verified (its method
        and time kept, so the guard asks no less of the new case than of the old)."""
        with self.db.transaction() as repo:
            case, version = repo.get_case(case_id)
            proof = Verification(user_id, method)
            if carried is not None and carried.verification is not None:
                proof = carried.verification
            verified = replace(case, verification=proof)
            repo.save_case(verified, version)
            repo.set_store_user(case.customer_id, proof.user_id)
            data = {"method": proof.method}
            if carried is not None:
                data["carried_from"] = carried.id
            repo.append_events([case_event(case_id, None, EventType.CUSTOMER_VERIFIED, data)])
        return verified

    @staticmethod
    def _unverify_on_join(repo: Repository, case_id: CaseId) -> None:
        """A new conversation joining an open case (the same handle again) does not inherit
        who the customer was verified as, nor a write waiting for their yes: whoever writes
        in it proves who they are again. Knowing a handle (a phone number, a session id) is
        no proof."""
        case, version = repo.get_case(case_id)
        if case.verification is None and case.pending_confirmation is None:
            return
        dialogue = replace(case.dialogue, identity={}, name_candidates=())
        repo.save_case(
            replace(case, verification=None, pending_confirmation=None, dialogue=dialogue),
            version,
        )
        data = {"reason": "a new conversation joined the case: verification is asked again"}
        repo.append_events([case_event(case_id, None, EventType.CASE_UPDATED, data)])

    def do_receive_message(
        self,
        conversation_id: str,
        text: str,
        external_id: str | None = None,
        attachments: Sequence[Upload] = (),
    ) -> TurnResult:
        """Store the message (with its checked ``attachments``, in the same transaction),
        process it, and return the replies (stored ones for a duplicate). A message of files
        alone may have no text."""
        if not text.strip() and not attachments:
            raise InputError("text must not be empty")
        if len(text) > MAX_TEXT:
            raise InputError(f"text is {len(text)} characters; at most {MAX_TEXT} are accepted")
        if self.turn_queue is not None:
            return self._receive_for_worker(conversation_id, text, external_id, attachments)
        with self.locks.hold(conversation_id):
            stored = self._store(conversation_id, text, external_id, attachments)
            if isinstance(stored, TurnResult):
                return stored
            return self._process(*stored)

    def _store(
        self,
        conversation_id: str,
        text: str,
        external_id: str | None,
        attachments: Sequence[Upload],
    ) -> tuple[Conversation, Message, tuple[Case, int]] | TurnResult:
        """Commit the inbound message; a duplicate already answered: its stored turn. With the
        message: its conversation, and its case as read in the same transaction (the turn
        starts from it rather than reading it again)."""
        with self.db.transaction() as repo:
            conversation = repo.get_conversation(conversation_id)
            message, answered, case = self._intake(repo, conversation, text, external_id)
            if answered is None and attachments and not repo.attachments_of([message.id]):
                stored = repo.insert_attachments(message, attachments)
                repo.append_events([files_event(message, stored, actor="customer")])
            if answered is not None:
                return TurnResult(message, tuple(answered), True, case[0])
        return conversation, message, case

    def _receive_for_worker(
        self,
        conversation_id: str,
        text: str,
        external_id: str | None,
        attachments: Sequence[Upload],
    ) -> TurnResult:
        """Store the message (nothing is lost whatever happens next), queue its turn, and wait
        a bounded time for a worker's replies. A broker that cannot take the turn: this
        process takes it, under the same turn lock."""
        assert self.turn_queue is not None
        stored = self._store(conversation_id, text, external_id, attachments)
        if isinstance(stored, TurnResult):
            return stored
        conversation, message, _ = stored
        try:
            self.turn_queue.submit(conversation.id, message.id)
        except Exception:
            logger.warning(
                "the turn queue did not take message %s; this process answers it",
                message.id,
                exc_info=True,
            )
            return self.take_turn(conversation.id, message.id)
        return self._await_turn(message)

    def _await_turn(self, message: Message) -> TurnResult:
        """The replies to a queued message once a worker answered it; ``queued`` after
        ``turn_wait_seconds`` without them."""
        listener = self.turn_listener
        watch = None if listener is None else listener.watch(message.conversation_id)
        deadline = time.monotonic() + self.turn_wait_seconds
        # Heard of, the answer is looked at at once; the looks in between (every second at
        # most) cover an announcement lost. Without an ear, looks grow from 10 ms to 200 ms.
        pause, longest = (0.01, 0.2) if watch is None else (0.25, 1.0)
        try:
            while True:
                # Each look reads the message alone (many requests may wait at once); the
                # case and the replies are read once, at the end.
                with self.db.transaction() as repo:
                    current = repo.get_message(message.id)
                answered = current.status in (MessageStatus.PROCESSED, MessageStatus.GAVE_UP)
                left = deadline - time.monotonic()
                if answered or left <= 0:
                    break
                if watch is None:
                    time.sleep(min(pause, left))
                else:
                    watch.wait(min(pause, left))
                pause = min(pause * 1.5, longest)
        finally:
            if watch is not None:
                watch.close()
        with self.db.transaction() as repo:
            case, _ = repo.get_case(current.case_id)
            if not answered:
                return TurnResult(current, (), False, case, queued=True)
            replies = tuple(repo.replies_to(current.id))
        published = self.turn_listener is not None
        return TurnResult(current, replies, False, case, published=published)

    def take_turn(self, conversation_id: str, message_id: str) -> TurnResult:
        """A worker's turn: under the conversation's turn lock, answer every stored message
        of the conversation still unanswered, oldest first, up to ``message_id`` (so the order
        holds whichever worker takes which turn). A message already answered is answered
        again by nobody: a turn delivered twice returns its stored replies. A failure a
        retry may fix raises ``ProcessingFailed`` (the message kept for the retry)."""
        with self.locks.hold(conversation_id):
            with self.db.transaction() as repo:
                conversation = repo.get_conversation(conversation_id)
                target = repo.get_message(MessageId(message_id))
                waiting = [
                    m
                    for m in repo.list_messages(conversation.id)
                    if m.direction is Direction.INBOUND
                    and m.status in (MessageStatus.RECEIVED, MessageStatus.FAILED)
                    and (m.created_at, m.id) <= (target.created_at, target.id)
                ]
            for message in waiting:
                if message.attempts >= self.max_attempts:
                    self._tell(message, self._give_up(conversation, message))
                    continue
                try:
                    self._tell(message, self._process(conversation, message).replies)
                except ProcessingFailed:
                    if message.attempts + 1 < self.max_attempts:
                        raise
                    tried = replace(message, attempts=message.attempts + 1)
                    self._tell(message, self._give_up(conversation, tried))
            with self.db.transaction() as repo:
                done = repo.get_message(target.id)
                case, _ = repo.get_case(conversation.case_id)
                replies = tuple(repo.replies_to(done.id))
        published = self.turn_listener is not None
        return TurnResult(done, replies, False, case, published=published)

    def _tell(self, message: Message, replies: Sequence[Message]) -> None:
        """Hand a committed turn's replies to the listener (the live bus), if there is one."""
        if self.turn_listener is None:
            return
        try:
            self.turn_listener.on_answered(message, replies)
        except Exception:
            # The turn has committed: the customer sees the replies on their next load.
            logger.exception("telling the replies to message %s failed", message.id)

    def _intake(
        self, repo: Repository, conversation: Conversation, text: str, external_id: str | None
    ) -> tuple[Message, list[Message] | None, tuple[Case, int]]:
        """The message stored (or the one stored before under ``external_id``), the replies
        of one already answered, and the case with its version as this transaction read it."""
        case = repo.get_case(conversation.case_id)
        if external_id is not None:
            existing = repo.find_inbound(conversation.channel, external_id)
            if existing is not None:
                if existing.conversation_id != conversation.id or existing.text != text:
                    raise ConflictError(
                        f"external_id {external_id!r} was already used for a different message",
                        external_id=external_id,
                    )
                if existing.status in (MessageStatus.PROCESSED, MessageStatus.GAVE_UP):
                    repo.append_events(
                        [case_event(existing.case_id, existing.id, EventType.MESSAGE_DUPLICATE, {})]
                    )
                    return existing, repo.replies_to(existing.id), case
                return existing, None, case
        # The proposal on the customer's screen as they wrote: the only one their yes may confirm.
        waiting = case[0].pending_confirmation
        message = Message(
            id=MessageId(new_id("msg")),
            conversation_id=conversation.id,
            case_id=conversation.case_id,
            direction=Direction.INBOUND,
            channel=conversation.channel,
            text=text,
            external_id=external_id,
            answers=None if waiting is None or waiting.held else waiting.id,
        )
        repo.insert_message(message)
        repo.append_events(
            [
                case_event(
                    message.case_id,
                    message.id,
                    EventType.MESSAGE_RECEIVED,
                    {"channel": message.channel, "chars": len(text)},
                    actor="customer",
                )
            ]
        )
        return message, None, case

    # -- processing ---------------------------------------------------------------------------
    def _process(
        self, conversation: Conversation, message: Message, case: tuple[Case, int] | None = None
    ) -> TurnResult:
        """Process a stored message; ``case``: the case and its version read when the message
        was stored, under the same turn lock (read again when not given). A change to the case
        since then fails the turn's save (the version), which the retry takes again."""
        recorder = CaseRecorder(self.db, conversation.case_id, message.id)
        try:
            return self._run_stages(conversation, message, recorder, case)
        except Exception as exc:
            self._record_failure(message, exc)
            raise ProcessingFailed(
                "the message is stored but could not be processed yet; it will be retried",
                message_id=message.id,
            ) from exc

    def _run_stages(
        self,
        conversation: Conversation,
        message: Message,
        recorder: CaseRecorder,
        known: tuple[Case, int] | None,
    ) -> TurnResult:
        if known is None:
            with self.db.transaction() as repo:
                known = repo.get_case(conversation.case_id)
        case, version = known
        language = self.workspace.config.default_language
        if case.status is CaseStatus.HANDED_OFF:
            return self._with_person(message, case, recorder)
        if not message.text.strip():
            return self._files_only(message, case, recorder)
        understanding = self.understander.understand(
            message.text, UnderstandingContext(case=case, language=language)
        )
        recorder.emit(EventType.UNDERSTANDING, understanding_record(understanding), actor="nlu")
        if case.challenge is not None:
            decision = self._answer_code(case, understanding, message, recorder)
        else:
            decision = self._decide_and_act(case, understanding, recorder, message.answers)
        return self._finish(conversation, message, case, version, decision, recorder, understanding)

    def _with_person(self, message: Message, case: Case, recorder: CaseRecorder) -> TurnResult:
        """A person holds the case: the bot stays silent; the message is kept and recorded."""
        attempts = message.attempts + 1
        with self.db.transaction() as repo:
            recorder.drain_into(repo)
            repo.set_message_status(message.id, MessageStatus.PROCESSED, attempts=attempts)
        if self.handoff_sink is not None:
            self.handoff_sink.on_customer_message(case, message)
        done = replace(message, status=MessageStatus.PROCESSED, attempts=attempts)
        return TurnResult(done, (), False, case)

    def _files_only(self, message: Message, case: Case, recorder: CaseRecorder) -> TurnResult:
        """Files without words while the automation holds the case: kept for the person who
        takes it over; there is nothing for the automation to understand, so it stays silent."""
        attempts = message.attempts + 1
        with self.db.transaction() as repo:
            recorder.drain_into(repo)
            repo.set_message_status(message.id, MessageStatus.PROCESSED, attempts=attempts)
        done = replace(message, status=MessageStatus.PROCESSED, attempts=attempts)
        return TurnResult(done, (), False, case)

    def _decide_and_act(
        self,
        case: Case,
        understanding: Understanding,
        recorder: CaseRecorder,
        answers: str | None = None,
        outcomes: Sequence[ActionOutcome] = (),
    ) -> Decision:
        """Decide, run the action decided (through the guard), decide again with its outcome,
        until a decision needs no action; ``outcomes``: a write that already ran this turn."""
        outcomes = list(outcomes)
        for _ in range(MAX_STEPS):
            read = TurnReader(self.actions, recorder, understanding)
            decision = self.decider.decide(
                Turn(case, understanding, tuple(outcomes), self.workspace, read, answers)
            )
            if decision.case.verification and not case.verification:
                recorder.emit(
                    EventType.CUSTOMER_VERIFIED,
                    {"method": decision.case.verification.method},
                    actor="bot",
                )
            case = decision.case
            recorder.emit(
                EventType.DECISION,
                {
                    "kind": decision.kind.value,
                    "reasons": list(decision.reasons),
                    # the evidence quotes the customer: e-mails and numbers masked in the log
                    "commands": [mask_line(c) for c in decision.notes.get("commands", [])],
                    # the requests the message started, by intent (read by the console)
                    "started": list(decision.notes.get("started", [])),
                    "action": None if decision.action is None else decision.action.name,
                },
                actor="bot",
            )
            if decision.kind is not DecisionKind.ACT or decision.action is None:
                return decision
            outcome = self._run_as_bot(case, decision.action, understanding, recorder)
            if outcome.refusal_code == "needs_stronger_verification":
                challenged = (
                    None
                    if self.challenges is None
                    else self.challenges.challenge(case, decision.action, recorder)
                )
                if challenged is not None:
                    return challenged
            outcomes.append(outcome)
        return Decision(
            DecisionKind.HANDOFF,
            case,
            ("too many steps in one turn",),
            replies=(ReplySpec("handoff", {"code": "loop"}),),
            handoff_reason="the automation did not settle on an answer",
        )

    def _run_as_bot(
        self,
        case: Case,
        action: ActionRequest,
        understanding: Understanding,
        recorder: CaseRecorder,
    ) -> ActionOutcome:
        """Run a decided action through the guard as the automation; a failure a retry may
        fix fails the turn (the message is retried)."""
        ctx = GuardContext(
            case=case,
            actor="bot",
            sentiment=understanding.sentiment,
            categories=understanding.categories,
        )
        outcome = self.actions.call(
            action.name,
            action.args,
            ctx,
            recorder,
            nonce=confirmation_nonce(case, action.name),
        )
        if outcome.retryable:
            raise ProcessingFailed(f"{outcome.action} failed and may succeed on retry")
        return outcome

    # -- one-time codes --------------------------------------------------------------------
    def _answer_code(
        self, case: Case, understanding: Understanding, message: Message, recorder: CaseRecorder
    ) -> Decision:
        """The message while a write waits for its code (``CodeChallenges.answer``): the right
        code runs the write, and the turn decides on with its outcome."""
        assert self.challenges is not None
        answer = self.challenges.answer(case, message, recorder)
        if isinstance(answer, Decision):
            return answer
        proven, action = answer
        outcome = self._run_as_bot(proven, action, understanding, recorder)
        return self._decide_and_act(
            proven, understanding, recorder, message.answers, outcomes=(outcome,)
        )

    def _finish(
        self,
        conversation: Conversation,
        message: Message,
        case: Case,
        version: int,
        decision: Decision,
        recorder: CaseRecorder,
        understanding: Understanding | None,
    ) -> TurnResult:
        language = self.workspace.config.default_language
        texts = [self.responder.render(r, language) for r in decision.replies]
        drafts: list[str] = []
        if decision.review and self.draft_sink is not None and texts:
            drafts, texts = texts, [self.responder.render(ReplySpec("review_pending"), language)]
        was_verified = case.verification is not None
        stored, case = case, decision.case
        if drafts and case.pending_confirmation is not None:
            # The proposal goes to a person first: no "yes" confirms what the customer has
            # not seen (the draft's approval shows it).
            case = replace(case, pending_confirmation=replace(case.pending_confirmation, held=True))
        handed_off = decision.kind is DecisionKind.HANDOFF and understanding is not None
        with self.db.transaction() as repo:
            if handed_off and understanding is not None:
                case = self._handoff(repo, conversation, case, decision, understanding, recorder)
            if decision.kind is DecisionKind.CLARIFY:
                recorder.emit(EventType.CLARIFICATION_REQUESTED, {}, actor="bot")
            replies = self._store_replies(repo, conversation, message, case, texts, recorder)
            if case.verification is not None and not was_verified:
                repo.set_store_user(case.customer_id, case.verification.user_id)
            recorder.drain_into(repo)
            repo.save_case(case, version, stored=stored)
            repo.set_message_status(
                message.id, MessageStatus.PROCESSED, attempts=message.attempts + 1
            )
        if handed_off and self.handoff_sink is not None and case.handoff is not None:
            replies.extend(self.handoff_sink.on_handoff(case, case.handoff.packet))
        for text in drafts:
            assert self.draft_sink is not None
            try:
                self.draft_sink.do_create_draft(case.id, message.id, text, actor="bot")
            except DeskpilotError:
                # The turn has committed; failing it now would answer the message twice.
                logger.exception("storing a draft for message %s failed", message.id)
        done = replace(message, status=MessageStatus.PROCESSED, attempts=message.attempts + 1)
        return TurnResult(done, tuple(replies), False, case)

    def _handoff(
        self,
        repo: Repository,
        conversation: Conversation,
        case: Case,
        decision: Decision,
        understanding: Understanding,
        recorder: CaseRecorder,
    ) -> Case:
        reason = decision.handoff_reason or "handed off"
        code = str(decision.notes.get("code", "handoff"))
        transcript = [
            ("customer" if m.direction is Direction.INBOUND else "bot", m.text)
            for m in repo.list_messages(conversation.id)
        ]
        packet = build_packet(
            case, understanding, reason, code, repo.list_action_calls(case.id), transcript
        )
        queue = self.workspace.config.handoff_queue
        recorder.emit(
            EventType.HANDOFF, {"reason": reason, "code": code, "queue": queue}, actor="bot"
        )
        # The packet keeps the pending confirmation for the person; the customer's consent is
        # not carried over: after a hand-off (and a hand-back) a "yes" must be asked again.
        return replace(
            case,
            status=CaseStatus.HANDED_OFF,
            handoff=Handoff(reason=reason, queue=queue, packet=packet),
            pending_confirmation=None,
        )

    @staticmethod
    def _store_replies(
        repo: Repository,
        conversation: Conversation,
        message: Message,
        case: Case,
        texts: list[str],
        recorder: CaseRecorder,
    ) -> list[Message]:
        replies = []
        for text in texts:
            reply = Message(
                id=MessageId(new_id("msg")),
                conversation_id=conversation.id,
                case_id=case.id,
                direction=Direction.OUTBOUND,
                channel=conversation.channel,
                text=text,
                status=MessageStatus.SENT,
                reply_to=message.id,
            )
            repo.insert_message(reply)
            recorder.emit(EventType.MESSAGE_SENT, {"message_id": reply.id}, actor="bot")
            replies.append(reply)
        return replies

    def _record_failure(self, message: Message, exc: BaseException) -> None:
        attempts = message.attempts + 1
        code = exc.code if isinstance(exc, DeskpilotError) else type(exc).__name__
        logger.exception("processing message %s failed (attempt %s)", message.id, attempts)
        with self.db.transaction() as repo:
            repo.set_message_status(message.id, MessageStatus.FAILED, attempts=attempts, error=code)
            repo.append_events(
                [
                    case_event(
                        message.case_id,
                        message.id,
                        EventType.PROCESSING_FAILED,
                        {"attempt": attempts, "error": code},
                        actor="system",
                    )
                ]
            )

    # -- the retry worker ---------------------------------------------------------------------
    def retry_failed(self) -> int:
        """Process again every unanswered message with attempts left; give up into a hand-off.

        Unanswered means failed, or stored but never finished (the process died in between).
        A message out of attempts is handed to a person with an apology; if even that fails,
        it stays failed and the next pass tries again — never silence.
        """
        stale = utcnow() - STALE_AFTER
        with self.db.transaction() as repo:
            due = repo.messages_to_retry(stale)
        done = 0
        for message in due:
            with self.locks.hold(message.conversation_id):
                with self.db.transaction() as repo:
                    conversation = repo.get_conversation(message.conversation_id)
                    current = repo.get_message(message.id)
                if current.status not in (MessageStatus.FAILED, MessageStatus.RECEIVED):
                    continue
                try:
                    if current.attempts >= self.max_attempts:
                        self._tell(current, self._give_up(conversation, current))
                        continue
                    self._tell(current, self._process(conversation, current).replies)
                    done += 1
                except ProcessingFailed:
                    if current.attempts + 1 >= self.max_attempts:
                        self._try_give_up(conversation, current)
                except DeskpilotError:
                    logger.exception("giving up on message %s failed; retried later", message.id)
        return done

    def _try_give_up(self, conversation: Conversation, message: Message) -> None:
        try:
            self._tell(message, self._give_up(conversation, message))
        except DeskpilotError:
            logger.exception("giving up on message %s failed; retried later", message.id)

    def _give_up(self, conversation: Conversation, message: Message) -> list[Message]:
        """After the last failed attempt: a hand-off with an apology, never silence; the
        replies stored."""
        text = self.responder.render(
            ReplySpec("handoff", {"code": "technical"}), self.workspace.config.default_language
        )
        with self.db.transaction() as repo:
            case, version = repo.get_case(conversation.case_id)
            recorder = CaseRecorder(self.db, case.id, message.id)
            understanding = Understanding(text=message.text)
            decision = Decision(
                DecisionKind.HANDOFF,
                case,
                ("processing kept failing",),
                handoff_reason="processing the message kept failing",
                notes={"code": "technical"},
            )
            case = self._handoff(repo, conversation, case, decision, understanding, recorder)
            replies = self._store_replies(repo, conversation, message, case, [text], recorder)
            recorder.drain_into(repo)
            repo.save_case(case, version)
            repo.set_message_status(message.id, MessageStatus.GAVE_UP, attempts=message.attempts)
        if self.handoff_sink is not None and case.handoff is not None:
            replies.extend(self.handoff_sink.on_handoff(case, case.handoff.packet))
        return replies
