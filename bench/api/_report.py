"""The results: a Markdown table, each target with its verdict, and the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from _load import Figures, Level, LoadPlan
from _think import ThinkLevel, ThinkPlan

# Issue 15: p99 at 200 conversations with 2 s of think time, and the chat/bare ratio at 1 and
# 10 closed-loop conversations (at 50 it is shown, not judged).
TARGET_P99_MS = 50.0
TARGET_THINK_CONVERSATIONS = 200
TARGET_THINK_S = 2.0
TARGET_RATIO = 0.30
TARGET_RATIO_LEVELS = (1, 10)
TARGET_RSS_MB = 300.0


@dataclass(frozen=True)
class Memory:
    """The server's resident memory in MB (10^6 bytes), from /proc/<pid>/status."""

    rss_before_mb: float
    rss_after_mb: float
    peak_mb: float


def level_line(level: Level) -> str:
    """One progress line for a measured level."""
    return (
        f"{level.concurrency} concurrent: chat {level.chat.throughput:.0f}/s "
        f"p99 {level.chat.p99_ms:.1f} ms, bare {level.bare.throughput:.0f}/s, "
        f"chat/bare {level.ratio:.1%}"
    )


def think_line(level: ThinkLevel) -> str:
    """One progress line for the think-time workload."""
    return (
        f"{level.conversations} conversations, {level.think_s:g} s think time: "
        f"chat {level.chat.throughput:.0f}/s p50 {level.chat.p50_ms:.1f} ms "
        f"p99 {level.chat.p99_ms:.1f} ms, {level.chat.errors} errors"
    )


def _cpu(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _row(concurrency: int, name: str, f: Figures, ratio: str) -> str:
    return (
        f"| {concurrency} | {name} | {f.requests} | {f.errors} | {f.throughput:.1f} "
        f"| {f.p50_ms:.1f} | {f.p99_ms:.1f} | {f.max_ms:.1f} | {_cpu(f.client_cpu)} "
        f"| {_cpu(f.server_cpu)} | {_ms(f.server_cpu_ms_per_request)} | {_cpu(f.other_cpu)} "
        f"| {ratio} |"
    )


def table(levels: Sequence[Level]) -> str:
    """The results as a Markdown table, readable as plain text too."""
    rows = [
        "| conc. | endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms "
        "| client CPU | server CPU | server CPU ms/req | other CPU | chat/bare |",
        "|" + "---|" * 13,
    ]
    for lv in levels:
        rows.append(_row(lv.concurrency, "GET /v1/ping", lv.bare, ""))
        rows.append(_row(lv.concurrency, "chat turn", lv.chat, f"{lv.ratio:.1%}"))
    return "\n".join(rows)


def think_table(level: ThinkLevel) -> str:
    """The think-time workload as a Markdown table."""
    f = level.chat
    return "\n".join(
        [
            "| conversations | think s | offered turns/s | turns | errors | turns/s | p50 ms "
            "| p99 ms | max ms | client CPU | server CPU | server CPU ms/turn | other CPU |",
            "|" + "---|" * 13,
            f"| {level.conversations} | {level.think_s:g} | {level.offered_per_s:.0f} "
            f"| {f.requests} | {f.errors} | {f.throughput:.1f} | {f.p50_ms:.1f} "
            f"| {f.p99_ms:.1f} | {f.max_ms:.1f} | {_cpu(f.client_cpu)} | {_cpu(f.server_cpu)} "
            f"| {_ms(f.server_cpu_ms_per_request)} | {_cpu(f.other_cpu)} |",
        ]
    )


def _mark(ok: bool) -> str:
    return "MET   " if ok else "MISSED"


def _think_verdict(think: ThinkLevel | None) -> str:
    target = (
        f"(target <= {TARGET_P99_MS:.0f} ms at {TARGET_THINK_CONVERSATIONS} conversations, "
        f"{TARGET_THINK_S:g} s think time)"
    )
    if think is None:
        return f"n/a    think-time p99: not measured {target}"
    judged = (think.conversations, think.think_s) == (TARGET_THINK_CONVERSATIONS, TARGET_THINK_S)
    ok = think.chat.p99_ms <= TARGET_P99_MS and not think.chat.errors
    head = _mark(ok) if judged else "info  "
    return (
        f"{head} chat p99 at {think.conversations} conversations, {think.think_s:g} s think "
        f"time: {think.chat.p99_ms:.1f} ms, {think.chat.errors} errors {target}"
    )


def verdicts(levels: Sequence[Level], think: ThinkLevel | None, memory: Memory | None) -> list[str]:
    """Each target with the measured figure and whether it is met."""
    mark = _mark
    lines = [_think_verdict(think)]
    for lv in levels:
        judged = lv.concurrency in TARGET_RATIO_LEVELS
        head = mark(lv.ratio >= TARGET_RATIO) if judged else "info  "
        lines.append(
            f"{head} chat/bare throughput at {lv.concurrency}: "
            f"{lv.ratio:.1%} (target >= {TARGET_RATIO:.0%} at "
            f"{' and '.join(map(str, TARGET_RATIO_LEVELS))})"
        )
    for lv in levels:
        lines.append(
            f"info   chat p99 at {lv.concurrency} closed-loop conversations (no think time): "
            f"{lv.chat.p99_ms:.1f} ms"
        )
    for lv in levels:
        if lv.cpu_ratio is not None:
            lines.append(
                f"info   server CPU per ping / per chat turn at {lv.concurrency}: "
                f"{lv.cpu_ratio:.1%} (the chat/bare ratio if the server alone were the limit)"
            )
    if memory is None:
        lines.append("n/a    server memory: not measured (with --url, pass --pid)")
    else:
        worst = max(memory.rss_after_mb, memory.peak_mb)
        lines.append(
            f"{mark(worst <= TARGET_RSS_MB)} server RSS: {memory.rss_before_mb:.0f} MB before, "
            f"{memory.rss_after_mb:.0f} MB after, {memory.peak_mb:.0f} MB peak "
            f"(target <= {TARGET_RSS_MB:.0f} MB)"
        )
    measured = [f for lv in levels for f in (lv.bare, lv.chat)]
    measured += [think.chat] if think is not None else []
    if any(f.errors for f in measured):
        first = next(f.first_error for f in measured if f.errors)
        lines.append(f"WARNING some requests failed (first: {first}); see the errors column")
    return lines


def document(
    command: str,
    machine: dict[str, Any],
    plan: LoadPlan,
    think_plan: ThinkPlan | None,
    server: dict[str, Any],
    levels: Sequence[Level],
    think: ThinkLevel | None,
    memory: Memory | None,
) -> dict[str, Any]:
    """Everything measured, as one JSON-ready document."""
    return {
        "command": command,
        "machine": machine,
        "plan": asdict(plan),
        "think_plan": None if think_plan is None else asdict(think_plan),
        "server": {**server, "memory": None if memory is None else asdict(memory)},
        "levels": [
            {**asdict(lv), "chat_bare_ratio": lv.ratio, "server_cpu_ratio": lv.cpu_ratio}
            for lv in levels
        ],
        "think": None if think is None else asdict(think),
        "verdicts": verdicts(levels, think, memory),
    }
