"""Evaluation: run extraction over ground-truth folders and score it the way fields.md says.

corpus (folders -> cases) -> run (cases -> timed extractions) -> score (per-case outcomes)
-> summary (figures) -> report (tables, JSON).
"""
