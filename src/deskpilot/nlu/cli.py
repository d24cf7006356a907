"""``deskpilot nlu``: train an intent classifier from a CSV, or evaluate one on a test CSV.

Both commands read UTF-8 ``text,label`` files. Errors are one ``error: ...`` line on stderr and
exit code 2; a progress bar is drawn on stderr only when it is a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from deskpilot.errors import NLUError
from deskpilot.nlu._protocols import ProgressCallback

app = typer.Typer(
    help="Intent classification: train from examples, evaluate on a test set.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ClassifierOpt = Annotated[
    str,
    typer.Option(
        "--classifier",
        "-c",
        help="tfidf (no extra needed), embedding or ensemble (need the embeddings extra).",
    ),
]
OosOpt = Annotated[
    str | None,
    typer.Option(
        "--oos-label",
        help="Label marking out-of-scope rows (e.g. oos); they teach out-of-scope detection.",
        show_default=False,
    ),
]


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr when ``enabled``; otherwise no callback at all."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("training", total=1.0)

        def update(step: str, done: float) -> None:
            bar.update(task, completed=done, description=step)

        yield update


def _fail(exc: NLUError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    return typer.Exit(code=2)


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="Training CSV with text,label columns.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the model (also its cache).")],
    classifier: ClassifierOpt = "tfidf",
    oos_label: OosOpt = None,
) -> None:
    """Train a classifier; nothing is refitted when the examples and settings are unchanged."""
    from deskpilot.nlu.intents import ClassifierConfig, OOSConfig, read_examples, train_classifier

    try:
        examples = read_examples(data)
        config = ClassifierConfig(oos=OOSConfig(label=oos_label))
        with _progress_bar(sys.stderr.isatty()) as progress:
            trained = train_classifier(
                examples.texts,
                examples.labels,
                name=classifier,
                config=config,
                cache_dir=out,
                progress=progress,
            )
    except NLUError as exc:
        raise _fail(exc) from exc
    state = (
        "up to date (cached)"
        if trained.from_cache
        else f"trained in {trained.training_seconds:.1f} s"
    )
    typer.echo(
        f"{trained.name}: {len(trained.classifier.intents)} intents from {len(examples)} examples, "
        f"{state}: {trained.path}"
    )


@app.command("eval")
def evaluate_command(
    train_csv: Annotated[Path, typer.Option("--train", help="Training CSV (text,label).")],
    test_csv: Annotated[Path, typer.Option("--test", help="Test CSV (text,label).")],
    oos_label: OosOpt = None,
    classifier: ClassifierOpt = "tfidf",
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir", help="Reuse or store the trained model here.", show_default=False
        ),
    ] = None,
) -> None:
    """Train on --train, then report accuracy, macro-F1, OOS figures, ECE, latency, throughput."""
    from deskpilot.nlu.evaluation import evaluate
    from deskpilot.nlu.intents import read_examples

    try:
        train_examples = read_examples(train_csv)
        test_examples = read_examples(test_csv)
        with _progress_bar(sys.stderr.isatty()) as progress:
            report = evaluate(
                train_examples,
                test_examples,
                classifier=classifier,
                oos_label=oos_label,
                cache_dir=cache_dir,
                progress=progress,
            )
    except NLUError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        for line in report.lines():
            typer.echo(line)
