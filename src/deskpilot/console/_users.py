"""Console users and their sessions: accounts with hashed passwords, login, logout, and the
demo users seeded for ``make run``."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from deskpilot.console._security import (
    Forbidden,
    TooManyAttempts,
    Unauthenticated,
    burn_password_check,
    hash_password,
    new_token,
    sign,
    token_hash,
    tokens_match,
    unsign,
    verify_password,
)
from deskpilot.domain import (
    ADMIN_LOG,
    ConsoleSession,
    Event,
    EventType,
    StaffRole,
    User,
    UserId,
    new_id,
    utcnow,
)
from deskpilot.errors import InputError
from deskpilot.handoff import RoutingConfig
from deskpilot.store import Database

logger = logging.getLogger(__name__)

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
MIN_PASSWORD = 8

# Demo accounts get the same (salted) hash again within one process: scrypt is slow on purpose,
# and test suites seed many fresh databases.
_DEMO_HASHES: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Staff:
    """The person behind a console request: their account and their session."""

    user: User
    session: ConsoleSession
    cookie: str

    def require(self, role: StaffRole) -> User:
        """The user, if their role allows what ``role`` may do; Forbidden otherwise."""
        if self.user.role is None:
            raise Forbidden(f"{self.user.username} has no role yet; an admin must grant one")
        if not self.user.role.allows(role):
            raise Forbidden(
                f"this needs the {role.value} role; {self.user.username} is {self.user.role.value}"
            )
        return self.user

    def check_csrf(self, token: str | None) -> None:
        """Forbidden unless ``token`` is this session's CSRF token."""
        if not token or not tokens_match(token, self.session.csrf_token):
            raise Forbidden("the form's security token is missing or stale; reload the page")


# Wrong passwords for one username before logging in waits, and how long: the wait doubles with
# each further wrong one, up to the longest.
MAX_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)


class LoginThrottle:
    """Counts wrong passwords per username (in this process) and makes the next attempts wait:
    guessing a password takes days, not seconds. A right password resets the count."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, datetime | None]] = {}

    def check(self, username: str) -> None:
        """TooManyAttempts while ``username`` must wait."""
        key = username.lower()
        with self._lock:
            _count, until = self._failures.get(key, (0, None))
        if until is not None and self._clock() < until:
            seconds = max(1, int((until - self._clock()).total_seconds()))
            raise TooManyAttempts(
                f"too many wrong passwords; try again in {seconds} seconds", retry_after=seconds
            )

    def failed(self, username: str) -> None:
        """One more wrong password for ``username``."""
        key = username.lower()
        with self._lock:
            count, _until = self._failures.get(key, (0, None))
            count += 1
            until = None
            if count >= MAX_FAILURES:
                wait = min(FIRST_WAIT * 2 ** (count - MAX_FAILURES), LONGEST_WAIT)
                until = self._clock() + wait
            self._failures[key] = (count, until)

    def succeeded(self, username: str) -> None:
        """A right password: the count starts again."""
        with self._lock:
            self._failures.pop(username.lower(), None)


def _session_event(type_: EventType, user: User) -> Event:
    """The admin log's entry for a console login or logout."""
    return Event(ADMIN_LOG, type_, user.actor, {"user": user.id, "username": user.username})


