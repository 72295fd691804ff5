"""Assessor assignment through the real hand-off task: skills first, then open workload.

The roster is the bundled one (handoff/data/assessors.yaml). Each test has a database of
its own, so the workload starts at zero.
"""

from __future__ import annotations

from typing import Any

from clearway.settings import Settings
from tests.integration import test_handoff_outbox as base

fresh = base.fresh  # the fixture: a database of this test's own, clearway.tasks pointed at it

# Chapters that need no permit (validators/data/permit_requirements.yaml), so that the
# declarations are complete and queued.
FOOTWEAR = ("640399", "640411")  # chapter 64: as-keller (en, de, 12), as-moreau (en, fr, 10)
MACHINERY = ("847130", "845811")  # chapter 84: as-nair (15), as-braun (10), as-dubois (10)


def assignments(settings: Settings) -> dict[str, dict[str, Any]]:
    from storage.assignments import list_assignments
    from storage.db import transaction

    with transaction(settings) as conn:
        return {r["consignment_ref"]: r for r in list_assignments(conn, status=None)}


def workload(settings: Settings) -> dict[str, int]:
    from storage.assignments import open_workload
    from storage.db import transaction

    with transaction(settings) as conn:
        return open_workload(conn)


def test_declarations_spread_over_qualified_assessors_by_open_workload(fresh: Settings) -> None:
    base.queue(fresh, 51, 52, 53, 54, hs_codes=FOOTWEAR)
    base.queue(fresh, 55, 56, 57, 58, hs_codes=MACHINERY)
    assert workload(fresh) == {
        "as-keller": 2,
        "as-moreau": 2,
        "as-nair": 2,  # the most capacity wins ties
        "as-braun": 1,
        "as-dubois": 1,
    }
    rows = assignments(fresh)
    assert all(not r["pool"] and r["status"] == "open" for r in rows.values())
    assert {tuple(r["chapters"]) for r in rows.values()} == {("64",), ("84",)}

    # The documents are in French: only as-moreau reads them, though as-keller is as busy.
    [fr] = base.queue(fresh, 59, hs_codes=FOOTWEAR, language="fr")
    assert rows_of(fresh, fr) == ("as-moreau", False)
    assert assignments(fresh)[fr]["languages"] == ["fr"]
    [next_one] = base.queue(fresh, 60, hs_codes=FOOTWEAR)
    assert rows_of(fresh, next_one) == ("as-keller", False)  # 2 open against as-moreau's 3

    # Crude oil: nobody on the roster covers chapter 27, so the general pool, with the reason.
    [oil] = base.queue(fresh, 61, hs_codes=("270900", "271019"))
    row = assignments(fresh)[oil]
    assert (row["assessor_id"], row["pool"], row["team"]) == ("pool-general", True, "general")
    assert row["reason"] == "no assessor covers chapters 27; languages not known"

    # A closed assignment frees its assessor: as-braun had one, now none, and gets the next.
    from storage.assignments import close_assignment
    from storage.db import transaction

    braun = next(ref for ref, r in assignments(fresh).items() if r["assessor_id"] == "as-braun")
    with transaction(fresh) as conn:
        assert close_assignment(conn, braun)
    [machine] = base.queue(fresh, 62, hs_codes=MACHINERY)
    assert rows_of(fresh, machine) == ("as-braun", False)


def test_an_assignment_is_made_once_and_travels_with_the_declaration(fresh: Settings) -> None:
    from clearway import tasks

    refs = base.queue(fresh, 71, 72, 73, hs_codes=FOOTWEAR)
    before = assignments(fresh)
    tasks.hand_off(refs)  # a retried hand-off
    tasks.hand_off(list(reversed(refs)))  # in another order
    assert assignments(fresh) == before
    assert workload(fresh) == {"as-keller": 2, "as-moreau": 1}
    for row in base.outbox_rows(fresh):
        who = before[row["consignment_ref"]]
        assert row["payload"]["assessor"]["id"] == who["assessor_id"]
        assert row["payload"]["assessor"]["email"].endswith("@customs.localhost")
        assert row["payload"]["assessor"]["reason"] == who["reason"]


def rows_of(settings: Settings, ref: str) -> tuple[str, bool]:
    row = assignments(settings)[ref]
    return row["assessor_id"], row["pool"]
