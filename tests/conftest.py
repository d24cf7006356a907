"""Shared fixtures: a demo store, an isolated runtime, and the two databases."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from deskpilot.domain import Case, CaseId, CustomerId, DialogueState, Understanding
from deskpilot.flows import SlotContext
from deskpilot.pipeline import BuildContext, ComponentRegistry
from deskpilot.runtime import Runtime
from deskpilot.settings import PROJECT_ROOT, Settings, get_settings
from deskpilot.testing import CaseResult, run_case_files
from deskpilot.workspace import Workspace

SHARED = PROJECT_ROOT.parent / "shared" / "datasets"
TAU_RETAIL = SHARED / "tau-retail"
RETAIL_WORKSPACE = PROJECT_ROOT / "examples" / "retail"
T = TypeVar("T")


def run_cli(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real ``deskpilot`` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "deskpilot.cli", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def api_key_headers(runtime: Any) -> dict[str, str]:
    """Headers with a new API key holding every scope, for clients of the server-to-server API
    (``runtime`` is a ``deskpilot.runtime.Runtime``)."""
    from deskpilot.domain import ApiScope

    _key, secret = runtime.api_keys.do_create("tests", [s.value for s in ApiScope], actor="tests")
    return {"Authorization": f"Bearer {secret}"}


def require_services() -> bool:
    """Whether tests of real services must run rather than skip (CI sets it)."""
    return get_settings().require_services


def skip_or_fail(reason: str) -> None:
    """Skip on a laptop without the service; fail where services are required."""
    if require_services():
        pytest.fail(f"{reason} (DESKPILOT_REQUIRE_SERVICES=1 makes this mandatory)")
    pytest.skip(reason)


def need_tau_retail() -> Path:
    """The reference store, or a skip naming the missing folder."""
    if not (TAU_RETAIL / "orders.json").exists():
        pytest.skip(f"reference dataset not found at {TAU_RETAIL} (needs ../shared/datasets)")
    return TAU_RETAIL


def assert_passed(result: CaseResult) -> None:
    """A conversation case passed; when not, its failures and transcript say why."""
    assert result.passed, (result.failures, [line.text for line in result.transcript])


def conversation_case(name: str, turns: list[str], expect: dict[str, Any]) -> dict[str, Any]:
    """A conversation case (the format of ``tests/conversations``): the customer's ``turns``
    and what is expected of them."""
    return {"name": name, "turns": [{"customer": t} for t in turns], "expect": expect}


def expected_write(name: str, **args: Any) -> dict[str, Any]:
    """An expected action of a conversation case: the write ``name`` with ``args``."""
    return {"name": name, "args": args}


def run_reference_cases(cases: Sequence[Mapping[str, Any]], tmp: Path) -> dict[str, CaseResult]:
    """Conversation cases (the format of ``tests/conversations``) run with the store's workspace
    on a fresh copy of the reference store, by name; a skip without the store."""
    store = need_tau_retail()
    path = tmp / "cases.yaml"
    path.write_text(yaml.safe_dump({"cases": list(cases)}, sort_keys=False))
    settings = Settings(data_dir=tmp / "data", workspace=RETAIL_WORKSPACE, store=store)
    return {r.name: r for r in run_case_files([path], settings)}


@pytest.fixture(scope="session")
def demo_store_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated demo store, written once per test session (never modified)."""
    from deskpilot.domains.retail import generate_store, write_store

    folder = tmp_path_factory.mktemp("demo-store-source")
    write_store(folder, generate_store())
    return folder


def _loaded_once(load: Callable[[Path], Workspace]) -> Callable[[Path], Workspace]:
    """``load`` (``load_workspace``) remembered by what it reads: the folder and the path and
    bytes of every file under it (a file a test writes or changes is read again; an error is
    not remembered). A workspace is immutable, and the runtimes already share one."""
    done: dict[tuple[str, str], Workspace] = {}

    def remembered(root: Path) -> Workspace:
        if not root.is_dir():
            return load(root)
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        key = (str(root), digest.hexdigest())
        if key not in done:
            done[key] = load(root)
        return done[key]

    return remembered


_SESSION_PATCH = pytest.MonkeyPatch()


