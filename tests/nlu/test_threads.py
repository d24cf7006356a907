"""The BLAS thread limit around a classification: one thread inside, the caller's after."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from deskpilot.nlu.intents._threads import limited_threads


def _blas_threads() -> list[int]:
    return [i["num_threads"] for i in ThreadpoolController().info() if i["user_api"] == "blas"]


def test_limited_threads_holds_blas_to_one_thread_and_restores_the_callers() -> None:
    np.ones((2, 2)) @ np.ones((2, 2))  # numpy's BLAS loaded
    if not _blas_threads():
        pytest.skip("no BLAS library loaded")
    controller = ThreadpoolController()
    with controller.limit(limits=2, user_api="blas"):
        with limited_threads():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {2}
        with pytest.raises(RuntimeError), limited_threads():
            raise RuntimeError("a classification failed")
        assert set(_blas_threads()) == {2}


def test_limited_threads_leaves_a_pool_already_at_one_thread_alone() -> None:
    np.ones((2, 2)) @ np.ones((2, 2))
    if not _blas_threads():
        pytest.skip("no BLAS library loaded")
    with ThreadpoolController().limit(limits=1, user_api="blas"):
        with limited_threads():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {1}
