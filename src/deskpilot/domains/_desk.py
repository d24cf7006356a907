"""What the agent desk shows of a customer profile in the shape both packs' records share
(``name``, ``email``, ``address``, ``payment_methods``): the packs build their ``Desk`` on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskpilot.domain import DeskFact


def first_name(profile: Mapping[str, Any]) -> str | None:
    """The profile's first name, if it has one."""
    name = profile.get("name")
    first = name.get("first_name") if isinstance(name, Mapping) else None
    return str(first) if first else None


def _address(address: Mapping[str, Any]) -> str:
    street = address.get("address1", "")
    if address.get("address2"):
        street += f", {address['address2']}"
    city = f"{address.get('city', '')} {address.get('zip', '')}"
    return f"{street}, {city}, {address.get('country', '')}"


def _payment(method: Mapping[str, Any]) -> str:
    last_four = method.get("last_four")
    return f"{method.get('id')} (…{last_four})" if last_four else str(method.get("id"))


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
        facts.append(DeskFact("Payment", items=tuple(_payment(m) for m in methods.values())))
    return facts
