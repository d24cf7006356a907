"""What reading slips of the keyboard costs: building a workspace's ``Slips`` and reading a
message through them, in CPU time (``time.process_time``: a shared machine's load aside).

    .venv/bin/python bench/understanding/slips_cost.py [CASES ...] [--workspace examples/retail]
        [--store ../shared/datasets/tau-retail]

Prints the CPU time to read the language's word list (once per process), to build the
workspace's slips (``components.typed_slips``), and per customer message of the suites given
(default: the public one), with the words it rewrote.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from deskpilot.components import typed_slips
from deskpilot.domains import load_pack
from deskpilot.nlu import language_words
from deskpilot.workspace import load_workspace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    """Measure and print the three costs and the words rewritten."""
    args = _arguments()
    workspace = load_workspace(args.workspace)
    pack = load_pack(workspace.config.domain or "")
    catalogue = pack.catalogue(pack.load(args.store))
    started = time.process_time()
    for language in workspace.config.languages:
        language_words(language)
    listed = time.process_time() - started
    started = time.process_time()
    slips = typed_slips(workspace, catalogue)
    built = time.process_time() - started
    messages = [
        turn["customer"]
        for folder in args.cases
        for path in sorted(folder.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text())["cases"]
        for turn in case["turns"]
    ]
    started = time.process_time()
    read = [slips.read(message) for message in messages]
    each = (time.process_time() - started) / max(len(messages), 1)
    print(f"language word list: {listed:.2f} s CPU (once per process)")
    print(f"workspace slips:    {built:.2f} s CPU (once per workspace)")
    print(f"per message:        {each * 1000:.3f} ms CPU ({len(messages)} messages)")
    for before, after in zip(messages, read, strict=True):
        changed = [(a, b) for a, b in zip(before.split(), after.split(), strict=True) if a != b]
        if changed:
            print("  rewrote", changed)
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", type=Path, default=[ROOT / "tests" / "conversations"])
    parser.add_argument("--workspace", type=Path, default=ROOT / "examples" / "retail")
    parser.add_argument(
        "--store", type=Path, default=ROOT.parent / "shared" / "datasets" / "tau-retail"
    )
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(main())