def pytest_configure(config: pytest.Config) -> None:
    """Each workspace's files are read and validated once per session (about 1 s for the
    store's, YAML composed in pure Python to name lines in errors): by the test modules that
    load one when imported, by every runtime and by every conversation runner. Tests of the
    loader's errors still get them, and the loader itself stays as it is in
    ``deskpilot.workspace._loader``."""
    import deskpilot.runtime
    import deskpilot.testing._runner
    import deskpilot.workspace

    remembered = _loaded_once(deskpilot.workspace.load_workspace)
    for module in (deskpilot.workspace, deskpilot.runtime, deskpilot.testing._runner):
        _SESSION_PATCH.setattr(module, "load_workspace", remembered)


def pytest_unconfigure(config: pytest.Config) -> None:
    _SESSION_PATCH.undo()


def _read_once(read: Callable[[Workspace], T]) -> Callable[[Workspace], T]:
    """``read`` remembered by what it reads: the workspace's folder, its limits and the bytes of
    every file under its ``knowledge/`` (a file a test changes is read again; an error is not
    remembered)."""
    done: dict[tuple[str, str, str], T] = {}

    def remembered(workspace: Workspace) -> T:
        digest = hashlib.sha256()
        folder = workspace.root / "knowledge"
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        key = (str(workspace.root), repr(workspace.policies.limits), digest.hexdigest())
        if key not in done:
            done[key] = read(workspace)
        return done[key]

    return remembered


@pytest.fixture(scope="session", autouse=True)
def help_center_read_once() -> Iterator[None]:
    """Each runtime reads its help center's articles and synonyms twice over (YAML composed in
    pure Python to name lines in errors: about 1 s a runtime); the same files give the same
    articles and synonyms, so a session reads each content once. Tests of the readers
    themselves call them from ``deskpilot.knowledge``, which stays as it is."""
    import deskpilot.components as components

    with pytest.MonkeyPatch.context() as patch:
        for name in ("load_articles", "load_synonyms"):
            patch.setattr(components, name, _read_once(getattr(components, name)))
        yield


def _trained_once(train: Callable[..., Any], kept: Path) -> Callable[..., Any]:
    """``train`` (``train_classifier``) remembered by its training key, the hash of the
    examples and configuration that names a stored model: without a cache folder, the session
    keeps the classifier trained first; with one, the folder is given the model file the
    session kept, and ``train`` loads it as on a deployment that trained it before. A call
    with a registry or a progress report of its own is left as it is."""
    from deskpilot.nlu.intents import ClassifierConfig, training_key
    from deskpilot.nlu.intents._cache import model_path

    done: dict[str, Any] = {}

    def remembered(
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        name: str = "tfidf",
        config: Any = None,
        cache_dir: Path | None = None,
        registry: Any = None,
        progress: Any = None,
    ) -> Any:
        if registry is not None or progress is not None:
            return train(
                texts,
                labels,
                name=name,
                config=config,
                cache_dir=cache_dir,
                registry=registry,
                progress=progress,
            )
        key = training_key(name, config or ClassifierConfig(), texts, labels)
        if cache_dir is None:
            if key not in done:
                done[key] = train(texts, labels, name=name, config=config)
            return done[key]
        mine, wanted = model_path(kept, name, key), model_path(cache_dir, name, key)
        if mine.is_file() and not wanted.is_file():
            cache_dir.mkdir(parents=True, exist_ok=True)
            for suffix in (".json", ".pkl"):
                shutil.copyfile(mine.with_suffix(suffix), wanted.with_suffix(suffix))
        trained = train(texts, labels, name=name, config=config, cache_dir=cache_dir)
        if not mine.is_file() and wanted.is_file():
            for suffix in (".json", ".pkl"):  # the model last: it says both are there
                shutil.copyfile(wanted.with_suffix(suffix), mine.with_suffix(suffix))
        return trained

    return remembered


