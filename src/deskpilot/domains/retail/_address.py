"""Postal addresses as the store's customers write them (US: street, city, state, zip)."""

from __future__ import annotations

import re

# The states by name, as customers may write them ("Fort Worth, Texas 76165").
STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip
# In an address's state position, Washington and New York are states (elsewhere, cities).
_WRITTEN = {**STATE_NAMES, "washington": "WA", "new york": "NY"}
_STATES = frozenset([*_WRITTEN.values(), "DC"])
_STATE = "|".join(sorted(_WRITTEN, key=len, reverse=True))

_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|"
    r"boulevard|blvd|way|court|ct|place|pl|terrace|circle|cir|parkway|pkwy|highway|hwy|square|sq|"
    r"trail|trl|loop|row|walk|path|plaza|alley|broadway)"
)
# A street written, then written again after a word taking it back ("320 Ceder Avenue - sorry,
# Cedar Avenue"): the number stays, the street is the second one.
_SLIP = re.compile(
    rf"(\b\d{{1,6}}\s+)(?:[A-Za-z'-]+\s+){{1,4}}?{_SUFFIX}\.?\s*[-\u2013\u2014,]*\s*"
    rf"(?:sorry|i mean|i meant|oops|no)\b[\s,:-]*(?=(?:[A-Za-z'-]+\s+){{1,4}}?{_SUFFIX}\b)",
    re.I,
)

_ADDRESS = re.compile(
    r"(?P<address1>\b\d{1,6}\s+(?:[A-Za-z0-9'-]+\s+){0,4}" + _SUFFIX + r"\.?)"
    # the unit after a comma or a dash ("Cedar Avenue - Suite 116")
    r"(?:\s*[,\u2013\u2014-]?\s*(?P<address2>(?:apt|apartment|suite|ste|unit|#|floor|fl)\.?\s*[A-Za-z0-9-]+))?"
    # the city then the state, with a comma between or only a space ("Phoenix AZ 85033"); the
    # city after a comma, or pasted in one line after a space ("… Suite 116 San Antonio tx …")
    r"(?:\s*,\s*|\s+)(?P<city>[A-Za-z .'-]+?)(?:\s*,\s*|\s+)(?P<state>[A-Za-z]{2}\b|"
    + _STATE
    + r")\.?,?\s+(?P<zip>\d{5})"
    r"(?:\s*,?\s*(?P<country>USA|United States|US))?",
    re.I,
)


def address_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes out a postal address (street, city, state and zip): the words there
    are the address's, never a product's ("4410 Aspen Trail, Portland, OR 97201" names no trail
    shoes)."""
    return [m.span() for m in _ADDRESS.finditer(text)]


def parse_address(text: str) -> dict[str, str] | None:
    """A US postal address in ``text`` ("12 Oak St, Suite 4, Austin, TX 78701"), or None."""
    m = _ADDRESS.search(_SLIP.sub(r"\1", text))
    if m is None:
        return None
    state = _WRITTEN.get(m.group("state").lower(), m.group("state").upper())
    if state not in _STATES:
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
        "state": state,
        "country": "USA",
        "zip": m.group("zip"),
    }
