"""What the flow engine knows of the store: its slot kinds, their resolvers and roles, the
records they read, and the evidence audit of its proposals."""

from __future__ import annotations

from functools import partial

from deskpilot.flows import DomainKnowledge, Phrasing, RecordRead, SlotKind
from deskpilot.workspace import Workspace

from ._evidence import EvidenceAudit
from ._grounds import grounded_all
from ._order_words import OrderWords
from ._resolvers import (
    describes_order,
    item_choices,
    method_choices,
    order_choices,
    payment_moved,
    resolve_address,
    resolve_order,
    resolve_order_items,
    resolve_payment_method,
    resolve_variant_filter,
    resolve_variants,
    resolvers,
)
from ._variants import scales_of
from ._wished import WishedVariant


def knowledge(workspace: Workspace) -> DomainKnowledge:
    """The store's ``DomainKnowledge``, reading the workspace's vocabulary. The kinds marked
    ``audited`` are those the evidence audit has rules for (``EvidenceAudit.KINDS``)."""
    scales = scales_of(workspace.vocabulary.scales, workspace.vocabulary.aliases.names)
    words = workspace.vocabulary
    # The resolvers' words, compiled once for the workspace: its resolvers and its audit read them.
    # What points at an order (a model's "my order with the kettle and the lamp") is told by
    # each conversation's catalogue (``model_in``), as the audit and the engine's phrasing do.
    orders = OrderWords.of(words.resolvers)
    audit = EvidenceAudit(
        words.evidence, scales, words.aliases.options, Phrasing(words.dialogue), orders
    )
    # The variants proposed keep to the words the audit checks: what was ruled out is not
    # chosen, and "the biggest" is the biggest there is.
    variants = partial(
        resolve_variants,
        words=orders,
        vet=audit.fits_words,
        ruled=audit.ruled_out_at,
        scales=scales,
        qualities=audit.qualities,
        each_unit=audit.each_unit,
        conditions=audit.conditions,
    )
    return DomainKnowledge(
        resolvers=grounded_all(
            {
                **resolvers(orders),
                "variants": variants,
                "payment_method": lambda ctx: resolve_payment_method(
                    ctx,
                    words=orders,
                    history=audit.without_history,
                    weighs=audit.weighs,
                    model=audit.model_in(ctx),
                ),
                "order": lambda ctx: resolve_order(
                    ctx,
                    words=orders,
                    aside=audit.set_aside,
                    model=audit.model_in(ctx),
                    exactly=audit.exactly_at,
                    states=audit.states_said,
                    kept=audit.kept,
                ),
                "order_items": partial(
                    resolve_order_items,
                    words=orders,
                    every=audit.asks_every_item,
                    aside=audit.set_aside,
                    scales=scales,
                    kept=audit.kept,
                ),
                "variant_filter": partial(resolve_variant_filter, scales=scales),
                "address": lambda ctx: resolve_address(
                    ctx, words=orders, model=audit.model_in(ctx)
                ),
            }
        ),
        kinds={
            "order": SlotKind(
                subject=True,
                # the reason for a cancellation is the reason for that order
                dependents=("order_items", "variants", "cancel_reason"),
                remember="order",  # "cancel that whole order" in the next request
                audited=True,
                choices=order_choices,
                describes=describes_order,  # which reason is this order's, of two said
            ),
            "order_items": SlotKind(
                accumulates=True,
                dependents=("variants",),
                remember="order_items",  # "they're faulty, refund them" next
                audited=True,
                listed=item_choices,  # "Which items should change?" asked again
            ),
            "variants": SlotKind(
                accumulates=True,
                audited=True,
                # "bottle in my other order 500ml green": a change its records can only mean
                wished=WishedVariant.of(
                    words.evidence,
                    audit.ruled_out_at,
                    words.requests.wanted,
                    scales,
                    referring=orders.them,
                    wanted_right_before=orders.wanted_right_before,
                ),
            ),
            "payment_method": SlotKind(
                audited=True,
                listed=method_choices,
                moved=partial(payment_moved, words=orders, history=audit.without_history),
            ),
            "address": SlotKind(remember="address"),  # "… make it my default too"
        },
        records={
            "order": RecordRead(action="get_order_details", arg="order_id"),
            "product": RecordRead(action="get_product_details", arg="product_id"),
            "user": RecordRead(action="get_user_details", arg="user_id"),
        },
        audit=audit,
    )
