"""docs/widget.md says what the code does: its settings example, its API table and events."""

from __future__ import annotations

import re

import yaml

from deskpilot.channels.webchat import routes
from deskpilot.domain import EventType
from deskpilot.settings import PROJECT_ROOT
from deskpilot.workspace import WidgetConfig

DOC = (PROJECT_ROOT / "docs" / "widget.md").read_text(encoding="utf-8")


def test_widget_doc_settings_example_is_valid() -> None:
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL) if "widget:" in b]
    config = WidgetConfig.model_validate(yaml.safe_load(block)["widget"])
    assert config.quick_replies and config.avatar and config.title == "Demo Store support"


def test_widget_doc_settings_table_names_every_field_and_default() -> None:
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", DOC, re.MULTILINE))
    assert set(WidgetConfig.model_fields) <= set(rows)
    defaults = WidgetConfig()
    assert rows["greeting"].strip() == f'"{defaults.greeting}"'
    assert rows["brand_color"].strip() == f"`{defaults.brand_color}`"
    assert rows["satisfaction"].strip() == "`true`" and defaults.satisfaction


def test_widget_doc_api_table_lists_every_route() -> None:
    documented = set(re.findall(r"^\| `(GET|POST) (/v1/[^`]+)` \|", DOC, re.MULTILINE))
    served = {
        (method, route.path)
        for route in routes.router.routes
        for method in getattr(route, "methods", ())
        if getattr(route, "path", "").startswith("/v1/")
    }
    assert served == documented


def test_widget_doc_names_the_rating_event_and_the_typing_events() -> None:
    assert EventType.SATISFACTION_RATED.value == "satisfaction_rated"
    assert "`satisfaction_rated`" in DOC
    for event in ("`typing`", "`resolved`", "`message`"):
        assert event in DOC
