"""Plain-text views of the assessor commands' results (``clearway declaration …``)."""

from __future__ import annotations

from typing import Any

from declarations.assessor import Amended, Decided


def _when(iso: str) -> str:
    return iso[:19].replace("T", " ")


def history_lines(history: dict[str, Any]) -> list[str]:
    lines = [f"{history['consignment_ref']}: {len(history['versions'])} version(s)"]
    for v in history["versions"]:
        who = v["created_by"] + (f" ({v['role']})" if v.get("role") else "")
        lines.append(f"  v{v['version']}  {_when(v['created_at'])}  {who}: {v['reason'] or ''}")
        for c in v["changes"]:
            lines.append(f"        {c['field']} (DE {c.get('de')}): {c['old']!r} -> {c['new']!r}")
    if history["decisions"]:
        lines.append("decisions:")
        for d in history["decisions"]:
            lines.append("  " + decision_line(d))
    if history["notices"]:
        lines.append("e-mails to the trader:")
        for n in history["notices"]:
            to = n["recipient"] or "no address"
            lines.append(f"  {_when(n['created_at'])}  {n['kind']} to {to}: {n['status']}")
    return lines


def decision_line(d: dict[str, Any]) -> str:
    line = f"{_when(d['decided_at'])}  {d['decision']} on v{d['declaration_version']} by "
    line += d["decided_by"]
    if d.get("requested"):
        line += f" (requested: {', '.join(d['requested'])})"
    if d.get("note"):
        line += f": {d['note']}"
    return line


def amended_lines(a: Amended) -> list[str]:
    if a.change is None:
        return [f"{a.ref}: unchanged, the value is already that (latest version v{a.version})"]
    c = a.change
    lines = [f"{a.ref}: v{a.version} {c['field']}: {c['old']!r} -> {c['new']!r}"]
    if a.payable_eur is not None:
        lines.append(f"  duty and VAT payable (estimate): {a.payable_eur} EUR")
    if a.risk is not None:
        lines.append(f"  risk: {a.risk['score']} ({a.risk['level']})")
        lines += [f"    {r['code']} +{r['weight']}: {r['message']}" for r in a.risk["reasons"]]
    if a.notice:
        lines.append(f"  additional-duties e-mail to the trader: {a.notice}")
    return lines


def decided_lines(d: Decided) -> list[str]:
    head = "recorded" if d.recorded else "already recorded (nothing new sent)"
    lines = [f"{d.ref}: {head}: {decision_line(d.decision)}"]
    if d.notice:
        lines.append(f"  request-for-documents e-mail to the trader: {d.notice}")
    return lines
