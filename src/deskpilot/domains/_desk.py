"""What the agent desk shows of a customer profile in the shape both packs' records share
(``name``, ``email``, ``address``, ``payment_methods``): the packs build their ``Desk`` on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskpilot.domain import DeskChoice, DeskFact


def first_name(profile: Mapping[str, Any]) -> str | None:
    """The profile's first name, if it has one."""
    name = profile.get("name")
    first = name.get("first_name") if isinstance(name, Mapping) else None
    return str(first) if first else None


def full_name(profile: Mapping[str, Any]) -> str | None:
    """The profile's first and last name, if it has them."""
    name = profile.get("name")
    if not isinstance(name, Mapping):
        return None
    full = " ".join(str(name[k]) for k in ("first_name", "last_name") if name.get(k))
    return full or None


def _address(address: Mapping[str, Any]) -> str:
    street = address.get("address1", "")
    if address.get("address2"):
        street += f", {address['address2']}"
    city = f"{address.get('city', '')} {address.get('zip', '')}"
    return f"{street}, {city}, {address.get('country', '')}"


def payment_label(method: Mapping[str, Any]) -> str:
    """A payment method as a person names it: "Amex credit card ending 5277", "gift card
    (balance $75.66)", "PayPal" — never its internal id."""
    source = str(method.get("source") or "payment method")
    kind = "PayPal" if source == "paypal" else source.replace("_", " ")
    brand = str(method.get("brand") or "")
    label = f"{brand.capitalize()} {kind}" if brand else kind
    if method.get("last_four"):
        label += f" ending {method['last_four']}"
    for money in ("balance", "amount"):
        if isinstance(method.get(money), int | float):
            label += f" ({money} ${method[money]:.2f})"
    return label


def payment_choices(profile: Mapping[str, Any]) -> list[DeskChoice]:
    """The customer's payment methods, by their ids, named as a person names them."""
    methods = profile.get("payment_methods") or {}
    return [DeskChoice(str(key), payment_label(m)) for key, m in methods.items()]


def person_facts(profile: Mapping[str, Any]) -> list[DeskFact]:
    """Name, email, address and payment methods, for the customer card."""
    name = profile.get("name")
    if not isinstance(name, Mapping):
        name = {}
    facts = [
        DeskFact("Name", text=f"{name.get('first_name', '')} {name.get('last_name', '')}"),
    ]
    if profile.get("email"):
        facts.append(DeskFact("Email", text=str(profile["email"])))
    if profile.get("address"):
        facts.append(DeskFact("Address", text=_address(profile["address"])))
    methods = profile.get("payment_methods") or {}
    if methods:
        facts.append(DeskFact("Payment", items=tuple(payment_label(m) for m in methods.values())))
    return facts
