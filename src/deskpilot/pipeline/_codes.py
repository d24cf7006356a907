"""One-time codes: proof of owning the account where knowing facts is not enough.

When the guard refuses a confirmed write because the customer is verified only by facts they
know where the action needs proof (``identity.verification``) and the workspace configures
``identity.one_time_code``, a code goes to the address on the customer's own record (read with
``identity.customer``) through the outbox, and the write waits. The right code within its time
upgrades the case's verification and the write runs, checked by the guard again; wrong or
missing codes count down to a person.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from deskpilot.domain import CaseId, CodeChallenge, utcnow
from deskpilot.workspace import OneTimeCodeConfig, phrases

TEMPLATES = ("code_sent", "code_again", "code_message")
# A run of digits, with the spaces or dashes people type inside codes ("123 456", "12-34-56").
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d)*")


def code_in(text: str, digits: int) -> str | None:
    """The code of exactly ``digits`` digits in ``text``, if there is exactly one."""
    runs = [re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(text)]
    found = {run for run in runs if len(run) == digits}
    return found.pop() if len(found) == 1 else None


def masked_address(address: str) -> str:
    """``k***@example.com`` for an e-mail address; the last 4 digits of a number."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    tail = re.sub(r"\D", "", address)[-4:]
    return f"***{tail}" if tail else "***"


def _hash(case_id: CaseId, code: str) -> str:
    return hashlib.sha256(f"{case_id}:{code}".encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    """A code just made: the challenge the case keeps, and the code to send (never stored)."""

    challenge: CodeChallenge
    code: str


class OneTimeCodes:
    """Makes and checks the codes of one workspace's ``identity.one_time_code``."""

    def __init__(self, config: OneTimeCodeConfig, resend_words: Iterable[str] = ()) -> None:
        self.config = config
        self._resend = re.compile(phrases(resend_words), re.I)

    def issue(
        self,
        case_id: CaseId,
        action: str,
        args: dict[str, object],
        address: str,
        previous: CodeChallenge | None = None,
        *,
        asked: bool = False,
    ) -> Issued:
        """A new code for the write ``action(args)``, sent to ``address``: after ``previous``
        expired, with every try again; ``asked`` for by the customer, with the tries left."""
        code = "".join(secrets.choice("0123456789") for _ in range(self.config.digits))
        challenge = CodeChallenge(
            action=action,
            args=dict(args),
            code_hash=_hash(case_id, code),
            sent_to=masked_address(address),
            expires_at=utcnow() + timedelta(minutes=self.config.expires_minutes),
            attempts_left=previous.attempts_left
            if asked and previous is not None
            else self.config.attempts,
            sends=1 if previous is None else previous.sends + 1,
        )
        return Issued(challenge, code)

    def matches(self, case_id: CaseId, challenge: CodeChallenge, text: str) -> bool:
        """Whether ``text`` holds the challenge's code (compared in constant time)."""
        code = code_in(text, self.config.digits)
        return code is not None and hmac.compare_digest(_hash(case_id, code), challenge.code_hash)

    def asks_again(self, text: str) -> bool:
        """Whether ``text`` holds no code and asks for another ("I didn't get it")."""
        return code_in(text, self.config.digits) is None and bool(self._resend.search(text))

    def may_resend(self, challenge: CodeChallenge) -> bool:
        """Whether another code may go out for this write."""
        return challenge.sends < self.config.sends
