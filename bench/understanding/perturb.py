"""Readings that survive other people's typing: a conversation suite under perturbations.

Runs a conversation suite (by default the public one, ``tests/conversations`` on
``examples/retail`` and the tau-retail store) through the runner ``deskpilot test`` uses, once as
written and once per perturbation, with every customer message rewritten by that perturbation
alone (``_perturbations.py``: lower case, no punctuation, contractions expanded, contractions
collapsed, one keyboard typo). It reports, per run, the cases passed and the cases with a wrong
write (a write the case does not expect). The components are built once for all runs; a case
whose messages a perturbation leaves unchanged keeps its unperturbed result.

    .venv/bin/python bench/understanding/perturb.py [CASES ...] [--workspace examples/retail]
        [--store ../shared/datasets/tau-retail] [--only lower,nopunct] [--case TEXT]
        [--out DIR] [--show]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_STORE = ROOT.parent / "shared" / "datasets" / "tau-retail"
sys.path.insert(0, str(HERE))

from _perturbations import PERTURBATIONS, Perturbation  # noqa: E402

from deskpilot.runtime import ensure_demo_store  # noqa: E402
from deskpilot.settings import get_settings  # noqa: E402
from deskpilot.testing import (  # noqa: E402
    CaseResult,
    ConversationCase,
    ConversationTestRunner,
    CustomerTurn,
    load_cases,
)
from deskpilot.testing._runner import _pack_for_tests  # noqa: E402
from deskpilot.workspace import load_workspace  # noqa: E402

UNPERTURBED = "none"
# A failure that names a write the case does not expect, as `deskpilot test` words it.
_WRONG_WRITE = re.compile(r"^unexpected write|, executed (?!nothing)\w+\(")


def perturbed(case: ConversationCase, perturbation: Perturbation) -> ConversationCase:
    """The case with every customer message rewritten; the seed is the case and turn."""
    turns = []
    for number, turn in enumerate(case.turns, start=1):
        text = perturbation(turn.customer, f"{case.name}:{number}").strip() or turn.customer
        turns.append(CustomerTurn(customer=text))
    return case.model_copy(update={"turns": turns})


def wrong_write(result: CaseResult) -> bool:
    """Whether the case executed a write it does not expect."""
    return any(_WRONG_WRITE.search(failure) for failure in result.failures)


def main(argv: list[str] | None = None) -> int:
    """Run the suite as written and under each chosen perturbation; print the table."""
    args = _arguments(argv)
    logging.basicConfig(level="CRITICAL")
    chosen = _chosen(args.only)
    settings = get_settings().model_copy(update={"workspace": args.workspace, "store": args.store})
    files = [(_shown(p), load_cases(p)) for p in _case_files(args.cases)]
    workspace = load_workspace(settings.workspace)
    pack = _pack_for_tests(workspace)
    pristine = pack.load(ensure_demo_store(settings, pack))
    rows: list[dict[str, Any]] = []
    with ConversationTestRunner(settings, workspace, pristine) as runner:
        plain: dict[tuple[str, str], CaseResult] = {}

        def as_written(case: ConversationCase, file: str) -> CaseResult:
            if (file, case.name) not in plain:
                plain[(file, case.name)] = runner.run_case(case, file)
            return plain[(file, case.name)]

        for name in chosen:
            started = time.monotonic()
            results: list[CaseResult] = []
            changed = 0
            for file, loaded in files:
                for case in loaded.cases:
                    if not _kept(args, case):
                        continue
                    variant = case
                    if name != UNPERTURBED:
                        variant = perturbed(case, PERTURBATIONS[name])
                    if variant.turns == case.turns:
                        results.append(as_written(case, file))
                    else:
                        changed += 1
                        results.append(runner.run_case(variant, file))
            row = _row(name, results, changed, time.monotonic() - started)
            rows.append(row)
            print(_line(row), flush=True)
            if args.out is not None:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}.json").write_text(
                    json.dumps([r.to_json() for r in results], indent=1, default=str)
                )
            if args.show and name != UNPERTURBED:
                _show(
                    results,
                    [as_written(c, f) for f, ld in files for c in ld.cases if _kept(args, c)],
                )
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


def _kept(args: argparse.Namespace, case: ConversationCase) -> bool:
    return not args.case or args.case in case.name


def _row(name: str, results: list[CaseResult], changed: int, seconds: float) -> dict[str, Any]:
    return {
        "perturbation": name,
        "cases": len(results),
        "changed": changed,
        "passed": sum(1 for r in results if r.passed),
        "wrong_writes": sum(1 for r in results if wrong_write(r)),
        "seconds": round(seconds, 1),
    }


def _line(row: dict[str, Any]) -> str:
    return (
        f"{row['perturbation']:<9} passed {row['passed']:>3}/{row['cases']:<3} "
        f"wrong writes {row['wrong_writes']:>2}   "
        f"({row['changed']} cases rewritten, {row['seconds']:.0f} s)"
    )


def _show(results: list[CaseResult], written: list[CaseResult]) -> None:
    for result, before in zip(results, written, strict=True):
        if before.passed and not result.passed:
            tag = "WRONG" if wrong_write(result) else "LOST"
            print(f"  {tag} {result.name} | {'; '.join(result.failures)[:160]}")
        elif not before.passed and result.passed:
            print(f"  GAINED {result.name}")


def _chosen(only: str | None) -> list[str]:
    known = [UNPERTURBED, *PERTURBATIONS]
    if not only:
        return known
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown run {unknown}; choose from {known}")
    return names


def _shown(path: Path) -> str:
    """The file as ``deskpilot test`` run from the repository names it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _case_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", type=Path, default=[ROOT / "tests" / "conversations"])
    parser.add_argument("--workspace", type=Path, default=ROOT / "examples" / "retail")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument(
        "--only", help=f"comma-separated runs (default: {UNPERTURBED} and every perturbation)"
    )
    parser.add_argument("--out", type=Path, help="a folder for one deskpilot-test JSON per run")
    parser.add_argument("--case", help="only the cases whose name holds this text")
    parser.add_argument("--show", action="store_true", help="list the cases each run lost")
    parser.add_argument("--json", action="store_true", help="the table as JSON at the end")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(main())
