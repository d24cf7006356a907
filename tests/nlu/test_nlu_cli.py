"""``deskpilot nlu train`` and ``deskpilot nlu eval`` through the Typer app, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deskpilot.nlu.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
TRAIN = str(FIXTURES / "intents_train.csv")
TEST = str(FIXTURES / "intents_test.csv")

runner = CliRunner()


def test_nlu_train_writes_a_model_and_reuses_it(tmp_path: Path) -> None:
    first = runner.invoke(app, ["train", "--data", TRAIN, "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "tfidf: 5 intents from 54 examples, trained in" in first.stdout
    models = list(tmp_path.glob("intents-tfidf-*.pkl"))
    assert len(models) == 1
    assert first.stderr == ""  # no progress bar when stderr is not a terminal
    mtime = models[0].stat().st_mtime_ns

    second = runner.invoke(app, ["train", "--data", TRAIN, "--out", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert "up to date (cached)" in second.stdout
    assert models[0].stat().st_mtime_ns == mtime


def test_nlu_train_with_oos_label_learns_only_in_scope_intents(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["train", "--data", TRAIN, "--out", str(tmp_path), "--oos-label", "oos"]
    )
    assert result.exit_code == 0, result.output
    assert "tfidf: 4 intents from 54 examples" in result.stdout


def test_nlu_eval_prints_quality_oos_and_speed() -> None:
    result = runner.invoke(app, ["eval", "--train", TRAIN, "--test", TEST, "--oos-label", "oos"])
    assert result.exit_code == 0, result.output
    for figure in (
        "accuracy",
        "macro-F1",
        "in-scope accuracy",
        "OOS recall",
        "calibration ECE",
        "training time",
        "latency, one query  p50",
        "throughput, batch",
    ):
        assert figure in result.stdout


def test_nlu_eval_json_has_every_figure(tmp_path: Path) -> None:
    args = ["eval", "--train", TRAIN, "--test", TEST, "--json", "--cache-dir", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["classifier"] == "tfidf"
    assert report["intents"] == 5  # without --oos-label, "oos" is an intent like any other
    assert report["in_scope_accuracy"] is None and report["oos_recall"] is None
    assert 0.5 <= report["accuracy"] <= 1.0
    assert report["latency_p95_ms"] >= report["latency_p50_ms"] > 0
    assert report["throughput_per_second"] > 0
    again = json.loads(runner.invoke(app, args).stdout)
    assert again["from_cache"] is True and again["accuracy"] == report["accuracy"]


def test_nlu_eval_with_oos_label_reports_oos_recall() -> None:
    args = ["eval", "--train", TRAIN, "--test", TEST, "--oos-label", "oos", "--json"]
    report = json.loads(runner.invoke(app, args).stdout)
    assert report["intents"] == 4
    assert report["oos_recall"] >= 0.6
    assert report["in_scope_accuracy"] >= 0.85


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.csv", "expected a header row 'text,label' and examples, found an empty file"),
        ("missing_column.csv", "expected columns 'text' and 'label' in the header, found"),
        ("one_class.csv", "expected examples of at least 2 intents"),
        ("not_utf8.csv", "expected UTF-8 text, found byte 0xe9 on line 3"),
        ("absent.csv", "found no such file"),
    ],
)
def test_nlu_train_bad_input_is_one_error_line(tmp_path: Path, fixture: str, message: str) -> None:
    result = runner.invoke(
        app, ["train", "--data", str(FIXTURES / fixture), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_nlu_eval_bad_test_file_is_one_error_line() -> None:
    result = runner.invoke(app, ["eval", "--train", TRAIN, "--test", str(FIXTURES / "empty.csv")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "empty file" in result.stderr


def test_nlu_unknown_classifier_lists_the_valid_names(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["train", "--data", TRAIN, "--out", str(tmp_path), "--classifier", "bert"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: unknown intent classifier 'bert'; expected one of: embedding, ensemble, tfidf"
    )
