"""The shape of ``flows/*.yaml``: one flow per kind of request, declared, not coded."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# A name in the workspace: an intent, a flow, a slot kind, a verification method.
NAME = r"^[a-z][a-z0-9_]*$"
# The names every flow expression already sees (docs/flows.md).
_TAKEN = ("slots", "facts", "user", "user_id", "args", "result", "choices")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlotSpec(_Strict):
    """A value the flow needs: how it is resolved from what the customer said, how to ask for it."""

    name: str = Field(pattern=NAME)
    resolver: str = Field(
        description="a slot kind the workspace's domain pack resolves (docs/domains.md)"
    )
    options: dict[str, Any] = Field(default_factory=dict, description="the resolver's settings")
    ask: str | None = Field(None, description="the template that asks for this slot")
    required: bool = True
    when: str | None = Field(
        None,
        description=(
            "CEL: the slot is needed only when this holds, over what the flow knows by then "
            "(the slots before it, the lookups and values they allow); otherwise it is neither "
            "asked for nor read, and the write's arguments see it missing"
        ),
    )

    @model_validator(mode="after")
    def _asked_if_required(self) -> SlotSpec:
        if self.required and not self.ask:
            raise ValueError(f"slot {self.name!r} is required, so it needs `ask` (a template)")
        return self


class LookupSpec(_Strict):
    """A read action run before checks; its result is available to checks and templates."""

    name: str = Field(pattern=NAME)
    action: str
    args: dict[str, str] = Field(description="argument name → CEL expression over slots, user")


class CheckSpec(_Strict):
    """A condition that must hold (CEL over slots, lookups, user); otherwise ``reply`` and stop.

    With ``redirect``, a failed check hands the request to another flow instead (a "change the
    item" request on a delivered order is an exchange), keeping what the customer said.
    With ``offer``, the reply proposes another flow ("I can cancel it instead"); a yes starts it
    with the slots both flows share and what the customer already said.
    With ``ask_again``, the value of that slot is what failed (a day already past): the reply is
    a question, the slot is forgotten and the request goes on with the customer's next answer.
    """

    when: str
    reply: str
    handoff: bool = False
    redirect: str | None = Field(None, pattern=NAME)
    offer: str | None = Field(None, pattern=NAME)
    ask_again: str | None = Field(
        None, pattern=NAME, description="the slot whose value failed: asked for again"
    )


class ActionStep(_Strict):
    """The write the flow performs once the customer confirmed it."""

    name: str
    args: dict[str, str] = Field(description="argument name → CEL expression")


class FlowSpec(_Strict):
    """One kind of request: what starts it, what it needs, checks, confirms and does."""

    name: str = Field(pattern=NAME)
    description: str = ""
    intents: list[str] = Field(min_length=1)
    identity: Literal["required", "none"] = "required"
    slots: list[SlotSpec] = Field(default_factory=list)
    lookups: list[LookupSpec] = Field(default_factory=list)
    values: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "name → CEL: values worked out after the lookups, in order (each may use those "
            "before it), for the checks, the write's arguments and the replies"
        ),
    )
    checks: list[CheckSpec] = Field(default_factory=list)
    confirm: str | None = None
    action: ActionStep | None = None
    reply: str | None = Field(None, description="the answer for a flow without a write")
    success: str | None = None
    failure: str = "action_refused"
    handoff: str | None = Field(None, description="hand off with this reason instead of acting")
    answers_what_if: bool = Field(
        False,
        description=(
            'answers a request only wondered about ("if I cancelled it, how much would I get '
            'back?") with what the flow tells'
        ),
    )
    keeps_context: bool = Field(
        False,
        description=(
            "for a flow that only answers (a complaint heard, asking for nothing yet): what the "
            "customer said stays as context for the request that follows, so they need not say "
            "it again"
        ),
    )
    after_others: bool = Field(
        False,
        description="asked together with other requests, this one runs after the changes that do "
        "not lock (its write locks what it changes, so they must come first)",
    )
    ends_subject: bool = Field(
        False,
        description=(
            "its write ends its subject (a cancellation): a locking change asked with it waits "
            "for it only when their words may be about the same subject, not when each names "
            "other entries of the catalogue"
        ),
    )
    takes_up_left: bool = Field(
        False,
        description=(
            "what the audit finds the customer's words ask of another subject this request "
            "leaves out (a product of another order named with a change for it) waits its turn "
            "as a request of this kind, with those words, instead of being only noted"
        ),
    )

    @model_validator(mode="after")
    def _consistent(self) -> FlowSpec:
        if self.action is not None and (self.confirm is None or self.success is None):
            raise ValueError("a flow with an action needs 'confirm' and 'success' templates")
        if self.action is None and self.reply is None and self.handoff is None:
            raise ValueError("a flow needs an 'action', a 'reply' or a 'handoff'")
        slots = {s.name for s in self.slots}
        for check in self.checks:
            if check.ask_again is not None and check.ask_again not in slots:
                raise ValueError(
                    f"check {check.when!r}: ask_again names {check.ask_again!r}, which is not "
                    f"a slot of the flow; slots: {', '.join(sorted(slots)) or 'none'}"
                )
        names = [s.name for s in self.slots] + [lk.name for lk in self.lookups]
        if len(names) != len(set(names)):
            raise ValueError("slot and lookup names must be unique within a flow")
        for value in self.values:
            if not re.fullmatch(NAME, value) or value in (*names, *_TAKEN):
                raise ValueError(
                    f"values: {value!r} must be a lower_snake_case name other than a slot's, "
                    f"a lookup's or one the expressions already see ({', '.join(_TAKEN)})"
                )
        return self


class FlowFile(_Strict):
    """``flows/*.yaml``: a list of flows."""

    flows: list[FlowSpec] = Field(min_length=1)
