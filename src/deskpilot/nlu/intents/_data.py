"""Labelled examples: reading ``text,label`` CSV files and checking examples before training."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskpilot.errors import NLUError

REQUIRED_COLUMNS = ("text", "label")


@dataclass(frozen=True)
class Examples:
    """Texts with their intent labels, in file order."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)


def read_examples(path: Path) -> Examples:
    """Read a UTF-8 CSV with a header holding ``text`` and ``label`` columns (others ignored)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise NLUError(
            f"expected a CSV file at {path}, found no such file", path=str(path)
        ) from exc
    except IsADirectoryError as exc:
        raise NLUError(f"expected a CSV file at {path}, found a directory", path=str(path)) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NLUError(
            f"{path}: expected UTF-8 text, found byte 0x{raw[exc.start]:02x} on line {line} "
            "that is not UTF-8 (re-save the file as UTF-8)",
            path=str(path),
            line=line,
        ) from exc
    if not content.strip():
        raise NLUError(
            f"{path}: expected a header row 'text,label' and examples, found an empty file",
            path=str(path),
        )
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise NLUError(
            f"{path}: expected columns 'text' and 'label' in the header, found "
            f"{', '.join(repr(h) for h in header) or 'none'} (missing {', '.join(missing)})",
            path=str(path),
            missing=missing,
        )
    reader.fieldnames = header
    texts: list[str] = []
    labels: list[str] = []
    for row in reader:
        text = (row.get("text") or "").strip()
        label = (row.get("label") or "").strip()
        if not text or not label:
            field = "text" if not text else "label"
            raise NLUError(
                f"{path}: line {reader.line_num}: expected a non-empty {field}, found none",
                path=str(path),
                line=reader.line_num,
            )
        texts.append(text)
        labels.append(label)
    if not texts:
        raise NLUError(f"{path}: expected examples after the header, found none", path=str(path))
    return Examples(texts=tuple(texts), labels=tuple(labels))


def check_training_examples(
    texts: Sequence[str], labels: Sequence[str], oos_label: str | None
) -> list[str]:
    """The sorted in-scope intents, after checking the examples can train a classifier."""
    if len(texts) != len(labels):
        raise NLUError(
            f"expected one label per text, found {len(texts)} texts and {len(labels)} labels"
        )
    blank = next((i for i, t in enumerate(texts) if not isinstance(t, str) or not t.strip()), None)
    if blank is not None:
        raise NLUError(f"expected non-empty texts, found an empty text at position {blank}")
    counts = Counter(label for label in labels if label != oos_label)
    if len(counts) < 2:
        found = ", ".join(sorted(counts)) or "none"
        raise NLUError(
            f"expected examples of at least 2 intents (besides the out-of-scope label), "
            f"found {len(counts)}: {found}",
            intents=sorted(counts),
        )
    return sorted(counts)
