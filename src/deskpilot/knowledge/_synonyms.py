"""The help center's synonyms: groups of words and phrases customers use for its own terms.

``knowledge/synonyms.yaml`` in the workspace holds the groups (``courier``, ``carrier``,
``delivery company``). A question's word or phrase found in a group stands for the whole group:
retrieval searches every member, and a passage holding any member holds that part of the
question. Words are compared as the index stems them (SQLite FTS5's porter tokenizer), so
"charged" in a question matches "charge" in a group; a phrase matches the question's words in
order, stop words between them skipped ("charged me twice" is "charged twice").
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from deskpilot.errors import WorkspaceError
from deskpilot.knowledge._words import content_words
from deskpilot.workspace import Workspace
from deskpilot.workspace._yaml import load_yaml_model
from deskpilot.workspace._yamlpos import compose, line_of

FILE = "knowledge/synonyms.yaml"
TOKENIZER = "porter unicode61 remove_diacritics 2"
_ENTRY = re.compile(r"^[^\W_]+(?:[ '\-][^\W_]+)*$", re.UNICODE)


def _entry(value: str) -> str:
    entry = value.strip().lower()
    if not _ENTRY.match(entry):
        raise ValueError(f"{value!r}: expected words separated by spaces, hyphens or apostrophes")
    return entry


Entry = Annotated[str, AfterValidator(_entry)]


class SynonymsFile(BaseModel):
    """``knowledge/synonyms.yaml``: groups of words or phrases that mean the same to a reader."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    groups: list[Annotated[list[Entry], Field(min_length=2)]] = Field(
        default_factory=list,
        description="each group: words or phrases that say the same thing ([courier, carrier])",
    )


@dataclass(frozen=True)
class Concept:
    """A part of a question: the words it was said with, and every way of saying it."""

    said: str
    alternatives: tuple[str, ...]

    @property
    def match(self) -> str:
        """The FTS5 expression that finds any of its alternatives."""
        return " OR ".join(f'"{a}"' for a in self.alternatives)


class Stemmer:
    """Words as the knowledge index stems them: a scratch FTS5 table with the same tokenizer."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self._db.executescript(
            f"create virtual table scratch using fts5(word, tokenize = '{TOKENIZER}');"
            "create virtual table terms using fts5vocab(scratch, 'instance');"
        )
        self._lock = threading.Lock()

    def stems(self, words: Sequence[str]) -> list[str]:
        """The stem of each word (a word the tokenizer splits keeps its first token)."""
        if not words:
            return []
        with self._lock:
            self._db.execute("begin")
            try:
                self._db.executemany(
                    "insert into scratch (rowid, word) values (?, ?)",
                    [(i + 1, w) for i, w in enumerate(words)],
                )
                rows = self._db.execute(
                    "select doc, term from terms where offset = 0 order by doc"
                ).fetchall()
            finally:
                self._db.execute("rollback")
        found = {int(doc): str(term) for doc, term in rows}
        return [found.get(i + 1, w.lower()) for i, w in enumerate(words)]


class Synonyms:
    """The workspace's synonym groups, ready to read questions with."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self.stemmer = Stemmer()
        self.groups: tuple[tuple[str, ...], ...] = tuple(tuple(g) for g in groups)
        self._phrases: dict[tuple[str, ...], int] = {}
        for number, group in enumerate(self.groups):
            for entry in group:
                key = tuple(self.stemmer.stems(content_words(entry)))
                if key:
                    self._phrases.setdefault(key, number)
        self._longest = max((len(k) for k in self._phrases), default=0)

    def __len__(self) -> int:
        return len(self.groups)

    def group_of(self, words: Sequence[str]) -> tuple[str, ...] | None:
        """The group ``words`` (content words, in order) are an entry of, if any."""
        number = self._phrases.get(tuple(self.stemmer.stems(words)))
        return None if number is None else self.groups[number]

    def read(self, words: Sequence[str]) -> list[tuple[str, tuple[str, ...] | None]]:
        """``words`` (content words, in order) as parts: the longest runs that are an entry of a
        group, with its group; every other word alone, with None."""
        stems = self.stemmer.stems(words)
        parts: list[tuple[str, tuple[str, ...] | None]] = []
        at = 0
        while at < len(words):
            for size in range(min(self._longest, len(words) - at), 0, -1):
                number = self._phrases.get(tuple(stems[at : at + size]))
                if number is not None:
                    parts.append((" ".join(words[at : at + size]), self.groups[number]))
                    at += size
                    break
            else:
                parts.append((words[at], None))
                at += 1
        return parts


def load_synonyms(workspace: Workspace) -> Synonyms:
    """The workspace's ``knowledge/synonyms.yaml`` (no groups without it); WorkspaceError with
    the file, line and field of a bad entry, or of an entry found in two groups."""
    path = workspace.root / FILE
    if not path.is_file():
        return Synonyms()
    parsed = load_yaml_model(path, SynonymsFile, root=workspace.root)
    synonyms = Synonyms(parsed.groups)
    seen: dict[tuple[str, ...], int] = {}
    for number, group in enumerate(parsed.groups):
        for place, entry in enumerate(group):
            words = content_words(entry)
            key = tuple(synonyms.stemmer.stems(words))
            if not key:
                problem = f"{entry!r} is only stop words: it says nothing a question can match"
                raise _error(path, ("groups", number, place), problem)
            other = seen.setdefault(key, number)
            if other != number:
                members = ", ".join(parsed.groups[other])
                read = " ".join(key)
                problem = (
                    f"{entry!r} (read as {read!r}) is already in groups[{other}] ({members}); "
                    "keep it in one group"
                )
                raise _error(path, ("groups", number, place), problem)
    return synonyms


def _error(path: Path, loc: tuple[str | int, ...], problem: str) -> WorkspaceError:
    line = line_of(compose(path.read_text(encoding="utf-8")), loc)
    field = f"groups[{loc[1]}][{loc[2]}]"
    return WorkspaceError(f"{FILE}:{line}: {field}: {problem}", file=FILE, line=line, field=field)
