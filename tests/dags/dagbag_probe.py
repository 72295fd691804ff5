"""Parse the DAG folder in a clean interpreter and print what a test needs to know as JSON.

Run as a subprocess so that 'no work at parse time' can be checked on sys.modules.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DAGS = Path(__file__).resolve().parents[2] / "dags"


def _task_doc(t: object) -> str:
    # Mapped operators do not carry doc_md; their callable still has its docstring.
    fn = getattr(t, "python_callable", None)
    return getattr(t, "doc_md", None) or getattr(fn, "__doc__", None) or ""


before = set(sys.modules)
t0 = time.perf_counter()
from airflow.dag_processing.dagbag import DagBag  # noqa: E402

bag = DagBag(dag_folder=str(DAGS))
elapsed = time.perf_counter() - t0
loaded = sorted(set(sys.modules) - before)
print(
    json.dumps(
        {
            "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()},
            "parse_seconds": elapsed,
            "modules": loaded,
            "dags": {
                d.dag_id: {
                    "tags": sorted(d.tags),
                    "doc_md": d.doc_md or "",
                    "fileloc": d.fileloc,
                    "max_active_runs": d.max_active_runs,
                    "catchup": d.catchup,
                    "tasks": {
                        t.task_id: {"retries": t.retries, "doc": _task_doc(t)} for t in d.tasks
                    },
                }
                for d in bag.dags.values()
            },
        }
    )
)
