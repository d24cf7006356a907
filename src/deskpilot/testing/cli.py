"""The ``deskpilot test`` command: run conversation test files and report the failing cases."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from deskpilot.errors import InputError


def register(app: typer.Typer) -> None:
    """Add the ``test`` command to ``app``."""
    app.command("test")(conversation_tests)


def conversation_tests(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=(
                "Conversation test files (YAML with a `cases:` list), or folders: every "
                "*.yaml file in them, in name order."
            ),
            metavar="CASES",
        ),
    ],
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Workspace folder.", show_default=False),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Store folder each case starts from (default: the demo store).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON report per case on stdout.")
    ] = False,
) -> None:
    """Run conversation tests: each case talks to DeskPilot on a pristine copy of the store."""
    from deskpilot.settings import get_settings
    from deskpilot.testing._runner import run_case_files, summary

    updates: dict[str, object] = {}
    if workspace is not None:
        updates["workspace"] = workspace
    if store is not None:
        updates["store"] = store
    settings = get_settings().model_copy(update=updates)
    # A turn that fails is reported with its case; the log would repeat it as a traceback.
    logging.basicConfig(
        level="CRITICAL",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    results = run_case_files(_case_files(files), settings)
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in results], indent=2, default=str))
    else:
        for result in results:
            if not result.passed:
                typer.echo(f"{result.name}: {'; '.join(result.failures)}")
    typer.echo(summary(results), err=as_json)
    if any(not r.passed for r in results):
        raise typer.Exit(1)


def _case_files(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for its ``*.yaml`` files in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not inside:
                raise InputError(f"{path}: the folder holds no .yaml test files")
            found += inside
        else:
            found.append(path)
    return found
