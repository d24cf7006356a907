"""Resident memory of what ``deskpilot serve`` imports, and what leaving a module out would save.

Imports what the serve role imports before it builds its runtime (``deskpilot.cli``,
``deskpilot.api``, ``deskpilot.runtime``) in a fresh interpreter and prints ``VmRSS``. Each
``--without`` module is replaced by an empty stand-in first, so the figure says what the
process would hold without it (a measure only: the stand-in would break whoever calls it).
``--lingua`` then builds the help center's language detector (English, Spanish, French, as the
demo store's) and prints the resident memory and the peak (``VmHWM``) after it.

    .venv/bin/python bench/api/import_memory.py [--without cel.cli] [--without alembic] [--lingua]
"""

from __future__ import annotations

import argparse
import sys
import types
from collections.abc import Sequence


def vm(field: str) -> float:
    """A ``/proc/self/status`` memory field, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stand_in(name: str) -> None:
    """An empty module (and package) ``name``, with the names its importers take from it."""
    module = types.ModuleType(name)
    module.__path__ = []
    sys.modules[name] = module
    if name == "alembic":  # store/_engine.py: ``from alembic import command``; ``.config``
        module.command = sys.modules["alembic.command"] = types.ModuleType("alembic.command")
        config = sys.modules["alembic.config"] = types.ModuleType("alembic.config")
        config.Config = object  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Import, print, and optionally build the language detector."""
    p = argparse.ArgumentParser(description="Resident memory of the serve role's imports.")
    p.add_argument("--without", action="append", default=[], help="a module to leave out")
    p.add_argument("--lingua", action="store_true", help="then build the language detector")
    args = p.parse_args(argv)
    for name in args.without:
        stand_in(name)
    import deskpilot.api
    import deskpilot.cli
    import deskpilot.runtime  # noqa: F401

    left_out = f" without {', '.join(args.without)}" if args.without else ""
    print(f"after the serve role's imports{left_out}: RSS {vm('VmRSS'):.1f} MB")
    if args.lingua:
        from deskpilot.knowledge._answer import language_detector

        language_detector(("en", "es", "fr"), "en")
        print(f"after the language detector: RSS {vm('VmRSS'):.1f} MB, peak {vm('VmHWM'):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
