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

_controller: Any = None


def _blas_controller() -> Any:
    # Created on first use, when numpy and scipy have loaded their BLAS libraries.
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        _controller = ThreadpoolController()
    return _controller


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
    """Limit BLAS and torch threads for the block."""
    with _blas_controller().limit(limits=threads, user_api="blas"), torch_threads(threads):
        yield