@pytest.fixture(scope="session", autouse=True)
def intent_models_trained_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every runtime and conversation runner trains its workspace's intent classifier (about
    2 s for the store's, in a child process when the data folder is new); the same examples
    and configuration give the same model, so a session trains each once. Tests of the
    training itself import ``train_classifier`` where it is defined, or pass their own
    registry, and get it as it is."""
    import deskpilot.nlu.intents as intents

    kept = tmp_path_factory.mktemp("intent-models")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intents, "train_classifier", _trained_once(intents.train_classifier, kept))
        yield


@dataclass(frozen=True)
class RetailParts:
    """The store workspace, loaded once, and a component registry whose understander (intent
    classifier and span tagger, trained in seconds) is built once over the demo store's
    catalogue; the decider and responder are still built per runtime, since they keep
    per-runtime state (the help center's misses go to the runtime's own index)."""

    workspace: Workspace
    registry: ComponentRegistry

    def runtime(self, settings: Settings, **kwargs: Any) -> Runtime:
        """``build_runtime(settings, **kwargs)``, with these parts when ``settings`` name the
        store workspace."""
        from deskpilot.runtime import build_runtime

        if settings.workspace.resolve() != RETAIL_WORKSPACE.resolve():
            return build_runtime(settings, **kwargs)
        return build_runtime(settings, self.registry, workspace=self.workspace, **kwargs)


def shared_understander(workspace: Workspace, catalogue: Mapping[str, Any]) -> ComponentRegistry:
    """The default components, the understander among them built once for ``workspace`` and
    ``catalogue`` and handed to every runtime (as ``deskpilot test`` shares it between cases)."""
    from deskpilot.components import default_registry

    base = default_registry()
    name = workspace.config.pipeline.understand
    understander = base.understand.build(name, BuildContext(workspace, catalogue))
    shared = ComponentRegistry()
    shared.understand.add(name, lambda _context: understander)
    for stage in (shared.decide, shared.respond):
        for factory_name, factory in getattr(base, stage.stage).factories.items():
            stage.add(factory_name, factory)
    return shared


@pytest.fixture(scope="session")
def retail(demo_store_source: Path) -> RetailParts:
    """The store workspace and its understander, built once per session for the runtimes of
    the API, console, web chat and flow tests (each still gets its own database and store)."""
    from deskpilot.runtime import pack_of
    from deskpilot.workspace import load_workspace

    workspace = load_workspace(RETAIL_WORKSPACE)
    pack = pack_of(workspace)
    assert pack is not None
    source = {
        name: json.loads((demo_store_source / f"{name}.json").read_text())
        for name in ("users", "orders", "products")
    }
    return RetailParts(workspace, shared_understander(workspace, pack.catalogue(source)))


@pytest.fixture
def store_data(demo_store_source: Path) -> dict[str, Any]:
    """The pristine demo store as data, to pick real customers and orders from."""
    return {
        name: json.loads((demo_store_source / f"{name}.json").read_text())
        for name in ("users", "orders", "products")
    }


@pytest.fixture
def settings(tmp_path: Path, demo_store_source: Path) -> Settings:
    """Settings for an isolated run: its own data folder, SQLite file and store working copy."""
    return Settings(
        data_dir=tmp_path / "data",
        workspace=RETAIL_WORKSPACE,
        store=demo_store_source,
        retry_interval_seconds=3600,
    )


def _postgres_admin_url() -> str:
    return get_settings().postgres_test_url


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards (skips without the server)."""
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"dp_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    base = _postgres_admin_url().rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as c:
            c.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each repository test runs against SQLite and against PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'deskpilot.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def slot_context(text: str, **fields: Any) -> SlotContext:
    """What a resolver sees, over ``text`` alone: the understanding of those words, a case of
    no customer in particular, no slots, dialogue, user, records or catalogue; ``fields``
    replace any of them (``slots=``, ``record=``, ``kind=``…)."""
    base: dict[str, Any] = {
        "text": text,
        "understanding": Understanding(text=text),
        "case": Case(id=CaseId("c1"), customer_id=CustomerId("u1")),
        "slots": {},
        "dialogue": DialogueState(),
        "options": {},
        "user": None,
        "record": lambda _kind, _id: None,
        "catalogue": None,
    }
    return SlotContext(**{**base, **fields})


# A failure that is a write nobody asked for, or the right action with other arguments.
WRONG_WRITE = re.compile(r"^unexpected write|, executed (?!nothing)\w+\(")


def assert_suite_holds(results: Sequence[CaseResult], *, floor: float, at_least: int) -> None:
    """What a conversation suite must never lose: no wrong write in any case, at least
    ``at_least`` cases run, and a pass rate of at least ``floor``."""
    wrong = [f"{r.name}: {f}" for r in results for f in r.failures if WRONG_WRITE.search(f)]
    assert wrong == []
    passed = sum(r.passed for r in results)
    assert len(results) >= at_least
    assert passed / len(results) >= floor, f"{passed}/{len(results)} passed"
