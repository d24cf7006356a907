"""docs/console.md says what the code does: its events, settings and demo login."""

from __future__ import annotations

import re

import yaml

from deskpilot.domain import EventType
from deskpilot.domains import load_pack
from deskpilot.settings import PROJECT_ROOT, Settings

DOC = (PROJECT_ROOT / "docs" / "console.md").read_text(encoding="utf-8")

HUMAN_SIDE_EVENTS = [
    "routed",
    "assignment",
    "sla_started",
    "sla_paused",
    "sla_resumed",
    "sla_stopped",
    "sla_warning",
    "sla_breached",
    "priority_changed",
    "agent_reply",
    "internal_note",
    "draft_created",
    "draft_reviewed",
    "handed_back",
    "case_resolved",
]


def test_console_doc_lists_every_event_of_the_human_side() -> None:
    for name in HUMAN_SIDE_EVENTS:
        assert EventType(name).value == name
        assert f"`{name}`" in DOC, name


def test_console_doc_settings_table_matches_the_defaults() -> None:
    defaults = Settings()
    rows = dict(re.findall(r"^\| `DESKPILOT_([A-Z_]+)` \| ([^|]+) \|", DOC, re.MULTILINE))
    assert rows["SESSION_MAX_AGE_SECONDS"].strip() == f"`{defaults.session_max_age_seconds}`"
    assert rows["SLA_TICK_SECONDS"].strip() == f"`{int(defaults.sla_tick_seconds)}`"
    assert rows["COOKIE_SECURE"].strip() == "`false`" and defaults.cookie_secure is False
    assert rows["DEMO_USERS"].strip() == "unset" and defaults.demo_users is None
    password = defaults.demo_password.get_secret_value()
    assert rows["DEMO_PASSWORD"].strip() == f"`{password}`"
    assert f"the password **`{password}`**" in DOC


def test_console_doc_desks_table_matches_the_packs() -> None:
    rows = re.findall(
        r"^\| `(\w+)` \| (\w+) \| `(\w+)\((\w+)\)` \| `(\w+)` \| `(\w+)\((\w+)\)` \| `(\w+)` \|",
        DOC,
        re.MULTILINE,
    )
    assert {row[0] for row in rows} == {"retail", "airline"}
    for name, title, profile, profile_arg, listed_in, record, record_arg, focus in rows:
        desk = load_pack(name).desk
        assert desk is not None, name
        assert (desk.title, desk.listed_in, desk.focus) == (title, listed_in, focus)
        assert (desk.profile.action, desk.profile.arg) == (profile, profile_arg)
        assert (desk.record.action, desk.record.arg) == (record, record_arg)


def test_console_doc_saved_reply_example_is_valid_and_lists_every_variable() -> None:
    from deskpilot.workspace import VARIABLES, RepliesFile

    at = DOC.index("### Saved replies")
    example = DOC[DOC.index("```yaml\n", at) + 8 : DOC.index("```", DOC.index("```yaml\n", at) + 8)]
    reply = RepliesFile.model_validate(yaml.safe_load(example)).replies[0]
    assert set(reply.variables()) <= set(VARIABLES)
    for name in VARIABLES:
        assert f"`{{{{{name}}}}}`" in DOC, name