class StaffDirectory:
    """Accounts and sessions; the cookie is a signed random session id stored only as a hash."""

    def __init__(
        self,
        db: Database,
        secret: str,
        max_age: timedelta,
        throttle: LoginThrottle | None = None,
    ) -> None:
        self.db = db
        self._secret = secret
        self.max_age = max_age
        self._seed_lock = threading.Lock()
        self._seeded = False
        self.throttle = throttle or LoginThrottle()

    def do_create_user(
        self,
        username: str,
        display_name: str,
        role: StaffRole | None,
        password: str,
        *,
        actor: str,
    ) -> User:
        """Create an account (``role`` None: it can log in but may do nothing)."""
        if not _USERNAME.match(username):
            raise InputError(
                f"username {username!r} must be 1-80 letters, digits, '_', '.' or '-'",
                field="username",
            )
        if len(password) < MIN_PASSWORD:
            raise InputError(
                f"a password needs at least {MIN_PASSWORD} characters", field="password"
            )
        return self._create(username, display_name, role, hash_password(password), actor=actor)

    def _create(
        self, username: str, display_name: str, role: StaffRole | None, hashed: str, *, actor: str
    ) -> User:
        user = User(
            id=UserId(new_id("usr")),
            username=username,
            display_name=display_name.strip() or username,
            role=role,
        )
        audit = Event(
            ADMIN_LOG,
            EventType.ACCOUNT_CREATED,
            actor,
            {"user": user.id, "username": username, "role": role.value if role else None},
        )
        with self.db.transaction() as repo:
            repo.insert_user(user, hashed)
            repo.append_events([audit])
        logger.info("user %s created by %s", user.id, actor)
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        """The user whose password this is, or None (unknown and wrong take the same time)."""
        with self.db.transaction() as repo:
            found = repo.find_login(username)
        if found is None:
            burn_password_check(password)
            return None
        user, stored = found
        return user if verify_password(password, stored) else None

    def do_login(self, username: str, password: str) -> Staff:
        """Check the password and open a session; Unauthenticated when they do not match,
        TooManyAttempts (even with the right password) after too many wrong ones."""
        self.throttle.check(username)
        user = self.authenticate(username, password)
        if user is None:
            self.throttle.failed(username)
            logger.warning("failed console login")
            failed = {"username": username[:80]}
            with self.db.transaction() as repo:
                repo.append_events(
                    [Event(ADMIN_LOG, EventType.STAFF_LOGIN_FAILED, "anonymous", failed)]
                )
            raise Unauthenticated("unknown username or wrong password")
        self.throttle.succeeded(username)
        session_id = new_token()
        now = utcnow()
        csrf = self._csrf_for(session_id)
        session = ConsoleSession(
            user_id=user.id,
            csrf_token=token_hash(csrf),  # stored as a hash, like the session id
            created_at=now,
            expires_at=now + self.max_age,
        )
        with self.db.transaction() as repo:
            repo.delete_console_sessions(before=now)
            repo.insert_console_session(token_hash(session_id), session)
            repo.append_events([_session_event(EventType.STAFF_LOGGED_IN, user)])
        logger.info("user %s logged in", user.id)
        return Staff(user, replace(session, csrf_token=csrf), sign(session_id, self._secret))

    def _csrf_for(self, session_id: str) -> str:
        """The session's CSRF token, derived from its id with the signing key: nothing stored
        reveals it."""
        return sign(f"csrf:{session_id}", self._secret).rpartition(".")[2]

    def staff_for(self, cookie: str | None) -> Staff | None:
        """The person behind a session cookie, or None (missing, forged, expired, logged out)."""
        session_id = unsign(cookie, self._secret) if cookie else None
        if session_id is None or cookie is None:
            return None
        with self.db.transaction() as repo:
            session = repo.get_console_session(token_hash(session_id))
            if session is None or session.expires_at <= utcnow():
                return None
            user = repo.get_user(session.user_id)
        csrf = self._csrf_for(session_id)
        if not tokens_match(token_hash(csrf), session.csrf_token):
            return None  # a session from before CSRF tokens were stored hashed
        return Staff(user, replace(session, csrf_token=csrf), cookie)

    def do_logout(self, staff: Staff) -> None:
        """End the session of this cookie."""
        session_id = unsign(staff.cookie, self._secret)
        if session_id is not None:
            with self.db.transaction() as repo:
                repo.delete_console_sessions(id_hash=token_hash(session_id))
                repo.append_events([_session_event(EventType.STAFF_LOGGED_OUT, staff.user)])
        logger.info("user %s logged out", staff.user.id)

    def ensure_demo_users(self, routing: RoutingConfig, password: str) -> list[User]:
        """On an empty directory: an account for every agent of ``routing.yaml`` (a queue's
        supervisor gets the supervisor role) and ``admin``, all with ``password``. Does nothing
        once any account exists; checks the database once per process."""
        with self._seed_lock:
            if self._seeded:
                return []
            self._seeded = True
            with self.db.transaction() as repo:
                if repo.list_users():
                    return []
            supervisors = {q.supervisor for q in routing.queues if q.supervisor}
            people = [
                (a.id, a.name, StaffRole.SUPERVISOR if a.id in supervisors else StaffRole.AGENT)
                for a in routing.agents
            ]
            if routing.agent("admin") is None:
                people.append(("admin", "Administrator", StaffRole.ADMIN))
            created = []
            for username, name, role in people:
                hashed = _DEMO_HASHES.get((username, password))
                if hashed is None:
                    hashed = _DEMO_HASHES[(username, password)] = hash_password(password)
                created.append(self._create(username, name, role, hashed, actor="system"))
        logger.info("seeded %s demo console users", len(created))
        return created
