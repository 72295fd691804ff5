"""Reference data the generator draws from, loaded from ``data/catalog.yaml``.

Kept as YAML so that parties, goods, places, carriers and authorities can be added
without touching code; see the comments in the YAML for what each table means.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_DATA: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "catalog.yaml").read_text(encoding="utf-8")
)

PLACES: dict[str, str] = _DATA["places"]
COUNTRY_NAMES: dict[str, dict[str, str]] = _DATA["country_names"]
SELLERS: list[dict[str, Any]] = _DATA["sellers"]
BUYERS: list[dict[str, Any]] = _DATA["buyers"]
GOODS: dict[str, list[dict[str, Any]]] = _DATA["goods"]
AIRLINES: list[list[str]] = _DATA["airlines"]
SHIPPING_LINES: list[list[Any]] = _DATA["shipping_lines"]
VESSELS: list[str] = _DATA["vessels"]
HAULIERS: dict[str, list[list[str]]] = _DATA["hauliers"]
NOTIFY_PARTIES: list[dict[str, Any]] = _DATA["notify_parties"]
COO_AUTHORITIES: dict[str, str] = _DATA["coo_authorities"]
PHYTO_AUTHORITIES: dict[str, str] = _DATA["phyto_authorities"]
LICENCE_AUTHORITIES: dict[str, str] = _DATA["licence_authorities"]
INCOTERMS_BY_MODE: dict[str, list[str]] = _DATA["incoterms_by_mode"]
