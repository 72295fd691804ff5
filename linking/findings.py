"""Findings that linking itself raises."""

from __future__ import annotations

from validators.findings import Finding, finding


def ambiguous_link(file: str, candidates: list[str]) -> Finding:
    return finding(
        "ambiguous_link",
        "warning",
        [file],
        [],
        f"{file} shares references with more than one consignment ({', '.join(candidates)}). "
        "Assign it in review.",
    )
