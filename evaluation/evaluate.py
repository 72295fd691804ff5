"""Folders -> summary: the whole ``clearway eval`` run, with progress on stderr."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from clearway.settings import Settings
from evaluation.corpus import Case, dir_to_cases
from evaluation.run import run_cases
from evaluation.score import CaseResult, score_case
from evaluation.summary import summarise


def evaluate(
    folders: list[Path],
    settings: Settings,
    workers: int | None = None,
    with_xml: bool = False,
    on_case: Callable[[int, int, Case], None] | None = None,
) -> dict[str, Any]:
    cases = [case for folder in folders for case in dir_to_cases(folder, with_xml)]
    results: list[CaseResult] = []
    for done, (case, extraction, seconds) in enumerate(run_cases(cases, settings, workers), 1):
        results.append(score_case(case, extraction, seconds))
        if on_case is not None:
            on_case(done, len(cases), case)
    results.sort(key=lambda r: (r.corpus, r.id))
    return summarise(results)
