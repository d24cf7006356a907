"""Settings: the only place in DeskPilot that reads the environment (``DESKPILOT_*``)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    return PROJECT_ROOT / ".data"


@lru_cache(maxsize=8)
def _is_demo_workspace(workspace: Path) -> bool:
    """Whether ``workspace`` is the bundled example one. Kept per path: resolving a path asks
    the file system for every component, and the API asks this on each request (whether it
    needs a key)."""
    return workspace.resolve() == (PROJECT_ROOT / "examples" / "retail").resolve()


def _generated_secret() -> SecretStr:
    """A random signing key for this process (console sessions end when it restarts)."""
    return SecretStr(secrets.token_urlsafe(32))


class Settings(BaseSettings):
    """Runtime configuration, read once from ``DESKPILOT_*`` variables (and ``.env``)."""

    model_config = SettingsConfigDict(env_prefix="DESKPILOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    workspace: Path = PROJECT_ROOT / "examples" / "retail"
    store: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": one JSON object per log line (for log collectors); "text": for people.
    log_format: Literal["text", "json"] = "text"
    # On SIGTERM, `serve` stops accepting connections, ends its event streams (their clients
    # reconnect elsewhere) and gives requests in flight this long to finish.
    shutdown_timeout_seconds: float = Field(20.0, gt=0)
    retry_interval_seconds: float = 5.0
    max_processing_attempts: int = 3
    require_services: bool = False
    postgres_test_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    secrets: dict[str, SecretStr] = Field(default_factory=dict)
    session_secret: SecretStr = Field(default_factory=_generated_secret)
    session_max_age_seconds: int = Field(12 * 3600, ge=60)
    cookie_secure: bool = False
    sla_tick_seconds: float = Field(30.0, gt=0)
    # An online agent whose console sent no heartbeat for this long (a closed browser) gets no
    # new cases until it does again.
    presence_timeout_seconds: float = Field(90.0, gt=0)
    # How many messages one conversation may send, and how many conversations or widget
    # sessions one client address may open, per minute (0: no limit).
    messages_per_minute: int = Field(30, ge=0)
    opened_per_minute: int = Field(120, ge=0)
    # Unset: only for the demo (the bundled example workspace on its generated store).
    demo_users: bool | None = None
    demo_password: SecretStr = SecretStr("deskpilot-demo")
    # How the outbox delivers (one-time codes): "file" writes each message under
    # <data_dir>/outbox/ (development, the demo); "send" sends them: e-mail through the SMTP
    # server below, SMS through the webhook of an SMS gateway.
    outbox_transport: Literal["file", "send"] = "file"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_starttls: bool = True
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "DeskPilot <no-reply@localhost>"
    sms_webhook_url: str | None = None
    sms_webhook_token: SecretStr | None = None
    # Whether /v1/conversations and /v1/cases need an API key. Unset: everywhere but the demo.
    require_api_keys: bool | None = None
    # Scale-out (docs/scaling.md). With a Redis URL, live updates go through Redis, so every API
    # process's consoles and widgets see every process's events; unset, they stay in-process.
    redis_url: str | None = None
    # Prefixes every Redis key DeskPilot writes (several deployments may share one server).
    redis_prefix: str = "deskpilot:"
    # "embedded": `deskpilot serve` runs the SLA timers itself (one process). "separate": it
    # does not, `deskpilot scheduler` does (one active however many run), and each API process
    # reads a case's clocks from the log before changing them. Needs PostgreSQL.
    scheduler: Literal["embedded", "separate"] = "embedded"
    # "inline": the API process that stores a customer's message takes its turn. "worker": it
    # stores the message and queues the turn for `deskpilot worker` (Celery, through the broker).
    turns: Literal["inline", "worker"] = "inline"
    # The Celery broker; unset: `redis_url`.
    broker_url: str | None = None
    # How long an API process waits for a queued turn's replies before answering 202 (the
    # message stored, its replies to come in the conversation).
    turn_wait_seconds: float = Field(25.0, gt=0)
    # A turn taken by a worker that neither finished nor let go of it (killed, stalled) for this
    # long is handed to another worker (the broker's visibility timeout). Longer than any turn.
    turn_lease_seconds: float = Field(60.0, gt=0)
    # Threads per `deskpilot worker` process (turns of different conversations in parallel).
    worker_concurrency: int = Field(4, ge=1)

    @property
    def serves_demo(self) -> bool:
        """Whether this is the demo: the bundled example workspace on its generated store."""
        return self.store is None and _is_demo_workspace(self.workspace)

    @property
    def seeds_demo_users(self) -> bool:
        """Whether the console creates its demo accounts (with a known password) when there
        are none: as ``demo_users`` says, or, unset, only when the demo is served."""
        return self.serves_demo if self.demo_users is None else self.demo_users

    @property
    def requires_api_keys(self) -> bool:
        """Whether the server-to-server API needs an API key: as ``require_api_keys`` says,
        or, unset, everywhere but the demo."""
        if self.require_api_keys is None:
            return not self.serves_demo
        return self.require_api_keys

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or a SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'deskpilot.sqlite3'}"

    @property
    def effective_broker_url(self) -> str | None:
        """Where queued turns go: ``broker_url``, else ``redis_url`` (None: neither is set)."""
        return self.broker_url or self.redis_url

    @property
    def effective_store(self) -> Path:
        """The business store folder: the configured one, or the generated demo store."""
        return self.store if self.store is not None else self.data_dir / "demo-store"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use."""
    return Settings()
