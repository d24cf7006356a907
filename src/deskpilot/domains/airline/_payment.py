"""The ``payment_method`` slot kind: which of the customer's own methods pays a change.

A change to a reservation (its bags, its cabin) is paid, or refunded, through one credit card
or gift card of the customer's profile, never a travel certificate, and a gift card must hold
the amount to pay. The amount is the flow's to work out: the slot's option ``charge`` names the
flow value that holds it (0 for a refund, which any gift card can receive), ``refund`` the one
that holds a refund (the engine hands the values to a slot needed only when, ``when:``); the
options ``ask_template``, ``short_template`` and ``certificate_template`` name the flow's own
questions. The resolver takes the method the customer's words name (its brand, its last
digits, "my gift card"); when they name none, the one method that can pay, or the choices to
ask about. It never guesses:
nothing is taken for a customer who named nothing while the amount is not known.

A new booking may be paid with a certificate too (option ``certificates``: one that holds the
amount; it is spent whole, and the remainder lost is a fact, ``certificate_lost``), and is
never paid by a method the customer did not name (option ``ask``: even their only method that
can pay is asked about).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from deskpilot.domain import Ground
from deskpilot.flows import Resolution, SlotContext

from ._common import CERTIFICATE, GIFT_CARD

CREDIT_CARD = "credit_card"
# The workspace's templates for the questions this kind asks (with ``choices`` and ``charge``;
# ``named``, the method turned down, for the last two).
ASK = "ask_payment_method"
SHORT = "gift_card_short"
NOT_CERTIFICATE = "payment_not_certificate"
# A kind of method named in general: every method of that kind the customer has.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (GIFT_CARD, re.compile(r"\bgift ?cards?\b", re.I)),
    (CERTIFICATE, re.compile(r"\b(?:travel )?(?:certificates?|vouchers?)\b", re.I)),
    (CREDIT_CARD, re.compile(r"(?<!gift )\b(?:credit ?cards?|debit ?cards?|cards?)\b", re.I)),
)
_DIGITS = re.compile(r"\b\d{4,7}\b")


def method_label(method: Mapping[str, Any]) -> str:
    """A method as the customer knows it: "Visa credit card ending 7447", "gift card ending
    1239 ($87.00 left)", "travel certificate ending 6383 ($250.00)"."""
    source = method.get("source")
    ending = str(method.get("id", ""))[-4:]
    if source == CREDIT_CARD:
        return (
            f"{str(method.get('brand', '')).title()} credit card ending {method.get('last_four')}"
        )
    if source == GIFT_CARD:
        return f"gift card ending {ending} (${float(method.get('amount', 0)):.2f} left)"
    return f"travel certificate ending {ending} (${float(method.get('amount', 0)):.2f})"


def _digits_of(method: Mapping[str, Any]) -> set[str]:
    """The digits a customer may give for a method: a card's last four; a gift card's or a
    certificate's number, whole or its last four."""
    if method.get("source") == CREDIT_CARD:
        return {str(method.get("last_four", ""))}
    number = str(method.get("id", "")).rsplit("_", 1)[-1]
    return {number, number[-4:]}


