"""``deskpilot.yaml``'s ``widget:`` section: how the web chat widget greets and looks."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The widget writes white text on the brand colour: WCAG AA asks 4.5:1 for normal text.
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white text on ``colour`` (``#rrggbb``)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


class WidgetConfig(BaseModel):
    """The widget's greeting, quick replies and branding; every field has a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(
        None, min_length=1, max_length=60, description="the widget's heading; unset: the name"
    )
    greeting: str = Field(
        "Hello! How can we help you today?",
        min_length=1,
        max_length=500,
        description="shown when the widget opens on an empty conversation",
    )
    quick_replies: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="buttons under the greeting; each sends its text as the customer's message",
    )
    brand_color: str = Field(
        "#2453c7", description="#rrggbb, dark enough for white text on it (4.5:1)"
    )
    avatar: str | None = Field(
        None,
        max_length=500,
        description="the image beside the title: an https:// URL or a path on this server; "
        "unset: the title's first letter",
    )
    satisfaction: bool = Field(
        True, description="after a case is resolved, ask the customer to rate it from 1 to 5"
    )

    @field_validator("quick_replies")
    @classmethod
    def _short_and_distinct(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip() or len(value) > 60:
                raise ValueError(f"a quick reply is 1 to 60 characters; found {value!r}")
        if len(set(values)) != len(values):
            raise ValueError("quick replies must differ from each other")
        return values

    @field_validator("brand_color")
    @classmethod
    def _readable(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f'a colour is written "#rrggbb" (like "#2453c7"); found {value!r}')
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"{value} is too light for the widget's white text (contrast {ratio:.1f}:1, "
                f"{MIN_CONTRAST}:1 needed); pick a darker colour"
            )
        return value.lower()

    @field_validator("avatar")
    @classmethod
    def _image_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        local = value.startswith("/") and not value.startswith("//")
        if not (local or value.startswith("https://")):
            raise ValueError(
                f"an avatar is an https:// URL or a path on this server (/...); found {value!r}"
            )
        if any(c in value for c in "\"'<> \n"):
            raise ValueError(f"an avatar's address holds no quotes, brackets or spaces: {value!r}")
        return value
