"""Run Clearway's DAGs once each, in order, in this process with ``dag.test()``.

Used by the demo and the end-to-end test; the environment (AIRFLOW_* and CLEARWAY_*)
must already point at the project's PostgreSQL and services (see clearway.localstack).
Prints one line per DAG run with its state; exits non-zero if any run did not succeed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

DEFAULT_ORDER = [
    "clearway_ingest_email",
    "clearway_ingest_bucket",
    "clearway_process_documents",
    "clearway_link_and_handoff",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dag_ids", nargs="*", default=DEFAULT_ORDER)
    args = parser.parse_args()

    # GX logs hundreds of INFO lines when imported after Airflow.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(Path(__file__).resolve().parents[1] / "dags"))
    if bag.import_errors:
        for path, err in bag.import_errors.items():
            print(f"import error in {path}: {err}", file=sys.stderr)
        return 2
    failed = 0
    for dag_id in args.dag_ids:
        dag = bag.get_dag(dag_id)
        if dag is None:
            print(f"unknown DAG {dag_id}", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        run = dag.test()
        state = str(getattr(run, "state", "unknown"))
        ok = state.endswith("success")
        failed += not ok
        print(f"RUN {dag_id}: {state} in {time.perf_counter() - t0:.1f}s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
