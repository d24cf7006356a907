"""Postal addresses as the store's customers write them (US: street, city, state, zip)."""

from __future__ import annotations

import re

_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
    ]
)
_ADDRESS = re.compile(
    r"(?P<address1>\b\d{1,6}\s+(?:[A-Za-z0-9'-]+\s+){0,4}?(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|"
    r"boulevard|blvd|way|court|ct|place|pl|terrace|circle|cir|parkway|pkwy|highway|hwy|square|sq|"
    r"trail|trl|loop|row|walk|path|plaza|alley)\.?)"
    r"(?:\s*,?\s*(?P<address2>(?:apt|apartment|suite|ste|unit|#|floor|fl)\.?\s*[A-Za-z0-9-]+))?"
    r"\s*,\s*(?P<city>[A-Za-z .'-]+?)\s*,\s*(?P<state>[A-Za-z]{2})\.?,?\s+(?P<zip>\d{5})"
    r"(?:\s*,?\s*(?P<country>USA|United States|US))?",
    re.I,
)


def parse_address(text: str) -> dict[str, str] | None:
    """A US postal address in ``text`` ("12 Oak St, Suite 4, Austin, TX 78701"), or None."""
    m = _ADDRESS.search(text)
    if m is None or m.group("state").upper() not in _STATES:
        return None
    address2 = (m.group("address2") or "").strip()
    if address2:
        label, _, rest = address2.partition(" ")
        address2 = f"{label.capitalize()} {rest.strip()}".strip() if rest else address2.title()
    return {
        "address1": " ".join(
            w if w.isdigit() else w[:1].upper() + w[1:] for w in m.group("address1").split()
        ),
        "address2": address2,
        "city": m.group("city").strip().title(),
        "state": m.group("state").upper(),
        "country": "USA",
        "zip": m.group("zip"),
    }
