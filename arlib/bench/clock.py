"""The bench's stopwatch: wall and CPU seconds of one call."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds (all threads of this process) of one call, and its result."""
    cpu, start = _cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - start, _cpu() - cpu, result
