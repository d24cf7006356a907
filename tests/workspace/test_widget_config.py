"""The ``widget:`` section of ``deskpilot.yaml``: defaults, the examples' values, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.workspace import WidgetConfig, load_workspace

from ..conftest import RETAIL_WORKSPACE


def _with_widget(tmp_path: Path, section: str) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    config = target / "deskpilot.yaml"
    kept = config.read_text().split("\nwidget:\n")[0].split("# The web chat widget")[0]
    rest = config.read_text().split("\npipeline:\n")[1]
    config.write_text(f"{kept}\n{section}\npipeline:\n{rest}")
    return target


def test_widget_settings_default_when_the_section_is_absent(tmp_path: Path) -> None:
    widget = load_workspace(_with_widget(tmp_path, "")).config.widget
    assert widget == WidgetConfig()
    assert widget.greeting and widget.brand_color == "#2453c7"
    assert widget.quick_replies == [] and widget.avatar is None and widget.satisfaction


def test_the_example_workspaces_set_their_widget() -> None:
    for name in ("retail", "airline"):
        widget = load_workspace(RETAIL_WORKSPACE.parent / name).config.widget
        assert widget.title and widget.greeting != WidgetConfig().greeting
        assert 1 <= len(widget.quick_replies) <= 4


@pytest.mark.parametrize(
    ("section", "error"),
    [
        ('widget:\n  brand_color: "blue"', r'widget\.brand_color: .*"#rrggbb".*found \'blue\''),
        ('widget:\n  brand_color: "#ffd700"', r"#ffd700 is too light .*contrast 1\.\d:1"),
        ("widget:\n  quick_replies: [a, b, c, d, e]", r"widget\.quick_replies: .*at most 4"),
        ("widget:\n  quick_replies: [hi, hi]", r"quick replies must differ"),
        (f"widget:\n  quick_replies: [{'x' * 61}]", r"a quick reply is 1 to 60 characters"),
        ("widget:\n  avatar: http://example.com/a.png", r"https:// URL or a path on this server"),
        ("widget:\n  avatar: //evil.example/a.png", r"https:// URL or a path on this server"),
        ('widget:\n  avatar: "/a.png\\" onerror=x"', r"no quotes, brackets or spaces"),
        ("widget:\n  greting: hi", r"widget\.greting: Extra inputs are not permitted"),
        ('widget:\n  greeting: ""', r"widget\.greeting: String should have at least 1"),
    ],
)
def test_a_bad_widget_setting_names_its_line_and_what_is_expected(
    tmp_path: Path, section: str, error: str
) -> None:
    with pytest.raises(WorkspaceError, match=r"deskpilot\.yaml:\d+: .*" + error):
        load_workspace(_with_widget(tmp_path, section))
