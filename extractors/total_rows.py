"""A totals row under a header of amount columns.

"Montant EUR HT | Montant TVA | Montant EUR TTC" over rows of amounts, the last one
"Total facture  24.99  5.00  29.99": the row's label names the row, the header names each
column. Read right of "Total facture" alone, the first amount would pass for the total; here
each amount takes the field whose label heads its column (net, tax, total, amount due).
"""

from __future__ import annotations

import dataclasses

from clearway.models import Word
from extractors import values
from extractors.find_labels import Candidate, LabelHit, MatchedLine, make_candidate
from extractors.labels import STOP, LabelSet

TOTALS = ("net_amount", "tax_amount", "total_amount", "amount_due")
MAX_LINES_UP = 8  # a header stands at most this many lines above the totals row
COLUMN_SLACK = 1.5  # line heights a right-aligned amount may reach past its header's label


def matched_to_candidates(matched: list[MatchedLine], labels: LabelSet) -> list[Candidate]:
    if not all(name in labels.fields for name in TOTALS):
        return []
    out: list[Candidate] = []
    for index, row in enumerate(matched):
        amounts = row_amounts(row)
        if len(amounts) < 2:
            continue
        header = header_above(matched, index)
        if header is None:
            continue
        columns = assigned_columns(header, amounts)
        if len(columns) < 2:
            continue
        for field, (value, words, hit) in columns.items():
            candidate = make_candidate(
                field, value, words, header, hit, labels.fields[field], "below", labels
            )
            out.append(dataclasses.replace(candidate, top=row.line.top))
    return out


def totals_fields(fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if f in TOTALS]


def row_amounts(row: MatchedLine) -> list[tuple[str, tuple[Word, ...]]]:
    """The amounts of a row that opens with a totals label, one per cell after it."""
    opening = [h for h in row.strong_hits if h.first == 0 and totals_fields(h.fields)]
    if not opening:
        return []
    words = row.line.words
    out = []
    start = row.line.cell_of(opening[0].end - 1)[1]
    while start < len(words):
        end = row.line.cell_of(start)[1]
        cell = words[start:end]
        read = values.read_amount(cell)
        if read is None or read[1] != 0 or read[2] != len(cell):
            return []  # words other than amounts: not a row of totals
        out.append((read[0], tuple(cell)))
        start = end
    return out


def header_above(matched: list[MatchedLine], index: int) -> MatchedLine | None:
    """The nearest line above on the same page with labels of two totals or more."""
    row = matched[index].line
    for above in reversed(matched[max(0, index - MAX_LINES_UP) : index]):
        if above.line.page != row.page:
            return None
        named = {f for h in above.strong_hits for f in totals_fields(h.fields)}
        if len(named) >= 2:
            return above
    return None


def assigned_columns(
    header: MatchedLine, amounts: list[tuple[str, tuple[Word, ...]]]
) -> dict[str, tuple[str, tuple[Word, ...], LabelHit]]:
    """field -> (amount, its words, the header hit over it); a field claimed twice is dropped."""
    slack = COLUMN_SLACK * header.em
    words = header.line.words
    out: dict[str, tuple[str, tuple[Word, ...], LabelHit]] = {}
    claimed: set[str] = set()
    for value, cell in amounts:
        x0, x1 = cell[0].x0, cell[-1].x1
        over = [
            h
            for h in header.strong_hits
            if STOP not in h.fields
            and totals_fields(h.fields)
            and words[h.first].x0 - slack < x1
            and x0 < words[h.end - 1].x1 + slack
        ]
        if len(over) != 1:
            continue
        field = totals_fields(over[0].fields)[0]
        if field in claimed:
            out.pop(field, None)
            continue
        claimed.add(field)
        out[field] = (value, cell, over[0])
    return out
