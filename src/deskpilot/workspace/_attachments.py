"""``deskpilot.yaml``'s ``attachments:`` section: which files customers and agents may send, and
the check every uploaded file passes before it is stored.

The type is read from the file's first bytes (``filetype``'s signatures; text is UTF-8 without
control bytes), never from the name or the sender's ``Content-Type``: a script renamed
``photo.png`` is refused.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import filetype  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field, field_validator

from deskpilot.domain import Upload
from deskpilot.errors import InputError, TooLarge, UnsupportedType

# What DeskPilot can recognise and serve safely (no SVG or HTML: they would run scripts).
KNOWN_TYPES: dict[str, str] = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/pdf": "PDF",
    "text/plain": "text",
}
MAX_NAME = 120
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
# Bytes that never occur in a text file (tab, line feed, form feed and carriage return do).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


class AttachmentsConfig(BaseModel):
    """How big a file may be and which types are accepted, for both the customer's and the
    agent's side."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_bytes: int = Field(
        5_000_000, ge=1, le=25_000_000, description="the largest file accepted, in bytes"
    )
    types: list[str] = Field(
        default_factory=lambda: list(KNOWN_TYPES),
        description="accepted types, of " + ", ".join(KNOWN_TYPES) + "; empty: no attachments",
    )

    @field_validator("types")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if t not in KNOWN_TYPES]
        if unknown:
            raise ValueError(
                f"unknown attachment type {unknown[0]!r}; expected some of "
                + ", ".join(KNOWN_TYPES)
            )
        return value

    @property
    def enabled(self) -> bool:
        """Whether any file is accepted at all."""
        return bool(self.types)

    def accept(self, filename: str | None, content: bytes) -> Upload:
        """The file as it will be stored; ``InputError`` when empty, ``TooLarge`` above
        ``max_bytes``, ``UnsupportedType`` when its bytes are not of an accepted type."""
        if not self.enabled:
            raise UnsupportedType("this workspace accepts no attachments", accepted=[])
        if not content:
            raise InputError("the file is empty", field="file")
        if len(content) > self.max_bytes:
            raise TooLarge(
                f"the file is {len(content)} bytes; at most {self.max_bytes} are accepted",
                size=len(content),
                max_bytes=self.max_bytes,
            )
        found = sniff(content)
        if found is None or found not in self.types:
            what = "of a type not recognised" if found is None else f"a {KNOWN_TYPES[found]}"
            raise UnsupportedType(
                f"the file is {what}; accepted: {self.describe()}",
                found=found,
                accepted=self.types,
            )
        return Upload(clean_filename(filename, found), found, content)

    def describe(self) -> str:
        """The accepted types in words (``PNG image, PDF, text``)."""
        return ", ".join(KNOWN_TYPES[t] for t in self.types) or "none"

    def summary(self) -> dict[str, Any]:
        """What a client needs to know before uploading (the widget's config)."""
        return {"max_bytes": self.max_bytes, "types": list(self.types)}


def sniff(content: bytes) -> str | None:
    """The type the bytes show, of ``KNOWN_TYPES`` (None: none of them)."""
    kind = filetype.guess(content[:8192])
    if kind is not None:
        mime = str(kind.mime)
        return mime if mime in KNOWN_TYPES else None
    if _BINARY.search(content):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}


def clean_filename(name: str | None, content_type: str) -> str:
    """The name to keep and offer back: no folders, control or reserved characters, at most
    ``MAX_NAME`` characters, and ``file.<ext>`` when nothing is left."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE_NAME.sub("_", base).strip(" ._")
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else base
        base = base[:MAX_NAME]
    return base or "file" + _EXTENSIONS[content_type]
