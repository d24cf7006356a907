"""Thread limits for training and prediction: one thread for BLAS and for torch.

The machines DeskPilot runs on are small and shared. When a thread pool (OpenBLAS behind numpy,
OpenMP behind torch) has more threads than there are free cores, its spin-waiting threads stall:
on our two-core benchmark machine under load, one 1×384 by 384×10,000 product took 12 ms with two
BLAS threads and 1.3 ms with one, and MLP training ran ten times slower. A single query gains
nothing from a second thread, so both pools are held to one thread while DeskPilot works, and the
caller's settings are restored afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

THREADS = 1

_blas: list[Any] | None = None


def _blas_libraries() -> list[Any]:
    # Found on first use, when numpy and scipy have loaded their BLAS libraries.
    global _blas
    if _blas is None:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        _blas = [c for c in ThreadpoolController().lib_controllers if c.user_api == "blas"]
    return _blas


@contextmanager
def torch_threads(threads: int = THREADS) -> Iterator[None]:
    """Limit torch's intra-op threads for the block (no-op when torch is not imported)."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    if before != threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        if before != threads:
            torch.set_num_threads(before)


@contextmanager
def limited_threads(threads: int = THREADS) -> Iterator[None]:
    """Limit BLAS and torch threads for the block.

    Each BLAS library is asked and set directly, as threadpoolctl's ``limit`` does for each
    in the end: a classification runs this twice, and ``limit`` itself (a controller's copy,
    every library's information) cost about 20 µs a time, several times the settings."""
    changed = []
    for library in _blas_libraries():
        before = library.get_num_threads()
        if before != threads:
            library.set_num_threads(threads)
            changed.append((library, before))
    try:
        with torch_threads(threads):
            yield
    finally:
        for library, before in reversed(changed):
            library.set_num_threads(before)