def named_methods(ctx: SlotContext, methods: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The customer's methods their words name, not ruled out ("not the gift card"): method
    id → the words that name it. Its id, or its digits, name one alone."""
    text = ctx.text
    found: dict[str, str] = {}
    for method_id in methods:
        at = text.lower().find(method_id.lower())
        if at >= 0 and not ctx.phrasing.negated(text, at):
            return {method_id: text[at : at + len(method_id)]}
    for m in _DIGITS.finditer(text):
        if ctx.phrasing.negated(text, m.start()):
            continue
        for method_id, method in methods.items():
            if m.group() in _digits_of(method):
                found[method_id] = m.group()
    if found:
        return found
    for method_id, method in methods.items():
        brand = str(method.get("brand", ""))
        if brand:
            for m in re.finditer(rf"\b{re.escape(brand)}\b", text, re.I):
                if not ctx.phrasing.negated(text, m.start()):
                    found[method_id] = m.group()
    if found:
        return found
    for source, pattern in _KINDS:
        for m in pattern.finditer(text):
            if ctx.phrasing.negated(text, m.start()):
                continue
            for method_id, method in methods.items():
                if method.get("source") == source:
                    found.setdefault(method_id, m.group())
    return found


def _charge(ctx: SlotContext, option: str = "charge") -> float | None:
    """The amount to pay (or, for ``refund``, to give back), from the flow value the slot's
    option names."""
    name = ctx.options.get(option)
    value = ctx.known.get(name) if isinstance(name, str) else None
    return float(value) if isinstance(value, int | float) else None


def resolve_payment_method(ctx: SlotContext) -> Resolution | None:
    """The credit card or gift card that pays: the one the customer named, if it can (a
    certificate never can, a gift card only with the balance); else, with an amount to pay,
    the only one of theirs that can; otherwise the ones that can, to ask about."""
    if ctx.user is None:
        return None
    methods: Mapping[str, Mapping[str, Any]] = ctx.user.get("payment_methods", {})
    charge = _charge(ctx)

    certificates = bool(ctx.options.get("certificates"))

    def pays(method_id: str) -> bool:
        method = methods[method_id]
        if method.get("source") == GIFT_CARD or (
            certificates and method.get("source") == CERTIFICATE
        ):
            return charge is None or float(method.get("amount", 0)) >= charge
        return method.get("source") == CREDIT_CARD

    payable = [m for m in methods if pays(m)]
    labels = tuple(method_label(methods[m]) for m in payable)
    named = named_methods(ctx, methods)
    if named:
        can = [m for m in named if pays(m)]
        if len(can) == 1:
            method = methods[can[0]]
            said = (Ground.said(named[can[0]]),)
            facts = {"method": method_label(method), **_left_over(method, charge)}
            return Resolution(value=can[0], facts=facts, grounds=said)
        if can:
            listed = tuple(method_label(methods[m]) for m in can)
            return Resolution(choices=listed, problem=_ask(ctx), facts=_amount(ctx, charge))
        first = methods[next(iter(named))]
        certificate = first.get("source") == CERTIFICATE and not certificates
        problem = _template(ctx, "certificate", NOT_CERTIFICATE) if certificate else _short(ctx)
        facts = {"named": method_label(first), **_amount(ctx, charge)}
        return Resolution(choices=labels, problem=problem, facts=facts)
    if charge is None:
        return None  # nothing named, and nothing known to pay: nothing is chosen for them
    if len(payable) == 1 and ctx.case.verification is not None and not ctx.options.get("ask"):
        # Their only method that can pay, stated in the confirmation before any yes.
        own = (Ground.record("user", ctx.case.verification.user_id),)
        method = methods[payable[0]]
        return Resolution(value=payable[0], facts={"method": method_label(method)}, grounds=own)
    # The question says what there is to pay, so the customer chooses knowing it.
    return Resolution(choices=labels, problem=_ask(ctx), facts=_amount(ctx, charge))


def _left_over(method: Mapping[str, Any], charge: float | None) -> dict[str, Any]:
    """What a certificate holds beyond the charge: it is spent whole, so that much is lost."""
    if method.get("source") != CERTIFICATE or charge is None:
        return {}
    return {"certificate_lost": f"{float(method.get('amount', 0)) - charge:.2f}"}


def _template(ctx: SlotContext, problem: str, default: str) -> str:
    """The template a flow names for a question (its slot's option ``<problem>_template``:
    a cabin's difference is not a bag fee), else the bag fee's."""
    name = ctx.options.get(f"{problem}_template")
    return name if isinstance(name, str) else default


def _ask(ctx: SlotContext) -> str:
    return _template(ctx, "ask", ASK)


def _short(ctx: SlotContext) -> str:
    return _template(ctx, "short", SHORT)


def _amount(ctx: SlotContext, charge: float | None) -> dict[str, Any]:
    """The amount to pay, or to give back, as the questions say it, when it is known."""
    refund = _charge(ctx, "refund")
    if refund:
        return {"refund": f"{refund:.2f}"}
    return {} if charge is None else {"charge": f"{charge:.2f}"}
