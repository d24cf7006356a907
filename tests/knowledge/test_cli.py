"""``deskpilot check`` on the help center, ``deskpilot kb index``, ``kb eval`` and ``kb gaps``,
through the real command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import RETAIL_WORKSPACE, run_cli

HERE = Path(__file__).parent


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the store's workspace that a test may change."""
    return Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path / "retail"))


def _env(tmp_path: Path) -> dict[str, str]:
    return {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}


def test_check_counts_the_knowledge_articles() -> None:
    done = run_cli("check", "--workspace", str(RETAIL_WORKSPACE))
    assert done.returncode == 0, done.stderr
    assert "38 knowledge articles" in done.stdout


@pytest.mark.parametrize(
    ("front", "where"),
    [
        ('title: "Returns"\naudience: everyone\n', "knowledge/bad.md:3: audience:"),
        ("tags: [returns]\n", "knowledge/bad.md:2: title: Field required"),
        ('title: "Returns"\ncolour: blue\n', "knowledge/bad.md:3: colour: Extra inputs"),
        (
            'title: "Returns"\nvalid_from: 2026-02-01\nvalid_until: 2026-01-01\n',
            "bad.md:4: valid_until",
        ),
        ('title: "Returns: the policy\n', "knowledge/bad.md:"),
    ],
)
def test_check_names_the_file_line_and_field_of_bad_front_matter(
    workspace: Path, front: str, where: str
) -> None:
    (workspace / "knowledge" / "bad.md").write_text(f"---\n{front}---\n\nSome text.\n")
    done = run_cli("check", "--workspace", str(workspace))
    assert done.returncode == 2
    assert where in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr  # one clear line


def test_check_rejects_a_placeholder_the_policies_do_not_hold(workspace: Path) -> None:
    text = '---\ntitle: "Refunds"\n---\n\nUp to ${{ limits.max_gift }} a day.\n'
    (workspace / "knowledge" / "bad.md").write_text(text)
    done = run_cli("check", "--workspace", str(workspace))
    assert done.returncode == 2
    assert "knowledge/bad.md:5: placeholder: " in done.stderr, done.stderr


def test_an_article_takes_the_refund_limit_from_the_policy(workspace: Path) -> None:
    policies = workspace / "policies.yaml"
    policies.write_text(policies.read_text().replace("max_refund: 500", "max_refund: 750"))
    done = run_cli(
        "kb", "eval", str(HERE / "questions.yaml"), "--workspace", str(workspace), "--json"
    )
    assert done.returncode == 0, done.stderr
    article = (workspace / "knowledge" / "refund-limit.md").read_text()
    assert "{{ limits.max_refund }}" in article
    from deskpilot.knowledge import load_articles
    from deskpilot.workspace import load_workspace

    [limit] = [a for a in load_articles(load_workspace(workspace)) if a.slug == "refund-limit"]
    assert "more than $750" in limit.passages[0].text
    assert "$500" not in limit.passages[0].text


def test_kb_index_indexes_only_what_changed(workspace: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = run_cli("kb", "index", "--workspace", str(workspace), env=env)
    assert first.returncode == 0, first.stderr
    assert "38 added, 0 updated, 0 unchanged, 0 removed" in first.stdout
    again = run_cli("kb", "index", "--workspace", str(workspace), env=env)
    assert "0 added, 0 updated, 38 unchanged, 0 removed" in again.stdout
    gift = workspace / "knowledge" / "gift-cards.md"
    gift.write_text(gift.read_text() + "\nGift cards can't be exchanged for cash.\n")
    (workspace / "knowledge" / "promo-codes.md").unlink()
    changed = run_cli("kb", "index", "--workspace", str(workspace), env=env)
    assert "0 added, 1 updated, 36 unchanged, 1 removed" in changed.stdout


def test_kb_eval_meets_its_targets_on_the_question_set() -> None:
    done = run_cli(
        "kb", "eval", str(HERE / "questions.yaml"), "--workspace", str(RETAIL_WORKSPACE), "--json"
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["questions"] == 150
    assert figures["unanswerable"] == 30
    assert figures["recall_at_3"] >= 0.95
    assert figures["right_article"] >= 0.90
    assert figures["declined"] >= 0.95
    # Asked back ("Do you mean …?"): the right article is usually among the choices offered.
    assert figures["asked_back_right"] >= 0.7 * figures["asked_back"] > 0
    # Questions in French or Spanish are answered, from articles in their language if any.
    answered = figures["in_their_language"] + figures["with_note"]
    assert answered >= 0.75 * figures["other_language"] > 0


def test_kb_eval_names_a_malformed_question(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text("- question: where do you ship\n  artcle: shipping\n")
    done = run_cli("kb", "eval", str(bad), "--workspace", str(RETAIL_WORKSPACE))
    assert done.returncode == 2
    assert "[0.article]: Field required" in done.stderr, done.stderr


def test_kb_gaps_groups_the_questions_no_article_answered(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for said in ("who won the football game last night\n", "who won the football game?\n"):
        chat = run_cli(
            "chat", "--workspace", str(RETAIL_WORKSPACE), input=said, env=env, timeout=300
        )
        assert chat.returncode == 0, chat.stderr
    gaps = run_cli("kb", "gaps", "--workspace", str(RETAIL_WORKSPACE), "--json", env=env)
    assert gaps.returncode == 0, gaps.stderr
    [gap] = json.loads(gaps.stdout)
    assert gap["count"] == 2
    assert "who won the football game last night" in gap["examples"]
