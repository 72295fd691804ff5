"""Letterhead finder: the issuer's name printed biggest at the top of page 1, its address in the
smaller lines right under it ("Kraxi GmbH" / "Flugzeugallee 17" / "12345 Papierfeld"); else the
name over the legal footer at the foot of page 1 ("NETPRESSE" / "Siège social : … RCS …").

Which field the letterhead fills is data (``letterhead`` in labels/<doc_type>.yaml: the seller
on invoices, the carrier on waybills, the issuing authority on permits). A letterhead has no
label, so its candidates score below labelled ones and decide only where no label names the
party.
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

from clearway.models import Word
from extractors import classify, find_labels, matching, normalize, patterns, values
from extractors.data import read_yaml
from extractors.find_labels import Candidate
from extractors.labels import LabelSet
from extractors.layout import Line

VERSION = "letterhead.v1"
TOP_LINES = 3  # a letterhead opens the page
BIG = 1.4  # times the page's median line height
MAX_ADDRESS_LINES = 5
LINE_GAP = 1.5  # address lines follow each other this closely (in line heights)
SCORES = {"name": 0.72, "address": 0.62, "country": 0.66, "footer_name": 0.68}
FOOTER_LINES = 6  # a legal footer closes the page
_REGISTER = Path(__file__).parent / "vocab" / "company_register.yaml"


def lines_to_candidates(lines: list[Line], labels: LabelSet) -> list[Candidate]:
    roles = labels.letterhead
    page = [line for line in lines if line.page == 1]
    if not roles.get("name") or len(page) < 4:
        return []
    body = statistics.median(line.bottom - line.top for line in page)
    for index, line in enumerate(page[:TOP_LINES]):
        for start, end in line.cells:
            cell = line.words[start:end]
            if height(cell) < BIG * body or not is_issuer_name(line, cell, labels):
                continue
            return letterhead_candidates(page, index, cell, body, labels)
    return footer_candidates(page, labels)


@functools.cache
def register_matcher():  # type: ignore[no-untyped-def]
    return matching.build_matcher({"register": read_yaml(_REGISTER)["markers"]})


def footer_candidates(page: list[Line], labels: LabelSet) -> list[Candidate]:
    """The issuer named alone on the line over its legal footer at the foot of the page."""
    tail = page[-FOOTER_LINES:]
    for line, below in zip(tail, tail[1:], strict=False):
        close = below.top - line.bottom <= LINE_GAP * (line.bottom - line.top)
        if len(line.cells) != 1 or not close or not names_a_register(below):
            continue
        if not is_issuer_name(line, line.words, labels):
            continue
        name = normalize.text_to_name(line.text)
        if name is not None:
            return [make(labels.letterhead["name"], name, line.words, line, SCORES["footer_name"])]
    return []


def names_a_register(line: Line) -> bool:
    return bool(register_matcher()(matching.words_to_doc(line.words)))


def is_issuer_name(line: Line, cell: tuple[Word, ...], labels: LabelSet) -> bool:
    """Big print that is neither the document's title nor a label, and reads as a name."""
    matcher, _ = classify.type_matcher()
    if matching.longest_matches(matcher, matching.words_to_doc(cell)):
        return False  # "AIR WAYBILL", "Commercial Invoice": the title
    part = Line(page=line.page, words=cell, source=line.source, cells=((0, len(cell)),))
    # A label word inside the name is part of it ("Midlands Freight Ltd"); one that opens or
    # ends the line makes it a label.
    hits = find_labels.match_line(part, labels).strong_hits
    if any(h.first == 0 or h.end == len(cell) for h in hits):
        return False
    read = values.read_name(list(cell))
    return read is not None and read[1] == 0


def letterhead_candidates(
    page: list[Line], index: int, cell: tuple[Word, ...], body: float, labels: LabelSet
) -> list[Candidate]:
    roles = labels.letterhead
    name = normalize.text_to_name(" ".join(w.text for w in cell))
    if name is None:
        return []
    line = page[index]
    out = [make(roles["name"], name, cell, line, SCORES["name"])]
    parts = address_lines(page, index, cell, labels)
    if parts and roles.get("address"):
        text = ", ".join(" ".join(w.text for w in part) for part in parts)
        words = tuple(w for part in parts for w in part)
        out.append(make(roles["address"], text, words, line, SCORES["address"]))
        country = normalize.text_to_country(" ".join(w.text for w in parts[-1]))
        if country and roles.get("country"):
            out.append(make(roles["country"], country, parts[-1], line, SCORES["country"]))
    return out


def address_lines(
    page: list[Line], index: int, cell: tuple[Word, ...], labels: LabelSet
) -> list[tuple[Word, ...]]:
    """The smaller lines right under the name, within its width (letterheads are often
    centred or right-aligned), until a gap, a label or a line of several cells."""
    x0, x1 = cell[0].x0, cell[-1].x1
    size = height(cell)
    slack = size  # about one big character
    parts: list[tuple[Word, ...]] = []
    previous = page[index]
    for line in page[index + 1 : index + 1 + MAX_ADDRESS_LINES]:
        gap_limit = LINE_GAP * (previous.bottom - previous.top)
        if line.top - previous.bottom > gap_limit or len(line.cells) != 1:
            break
        words = line.words
        if words[0].x0 < x0 - slack or words[-1].x1 > x1 + slack or height(words) >= size:
            break
        if find_labels.match_line(line, labels).strong_hits:
            break
        parts.append(words)
        previous = line
    return parts


def height(words: tuple[Word, ...] | list[Word]) -> float:
    return max(w.bottom - w.top for w in words)


def make(field: str, value: str, words: tuple[Word, ...], line: Line, score: float) -> Candidate:
    return patterns.candidate(field, value, words, line, score, extractor=VERSION)
