"""The machine a benchmark ran on: CPU, cores, memory, versions, load."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd


def _proc(path: str, key: str) -> str | None:
    """The value of the first `key: value` line of a /proc file, None elsewhere."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines
                 if line.split(":", 1)[0].strip() == key), None)


def facts() -> dict[str, object]:
    """CPU model, logical cores, RAM, OS, Python, DuckDB, pandas and numpy versions."""
    mem = _proc("/proc/meminfo", "MemTotal")
    return {
        "cpu": _proc("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gb": round(int(mem.split()[0]) / 2**20, 1) if mem else None,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
