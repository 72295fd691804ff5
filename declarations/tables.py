"""Reading the declaration data files: CSV with ``#`` comment lines, and YAML.

Tables are validated where they are used (duties.py, risk.py, amend.py); this module only
reads them, once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


@cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/<name>`` as dicts; lines starting with ``#`` are comments."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(body))


@cache
def yaml_data(name: str) -> dict[str, Any]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top")
    return data


def longest_prefix(code: str, prefixes: dict[str, Any]) -> str | None:
    """The longest key of ``prefixes`` that ``code`` starts with."""
    for n in range(len(code), 0, -1):
        if code[:n] in prefixes:
            return code[:n]
    return None
