"""Code lists (ISO 4217, ISO 3166-1, Incoterms 2020) loaded from the data files beside this module.

Lists are data, not Python, so that a new currency or a renamed country is a one-line diff
that a reviewer can check against the standard.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 alpha-3 codes in use (plus the fund and metal codes customs may see)."""
    return frozenset(r["code"] for r in _rows("iso4217_alpha3.csv"))


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which the EU customs nomenclature uses."""
    return frozenset(r["code"] for r in _rows("iso3166_alpha2.csv"))


@cache
def incoterms() -> dict[str, bool]:
    """Incoterms 2020 rule code -> whether the rule is for sea and inland waterway only."""
    return {r["code"]: r["sea_only"] == "true" for r in _rows("incoterms2020.csv")}
