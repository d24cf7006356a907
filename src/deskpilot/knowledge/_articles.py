"""Help-center articles: Markdown files with front matter in the workspace's ``knowledge/``.

An article starts with a YAML front matter block (``title``, ``tags``, ``language``,
``audience``, optional ``valid_from`` / ``valid_until``), then Markdown. A value the policies hold
is written as a placeholder (``{{ limits.max_refund }}``) and filled from ``policies.yaml``, so an
article and the policy cannot disagree. Each ``##`` section is one passage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from deskpilot.errors import WorkspaceError
from deskpilot.workspace import Workspace
from deskpilot.workspace._yamlpos import compose, line_of

FOLDER = "knowledge"
_FENCE = "---"
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


class ArticleMeta(BaseModel):
    """An article's front matter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    tags: list[str] = []
    language: str = "en"
    audience: Literal["customers", "agents"] = "customers"
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Passage:
    """One section of an article: its heading and text, the unit retrieval returns."""

    heading: str
    text: str


@dataclass(frozen=True)
class Article:
    """A help-center article, its placeholders filled, split into passages."""

    slug: str
    path: str  # relative to the workspace
    meta: ArticleMeta
    passages: tuple[Passage, ...]
    digest: str  # of the file's text and the policy values it uses

    @property
    def title(self) -> str:
        """The article's title."""
        return self.meta.title

    @property
    def link(self) -> str:
        """Where the article is read in the help center."""
        return f"/help/{self.slug}"

    def valid_on(self, day: date) -> bool:
        """Whether the article holds on ``day`` (inside its validity window)."""
        after = self.meta.valid_from is None or self.meta.valid_from <= day
        before = self.meta.valid_until is None or day <= self.meta.valid_until
        return after and before


def load_articles(workspace: Workspace) -> tuple[Article, ...]:
    """Every article of the workspace's ``knowledge/`` folder (none without the folder);
    WorkspaceError naming the file, line and field of the first bad one."""
    folder = workspace.root / FOLDER
    if not folder.is_dir():
        return ()
    limits = {
        k: int(v) if float(v).is_integer() else v for k, v in workspace.policies.limits.items()
    }
    values: dict[str, object] = {"limits": limits}
    articles = [
        parse_article(path, path.relative_to(workspace.root).as_posix(), values)
        for path in sorted(folder.rglob("*.md"))
    ]
    seen: dict[str, str] = {}
    for article in articles:
        if article.slug in seen:
            raise WorkspaceError(
                f"{article.path}: two articles are named {article.slug!r} "
                f"(the other is {seen[article.slug]}); rename one",
                file=article.path,
                field="slug",
            )
        seen[article.slug] = article.path
    return tuple(articles)


def parse_article(path: Path, where: str, values: dict[str, object]) -> Article:
    """One article from ``path`` (``where`` names it in errors); placeholders from ``values``."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FENCE:
        raise _error(where, 1, "front matter", "expected a front matter block opened by '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == _FENCE), None)
    if end is None:
        raise _error(where, 1, "front matter", "the front matter block is never closed by '---'")
    header = "\n".join(lines[1:end])
    try:
        raw = yaml.safe_load(header)
        node = compose(header)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise _error(where, line, "front matter", f"not valid YAML: {problem}") from None
    if not isinstance(raw, dict):
        raise _error(where, 2, "front matter", "expected a mapping of fields")
    try:
        meta = ArticleMeta.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        loc = tuple(problem["loc"])
        line = line_of(node, loc)
        field = ".".join(str(p) for p in loc) or "front matter"
        raise _error(where, (line or 1) + 1, field, problem["msg"]) from None
    if meta.valid_from and meta.valid_until and meta.valid_until < meta.valid_from:
        line = line_of(node, ("valid_until",))
        raise _error(where, (line or 1) + 1, "valid_until", "is before valid_from")
    body_at = end + 2  # the 1-based line of the body's first line
    body = "\n".join(lines[end + 1 :])
    try:
        filled = _ENV.from_string(body).render(values)
    except jinja2.UndefinedError as exc:
        line = _line_naming(lines, end + 1, exc.message or "") or body_at
        raise _error(where, line, "placeholder", f"{exc.message}; known: limits.*") from None
    except jinja2.TemplateSyntaxError as exc:
        raise _error(where, body_at + exc.lineno - 1, "placeholder", exc.message or "") from None
    passages = split_passages(meta.title, filled)
    if not passages:
        raise _error(where, body_at, "body", "the article has no text")
    slug = Path(where).stem
    digest = hashlib.sha256((text + repr(sorted(values.items()))).encode()).hexdigest()
    return Article(slug=slug, path=where, meta=meta, passages=passages, digest=digest)


def split_passages(title: str, body: str) -> tuple[Passage, ...]:
    """The body's sections: text before the first ``##`` heading falls under the title."""
    passages: list[Passage] = []
    heading = title
    chunk: list[str] = []

    def flush() -> None:
        text = "\n".join(chunk).strip()
        if text:
            passages.append(Passage(heading, text))

    for line in body.splitlines():
        m = _HEADING.match(line)
        if m is not None and len(m.group(1)) == 1:
            continue  # the page's own title, said again
        if m is not None:
            flush()
            heading, chunk = m.group(2), []
        else:
            chunk.append(line)
    flush()
    return tuple(passages)


def _line_naming(lines: list[str], start: int, message: str) -> int | None:
    name = re.search(r"'(\w+)'", message)
    if name is None:
        return None
    return next(
        (i + 1 for i in range(start, len(lines)) if name.group(1) in lines[i] and "{{" in lines[i]),
        None,
    )


def _error(where: str, line: int, field: str, problem: str) -> WorkspaceError:
    return WorkspaceError(f"{where}:{line}: {field}: {problem}", file=where, line=line, field=field)
