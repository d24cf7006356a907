"""routing.yaml: the documented example loads; every mistake is reported as file:line: field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from deskpilot.errors import NotFoundError, WorkspaceError
from deskpilot.handoff import (
    Priority,
    RoutingConfig,
    format_duration,
    load_routing,
    parse_duration,
)

from .conftest import EXAMPLE


def test_load_routing_reads_the_documented_example(config: RoutingConfig) -> None:
    assert [q.name for q in config.queues] == ["general", "billing", "japan", "vip"]
    assert config.queue("japan").timezone == "Asia/Tokyo"
    assert config.queue("vip").hours is None
    billing_hours = config.queue("billing").hours
    assert billing_hours is not None
    assert billing_hours.day("mon") == [(8 * 60, 12 * 60), (13 * 60, 20 * 60)]
    assert billing_hours.day(6) == []
    assert [r.name for r in config.rules][:2] == ["unhappy_vip", "vip"]
    agent = config.agent("dana")
    assert agent is not None and agent.skills == {"support": 4, "billing": 5}
    assert config.agent("nobody") is None


def test_queue_lookup_names_the_queues_there_are(config: RoutingConfig) -> None:
    with pytest.raises(NotFoundError, match="queues are general, billing, japan, vip"):
        config.queue("sales")


def test_sla_policy_most_specific_wins(config: RoutingConfig) -> None:
    normal = config.sla_policy(Priority.NORMAL, "")
    assert normal is not None and normal.first_response == timedelta(hours=4)
    enterprise = config.sla_policy(Priority.NORMAL, "enterprise")
    assert enterprise is not None and enterprise.first_response == timedelta(hours=2)
    # An exact priority outranks an exact tier.
    urgent = config.sla_policy(Priority.URGENT, "enterprise")
    assert urgent is not None and urgent.on_breach == ("reassign", "notify_supervisor")
    assert config.sla_policy(Priority.LOW, "gold") == normal


def test_sla_policy_none_when_nothing_covers_the_case() -> None:
    config = RoutingConfig.model_validate(
        {
            "default_queue": "q",
            "queues": [{"name": "q"}],
            "sla_policies": [{"priority": "urgent", "resolution": "1h"}],
        }
    )
    assert config.sla_policy(Priority.NORMAL, "") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("1h30m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("2h0m5s", timedelta(hours=2, seconds=5)),
    ],
)
def test_parse_duration_reads_hours_minutes_seconds(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "2d", "30", "30 m", "m", "0m", "1.5h", 30])
def test_parse_duration_rejects_anything_else(text: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_priority_raises_one_step_up_to_urgent() -> None:
    assert [p.raised() for p in Priority] == [
        Priority.NORMAL,
        Priority.HIGH,
        Priority.URGENT,
        Priority.URGENT,
    ]


_TEXT = EXAMPLE.read_text(encoding="utf-8")


def break_routing(
    folder: Path, old: str, new: str
) -> tuple[str, pytest.ExceptionInfo[WorkspaceError]]:
    """Write the example with ``old`` replaced by ``new`` and load it, expecting an error."""
    assert old in _TEXT
    broken = _TEXT.replace(old, new, 1)
    (folder / "routing.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(WorkspaceError) as info:
        load_routing(folder / "routing.yaml", root=folder)
    return broken, info


# (original text, replacement, text on the line reported, field, message)
BROKEN: list[tuple[str, str, str, str, str]] = [
    (
        "    queue: japan\n",
        "    queue: japn\n",
        "queue: japn",
        "rules[3].queue",
        "unknown queue 'japn'; queues are general, billing, japan, vip",
    ),
    (
        "case.vip && case.sentiment < -0.5",
        "case.vip && case.sentimnet < -0.5",
        "case.sentimnet",
        "rules[0].when",
        "rule 'unhappy_vip': case has no field 'sentimnet'; it has intent, sentiment",
    ),
    (
        "case.vip && case.sentiment < -0.5",
        "case.vip && case.sentiment <",
        "case.sentiment <",
        "rules[0].when",
        "rule 'unhappy_vip': syntax error at column 29",
    ),
    (
        'case.language == "ja"',
        "case.language",
        "when: case.language",
        "rules[3].when",
        "rule 'japanese': must give true or false, gave ''",
    ),
    (
        "timezone: Asia/Tokyo",
        "timezone: Asia/Tokio",
        "Asia/Tokio",
        "queues[2].timezone",
        "unknown time zone 'Asia/Tokio'; did you mean Asia/Tokyo",
    ),
    (
        'mon: ["08:00-12:00", "13:00-20:00"]',
        'mon: ["08:00-12:00", "11:00-20:00"]',
        "11:00-20:00",
        "queues[1].hours.mon",
        "opening spans 08:00-12:00 and 11:00-20:00 overlap",
    ),
    (
        'sat: ["10:00-14:00"]',
        'sat: ["14:00-10:00"]',
        "14:00-10:00",
        "queues[1].hours.sat[0]",
        "'14:00-10:00' closes before it opens",
    ),
    (
        "first_response: 15m",
        "first_response: 15 minutes",
        "15 minutes",
        "sla_policies[2].first_response",
        "expected a duration like '30m', '4h' or '1h30m', got '15 minutes'",
    ),
    (
        "    warn_before: 5m\n",
        "    warn_before: 15m\n",
        "warn_before: 15m",
        "sla_policies[2].warn_before",
        "warn_before must be shorter than first_response (15m)",
    ),
    (
        "on_breach: [reassign, notify_supervisor]",
        "on_breach: [reassign, page_everyone]",
        "page_everyone",
        "sla_policies[2].on_breach[1]",
        "Input should be 'raise_priority', 'reassign' or 'notify_supervisor'",
    ),
    (
        "skills: {support: 2, japanese: 5}",
        "skills: {support: 2, japanese: 6}",
        "japanese: 6",
        "agents[4].skills.japanese",
        "Input should be less than or equal to 5",
    ),
    (
        "  - id: yui",
        "  - id: kenji",
        "  - id: kenji",
        "agents[4].id",
        "agent kenji is defined twice",
    ),
    (
        "    capacity: 2\n",
        "    capacity: 2\n    shift: night\n",
        "shift: night",
        "agents[4].shift",
        "Extra inputs are not permitted",
    ),
    (
        "default_queue: general",
        "default_queue: genral",
        "default_queue",
        "default_queue",
        "unknown queue 'genral'",
    ),
]


@pytest.mark.parametrize(("old", "new", "anchor", "field", "message"), BROKEN)
def test_broken_routing_yaml_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, anchor: str, field: str, message: str
) -> None:
    broken, info = break_routing(tmp_path, old, new)
    line = max(i for i, text in enumerate(broken.splitlines(), 1) if anchor in text)
    assert str(info.value).startswith(f"routing.yaml:{line}: {field}: {message}")
    assert info.value.data["field"] == field
    assert info.value.data["line"] == line


def test_broken_routing_yaml_bad_date_and_bad_syntax(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text(_TEXT.replace("2026-01-02", "2026-13-02"), encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"^routing\.yaml: invalid value: month must be"):
        load_routing(path, root=tmp_path)
    path.write_text("queues: [\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"^routing\.yaml:2: invalid YAML"):
        load_routing(path, root=tmp_path)
    with pytest.raises(WorkspaceError, match="file not found"):
        load_routing(tmp_path / "missing.yaml", root=tmp_path)
