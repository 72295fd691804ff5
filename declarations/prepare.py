"""One consignment's documents -> its findings, pre-filled declaration and completeness.

Shared by the in-process pipeline (``clearway process``) and the hand-off task, so that the
command line and the DAGs cannot disagree about what a consignment needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from clearway.models import Extraction, Frozen
from declarations.assemble import assemble_declaration, completeness
from declarations.risk import TraderHistory, score_risk
from validators.consignment import CheckParams, check_consignment
from validators.findings import Finding


class PreparedConsignment(Frozen):
    findings: tuple[Finding, ...]
    declaration: dict[str, Any]
    complete: bool
    missing: tuple[str, ...]


def prepare_consignment(
    documents: Iterable[Extraction],
    params: CheckParams,
    history_of: Callable[[Mapping[str, Any]], TraderHistory | None] | None = None,
) -> PreparedConsignment:
    """``history_of``: looks up the trader history of the assembled declaration where a
    database is at hand (``lambda d: storage.declarations.trader_history(conn, ref, d)``);
    without it the risk score gives no new-trader reason."""
    docs = list(documents)
    findings = check_consignment(docs, params)
    declaration = assemble_declaration(docs, params.confidence_threshold)
    history = history_of(declaration) if history_of is not None else None
    declaration["risk"] = score_risk(declaration, findings, history)
    complete, missing = completeness(declaration, docs, findings)
    return PreparedConsignment(
        findings=tuple(findings), declaration=declaration, complete=complete, missing=tuple(missing)
    )
