"""Label finder: a known label on a line, its value to the right on that line or just below it.

For every line the label vocabulary is matched (longest phrase wins, stop labels included so a
value never runs into the next label); for each field label, the value is read by the field's
kind from the words right of the label (the rest of its cell, else the next cell, up to the next
label), or else from the line(s) directly below within the label's column.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from clearway.models import Word
from extractors import matching, normalize, values
from extractors.labels import STOP, WEAK, WEAK_RANK, FieldSpec, LabelSet, fillers, name_sublabels
from extractors.layout import Line

VERSION = "labels.v1"
PARTY_FIELDS = {"seller_name": "seller", "buyer_name": "buyer"}


@dataclass(frozen=True)
class Candidate:
    field: str
    value: str
    words: tuple[Word, ...]
    page: int
    source: str
    score: float
    extractor: str
    top: float = 0.0


# Distances are in units of the label line's height (its font size), so that the same rules
# read PDF points and OCR pixels at any resolution.
FAR_RIGHT = 12.0  # a next cell further right than this is another column, not the label's value
COLUMN_SLACK = 1.5  # a value below may stick out this far beyond its label's cell
NAME_INDENT = 2.5  # a name below starts at most this far right of its heading
PARTY_COLUMN = 7.0  # a party heading governs fields this close to its left edge
ALIGN = 0.5  # address lines start this close to the name's left edge
NO_NUMBER_FACTOR = 0.8
MID_TEXT_FACTOR = 0.85
# Kinds whose value may follow the label in its cell without a colon ("Airport of Departure
# VNSGN Ho Chi Minh City"): unlike a name ("Lieferant GmbH"), they do not read as one phrase.
SELF_EVIDENT_KINDS = {"location", "incoterms_place", "country", "freight_terms"}
# Nor does a label of this many words ("Description of goods CNC lathe"): where OCR set the
# value too close to its label to be a cell of its own, the phrase still ends the label.
SELF_EVIDENT_LABEL_WORDS = 3
RIVALS_FACTOR = 0.8
# "8 Consignee", "12. Gross weight", "(3) Exporter": the number of a form box.
# Kinds whose value is never a small number opening a cell of words (a count is: "3 cartons",
# a date "2 February 2026").
NUMBERED_BOX_KINDS = {"reference", "eori", "location", "incoterms_place"}
_BOX_NUMBER = re.compile(r"^\(?\d{1,2}[.)]?$")
# The capitalised word after a box number ("12 Vehicle"), unlike a unit ("12 kg", "20 KGM").
_BOX_LABEL_WORD = re.compile(r"^[^\W\d_a-z][^\W\d_A-Z]*[a-zß-ÿ][^\W\d_]*")


@dataclass(frozen=True)
class LabelHit:
    fields: tuple[str, ...]
    start: int
    end: int
    head: int = -1  # where the label begins, its box number included (-1: at start)

    @property
    def first(self) -> int:
        return self.start if self.head < 0 else self.head


@dataclass(frozen=True)
class MatchedLine:
    line: Line
    keys: tuple[str, ...]
    hits: tuple[LabelHit, ...]

    @property
    def label_starts(self) -> list[int]:
        return sorted(h.first for h in self.hits)

    def in_label(self, index: int) -> bool:
        return any(h.first <= index < h.end for h in self.strong_hits)

    @property
    def strong_hits(self) -> tuple[LabelHit, ...]:
        """Hits that are labels wherever they stand ("of" is one only after a number)."""
        return tuple(h for h in self.hits if not all(f.endswith(WEAK) for f in h.fields))

    def next_label(self, index: int, field: str) -> int:
        """Where the next label at or after ``index`` begins: the end of a value there. A label
        of the field being read does not end it ("Freight: FREIGHT PREPAID")."""
        return min(
            (
                h.first
                for h in self.hits
                if h.first >= index
                and field not in self.fields_at(h.start)
                and not all(f.endswith(WEAK) for f in h.fields)  # "of" in "Council of India"
            ),
            default=len(self.line.words),
        )

    def fields_at(self, index: int) -> set[str]:
        return {
            f.removesuffix(WEAK) for h in self.hits if h.first <= index < h.end for f in h.fields
        }

    @property
    def em(self) -> float:
        return max(1.0, self.line.bottom - self.line.top)


def match_lines(lines: list[Line], labels: LabelSet) -> list[MatchedLine]:
    raw = [match_line(line, labels) for line in lines]
    return [drop_dangling_name_labels(raw, i, labels) for i in range(len(raw))]


def lines_to_candidates(
    lines: list[Line], labels: LabelSet, matched: list[MatchedLine] | None = None
) -> list[Candidate]:
    matched = match_lines(lines, labels) if matched is None else matched
    out: list[Candidate] = []
    for index, ml in enumerate(matched):
        read_here: set[str] = (
            set()
        )  # fields whose value was read on this line, left of the current hit
        for hit in ml.hits:
            for label in hit.fields:
                if label == STOP:
                    continue
                name, weak = label.removesuffix(WEAK), label.endswith(WEAK)
                spec = labels.fields[name]
                if weak and not weak_label_applies(ml, hit, spec, read_here):
                    continue
                found = value_right_of(matched, index, hit, spec)
                if not found.reads and not weak:
                    found = value_below(matched, index, hit, spec)
                if not found.reads:
                    continue
                field = route_to_party(matched, index, hit, name, labels)
                read_here.add(name)
                for value, words in found.reads:
                    out.append(
                        make_candidate(
                            field,
                            value,
                            words,
                            ml,
                            hit,
                            spec,
                            found.placement,
                            labels,
                            weak,
                            found.rivals,
                        )
                    )
                if found.line_index is not None and spec.kind == "name":
                    out.extend(
                        party_block_candidates(
                            matched, found.line_index, found.reads[0][1], field, ml, hit, labels
                        )
                    )
    return out


@dataclass(frozen=True)
class Found:
    reads: list[tuple[str, tuple[Word, ...]]]
    placement: str = "right"
    line_index: int | None = None  # the line the value was read from, when below the label
    rivals: bool = False  # more values of the kind stand where this one was read


def read_values(spec: FieldSpec, words: list[Word]) -> list[tuple[str, tuple[Word, ...]]]:
    """One value, or for list fields every value in the words ("6110.20, 6109.10.00")."""
    out: list[tuple[str, tuple[Word, ...]]] = []
    rest = words
    while rest:
        read = values.READERS[spec.kind](rest)
        if read is None:
            break
        value, a, b = read
        out.append((value, tuple(rest[a:b])))
        if not spec.is_list or b <= 0:
            break
        rest = rest[b:]
    return out


def weak_label_applies(
    ml: MatchedLine, hit: LabelHit, spec: FieldSpec, read_here: set[str]
) -> bool:
    if spec.weak_after_field:
        return spec.weak_after_field in read_here
    return any(k in spec.weak_after_words for k in ml.keys[: hit.start])


def match_line(line: Line, labels: LabelSet) -> MatchedLine:
    keys = tuple(matching.word_key(w.text) for w in line.words)
    hits = tuple(
        LabelHit(fields=tuple(names), start=start, end=end, head=box_number_head(line, start))
        for names, start, end in matching.longest_matches(
            labels.matcher,
            matching.keys_to_doc(list(keys)),
            # A label is printed in one piece: "CONOCIMIENTO DE EMBARQUE | N.º de conocimiento:"
            # holds the label "n.º de conocimiento", not "conocimiento de embarque n". (OCR's
            # word boxes part a label's words wider now and then: "1 N° | de certificat".)
            keep=lambda start, end: (
                line.source != "text"
                or not line.cells
                or line.cell_of(start) == line.cell_of(end - 1)
            ),
        )
        if not in_parentheses(line, start)
    )
    hits = numbered_boxes(line, glosses_joined(line, hits))
    return MatchedLine(line=line, keys=keys, hits=tuple(without_code_values(line, hits, labels)))


def glosses_joined(line: Line, hits: tuple[LabelHit, ...]) -> tuple[LabelHit, ...]:
    """A label followed at once by its own translation is one label: "Lieferant Seller
    Exporter", "Rechnungsanschrift Customer", as OCR reads a bilingual form whose "/" it lost.
    Read apart, the translation became the value ("Seller Exporter") and the name below was
    never looked at. A label with a colon is whole by itself: in "COMMERCIAL INVOICE Invoice
    No.: SGE/26/8290" the title's word stays apart from the label after it."""
    out: list[LabelHit] = []
    for hit in hits:
        before = out[-1] if out else None
        shared = (
            shared_fields(before, hit)
            if before is not None
            and before.end == hit.first
            and not ends_with_colon(line, before)
            and not ends_with_colon(line, hit)
            and not opens_value_cell(line, before, hit)
            else ()
        )
        if before is not None and shared:
            out[-1] = LabelHit(fields=shared, start=before.start, end=hit.end, head=before.head)
        else:
            out.append(hit)
    return tuple(out)


def opens_value_cell(line: Line, before: LabelHit, hit: LabelHit) -> bool:
    """ "Modalités de fret | Fret payable à destination": the label's words open the next cell,
    which goes on: that cell is the value, not a translation of the label."""
    start, end = line.cell_of(hit.first)
    return start == hit.first and line.cell_of(before.start) != (start, end) and end > hit.end


def numbered_boxes(line: Line, hits: tuple[LabelHit, ...]) -> tuple[LabelHit, ...]:
    """Box numbers of a form's row of labels, whatever the gaps between the words: OCR of a
    widely set form leaves each word its own cell, so box_number_head does not see "13" open the
    cell of "Bruttogewicht", and "12 Packstücke 13 Bruttogewicht 14 Nettogewicht" read 13 as
    the number of packages. Two or more small numbers, rising, each right before a label, are
    the boxes' numbers ("Packages 13 Gross weight 876" has one: it stays a value)."""
    numbered = [
        (i, h)
        for i, h in enumerate(hits)
        if h.first == h.start
        and h.start > 0
        and _BOX_NUMBER.match(line.words[h.start - 1].text)
        and (i == 0 or hits[i - 1].end < h.start)
    ]
    numbers = [int(re.sub(r"\D", "", line.words[h.start - 1].text)) for _, h in numbered]
    if len(numbered) < 2 or any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
        return hits
    out = list(hits)
    for i, h in numbered:
        out[i] = LabelHit(fields=h.fields, start=h.start, end=h.end, head=h.start - 1)
    return tuple(out)


def ends_with_colon(line: Line, hit: LabelHit) -> bool:
    """ "Invoice No.:" or "Invoice No. :" - a colon closes the label."""
    words = line.words
    return words[hit.end - 1].text.endswith(":") or (
        hit.end < len(words) and words[hit.end].text.startswith(":")
    )


def shared_fields(a: LabelHit, b: LabelHit) -> tuple[str, ...]:
    theirs = {f.removesuffix(WEAK) for f in b.fields if f != STOP}
    return tuple(f for f in a.fields if f != STOP and f.removesuffix(WEAK) in theirs)


# An Incoterm may spell a label elsewhere: "Lieferkondition CIF Rotterdam", or "CIF Hamburg" under
# "Incoterms", is the Incoterm CIF, not Spanish "CIF" (a tax id label).
INCOTERMS_KINDS = {"incoterms", "incoterms_place"}


def without_code_values(
    line: Line, hits: tuple[LabelHit, ...], labels: LabelSet
) -> Iterator[LabelHit]:
    """Hits, less an Incoterm printed right after an Incoterms label (its value)."""
    previous: LabelHit | None = None
    for hit in hits:
        if (
            previous is not None
            and previous.end == hit.first
            and any(
                labels.fields[name.removesuffix(WEAK)].kind in INCOTERMS_KINDS
                for name in previous.fields
                if name != STOP
            )
            and is_incoterm(line.words[hit.start : hit.end])
        ):
            continue
        yield hit
        previous = hit


def is_incoterm(words: Sequence[Word]) -> bool:
    """Words that are an Incoterm code and nothing else, printed in capitals as the ICC does."""
    read = values.READERS["incoterms"](words)
    return read is not None and read[2] == len(words) and all(w.text.isupper() for w in words)


def in_parentheses(line: Line, start: int) -> bool:
    """Does the word stand inside a parenthesis opened earlier in its cell ("Netto (excl. USt.)")?
    A label there glosses the label before it; it labels no value of its own."""
    cell_start = line.cell_of(start)[0]
    before = "".join(w.text for w in line.words[cell_start:start])
    return before.count("(") > before.count(")")


def box_number_head(line: Line, start: int) -> int:
    """A form box's number opening the label's cell is part of the label, not a value."""
    before = start - 1
    if (
        before >= 0
        and _BOX_NUMBER.match(line.words[before].text)
        and line.cell_of(before)[0] == before
        and line.cell_of(start)[0] == before
    ):
        return before
    return start


def drop_dangling_name_labels(raw: list[MatchedLine], index: int, labels: LabelSet) -> MatchedLine:
    """A name label with more words after it in its cell and no colon is part of a name, not a label
    ("Lieferant GmbH", "Client Services Ltd"), unless those words start where the values of
    the label/value rows around start ("Ausstellende Behörde  Bundesamt für ...")."""
    ml = raw[index]
    kept = []
    for hit in ml.hits:
        names = [f.removesuffix(WEAK) for f in hit.fields if f != STOP]
        is_name_label = bool(names) and all(labels.fields[n].kind == "name" for n in names)
        words = ml.line.words
        colon = ends_with_colon(ml.line, hit)
        # "Seller / Exporter", "Consignee (Importer)": a heading with a gloss, still a label.
        glossed = hit.end < len(words) and (
            matching.word_key(words[hit.end].text) == matching.PUNCT
            or words[hit.end].text.startswith("(")
        )
        boxed = hit.first < hit.start  # "4 Notify address": a numbered form box's label
        long_label = hit.end - hit.start >= SELF_EVIDENT_LABEL_WORDS  # "Description of goods"
        cell_end = ml.line.cell_of(hit.start)[1]
        if (
            is_name_label
            and not colon
            and not glossed
            and not boxed
            and not long_label
            and cell_end > hit.end
            and not value_set_in_column(raw, index, hit)
        ):
            continue
        if is_name_label and inside_text(ml, hit):
            continue  # "FRACHT ZAHLT EMPFÄNGER": a word of a value, not a party heading
        kept.append(hit)
    return MatchedLine(line=ml.line, keys=ml.keys, hits=tuple(kept))


def value_right_of(matched: list[MatchedLine], index: int, hit: LabelHit, spec: FieldSpec) -> Found:
    ml = matched[index]
    words = ml.line.words
    stop = ml.next_label(hit.end, spec.name)
    cell_start, cell_end = ml.line.cell_of(hit.end - 1)
    if spec.kind in ("name", "address", "location", "incoterms_place", "country", "freight_terms"):
        # Free text: the rest of the label's cell, or the next cell when the label ends its cell.
        # Within the cell only after a colon: "Lieferant GmbH" is a name, not label + value.
        has_colon = ends_with_colon(ml.line, hit)
        if (
            cell_end > hit.end
            and (
                has_colon
                # "Ausstellende Behörde  Bundesamt für ..." with too narrow a gap to part the
                # cells, the value where the rows around start theirs.
                or value_set_in_column(matched, index, hit)
                or (
                    (
                        spec.kind in SELF_EVIDENT_KINDS
                        or hit.end - hit.start >= SELF_EVIDENT_LABEL_WORDS
                    )
                    and plain_value_after(ml, hit)
                )
            )
            and not all(
                matching.word_key(w.text) == matching.PUNCT for w in words[hit.end : cell_end]
            )
        ):
            span = range(hit.end, min(cell_end, stop))
        else:
            nxt = ml.line.cell_of(cell_end) if cell_end < len(words) else (cell_end, cell_end)
            if spec.kind == "name":
                stop = name_stop(ml, nxt, stop, spec.name)
            span = range(cell_end, min(nxt[1], stop))
            if span and opens_numbered_box(ml, cell_end):
                return Found([])  # "7 Final destination | 8 Vehicle": the next box's label
            if (
                cell_end < len(words)
                and words[cell_end].x0 - words[cell_end - 1].x1 > FAR_RIGHT * ml.em
                and not in_value_column(matched, index, nxt)
            ):
                return Found([])  # far across the page: another column, not this label's value
    else:
        # Up to the next label, an unknown one of a numbered box included ("12 Vehicle").
        boxes = (
            i
            for i in range(hit.end, stop)
            if spec.kind in NUMBERED_BOX_KINDS
            and ml.line.cell_of(i)[0] == i
            and opens_numbered_box(ml, i)
        )
        span = range(hit.end, next(boxes, stop))
    reads = read_values(spec, [words[i] for i in span])
    if reads and span and (spec.kind == "address" or spec.wraps):
        reads = [with_continuation(matched, index, reads[0], " " if spec.wraps else ", ")]
    return Found(reads, "right", rivals=has_rivals(spec, reads, [words[i] for i in span]))


def name_stop(ml: MatchedLine, cell: tuple[int, int], stop: int, field: str) -> int:
    """Where a name in ``cell`` ends: a label word strictly inside the cell is part of the name
    ("Porteador: | Midlands Freight Ltd"), as it is under a heading (name_below); one with a
    colon or at the cell's end still ends it."""
    while cell[0] < stop < cell[1]:
        hit = next(h for h in ml.hits if h.first == stop)
        if hit.end >= cell[1] or ends_with_colon(ml.line, hit):
            return stop
        stop = ml.next_label(hit.end, field)
    return stop


def has_rivals(spec: FieldSpec, reads: list, words: list[Word]) -> bool:
    """ "Total facture  24.99  5.00  29.99": a row of several amounts (net, tax, gross) after one
    label; the first is a guess, so it must not look sure."""
    if spec.kind != "amount" or spec.is_list or not reads:
        return False
    used = reads[0][1][-1]
    rest = words[words.index(used) + 1 :]
    return values.read_amount(rest) is not None


def plain_value_after(ml: MatchedLine, hit: LabelHit) -> bool:
    """Does a value (not a gloss "/ Lieu de réception" or "(airport)", not another label)
    follow the label in its cell?"""
    after = hit.end
    return (
        after < len(ml.line.words)
        and ml.keys[after] != matching.PUNCT
        and not ml.line.words[after].text.startswith(("(", "/"))
        and not ml.in_label(after)
    )


def with_continuation(
    matched: list[MatchedLine], index: int, read: tuple[str, tuple[Word, ...]], joint: str
) -> tuple[str, tuple[Word, ...]]:
    """ "Anschrift:  Rechnungsstraße 12" / "            DE 12345 Beispielstadt": an address (or a
    long text that wraps) right of its label goes on in the lines below that start at its left
    edge and hold nothing else. Address lines are joined with ", ", wrapped text with " "."""
    value, words = read
    text = " ".join(w.text for w in words)  # as printed: the reader trimmed a trailing comma
    x0 = words[0].x0
    previous = matched[index].line
    for ml in matched[index + 1 : index + 4]:
        line = ml.line
        if (
            line.page != previous.page
            or line.top - previous.bottom > 1.6 * ml.em
            or len(line.cells) != 1
            or abs(line.words[0].x0 - x0) > ALIGN * ml.em
            or ml.strong_hits
            or opens_label_line(ml, 0, len(line.words))
        ):
            break
        text = f"{text}{joint}{line.text}"
        words = (*words, *line.words)
        previous = line
    if len(text) == len(" ".join(w.text for w in read[1])):
        return read
    return normalize.text_to_name(text) or value, words


def in_value_column(matched: list[MatchedLine], index: int, cell: tuple[int, int]) -> bool:
    """Is the page a label/value list here (a neighbouring line also has a label cell followed
    by a value cell aligned with this one, left or right), so that a value far from a short
    label is still its own, not another box's?"""
    line = matched[index].line
    x0, x1 = line.words[cell[0]].x0, line.words[cell[1] - 1].x1
    near = ALIGN * matched[index].em
    for other in (*matched[max(0, index - 2) : index], *matched[index + 1 : index + 3]):
        if other.line.page != line.page:
            continue
        words, cells = other.line.words, other.line.cells
        for (label_start, _), (value_start, value_end) in zip(cells, cells[1:], strict=False):
            if (
                (abs(words[value_start].x0 - x0) < near or abs(words[value_end - 1].x1 - x1) < near)
                and (other.in_label(label_start) or words[value_start - 1].text.endswith(":"))
                and not other.in_label(value_start)
            ):
                return True
    return False


def value_set_in_column(matched: list[MatchedLine], index: int, hit: LabelHit) -> bool:
    """A label opening its line, the words after it in its cell starting where the values of
    the label/value rows around start theirs: the gap was only too narrow to part the cells
    ("Ausstellende Behörde  Bundesamt für Wirtschaft")."""
    line = matched[index].line
    if hit.first != 0 or line.cell_of(hit.start)[1] <= hit.end:
        return False
    x0 = line.words[hit.end].x0
    near = ALIGN * matched[index].em
    for other in (*matched[max(0, index - 2) : index], *matched[index + 1 : index + 3]):
        words, cells = other.line.words, other.line.cells
        if other.line.page != line.page or len(cells) < 2 or not other.in_label(cells[0][0]):
            continue
        value_start = cells[1][0]
        if abs(words[value_start].x0 - x0) < near and not other.in_label(value_start):
            return True
    return False


def value_below(matched: list[MatchedLine], index: int, hit: LabelHit, spec: FieldSpec) -> Found:
    """The value under a label: the first line below with words in the label's column (its cell,
    box number included), unless that is the next label of a grid or a table's first row."""
    ml = matched[index]
    line = ml.line
    x0, x1 = label_column(ml, hit)
    height = ml.em
    is_name = spec.kind in ("name", "address")
    max_lines, max_gap = (5, height * 7) if is_name else (1, height * 2.6)
    slack = COLUMN_SLACK * height
    taken = 0
    for below_index, below in enumerate(matched[index + 1 :], start=index + 1):
        if (
            below.line.page != line.page
            or below.line.top - line.bottom > max_gap
            or taken >= max_lines
        ):
            break
        words = below.line.words
        if not is_name:
            x0, x1 = label_column(ml, hit, below.em)
        right = x0 + NAME_INDENT * height if is_name else x1 + slack
        column = [i for i, w in enumerate(words) if w.x1 > x0 - slack and w.x0 < right]
        if not column:
            continue  # a line of other columns only: look further down
        taken += 1
        first = column[0]
        if (
            not is_name
            and below.in_label(first)
            and spec.name not in below.fields_at(first)
            and not (spec.kind in INCOTERMS_KINDS and is_incoterm(words[first : first + 1]))
        ):
            # The next label of a grid, not this label's value (but "Freight" over "FREIGHT
            # PREPAID" is the value repeating its label's word).
            return Found([])
        if spec.kind in NUMBERED_BOX_KINDS and opens_numbered_box(below, first):
            return Found([])  # "3 Consignee": the next box, where "3 cartons" would be a count
        if spec.kind in ("amount", "weight", "count") and second_row_in_column(
            matched, below_index, x0 - slack, x1 + slack, spec
        ):
            return Found([])  # a table header: what stands below is a line item, not a total
        if is_name:
            found = name_below(below, name_span(below, column, heading_bounds(ml), x0 - slack))
            if found == "skip":
                continue
            if found is None:
                return Found([])
            return Found([(found[0], found[1])], "below", below_index)
        stop = below.next_label(first + 1, spec.name)
        cell_end = below.line.cell_of(first)[1]
        return Found(
            read_values(spec, list(words[first : min(cell_end, stop)])), "below", below_index
        )
    return Found([])


def opens_numbered_box(ml: MatchedLine, index: int) -> bool:
    """ "2 Vendedor / Exportador": a box number and a label this vocabulary does not know."""
    words = ml.line.words
    end = ml.line.cell_of(index)[1]
    return bool(
        _BOX_NUMBER.match(words[index].text)
        and index + 1 < end
        and _BOX_LABEL_WORD.match(words[index + 1].text)
    )


def label_column(ml: MatchedLine, hit: LabelHit, em: float = 0.0) -> tuple[float, float]:
    """The x-extent a value below the label may take: the label's cell (a bilingual or long
    label is wider than its phrase), and to the right up to the next cell of the label's line,
    since a box's value may be right-aligned under a short label. How far right is counted in
    the larger of the label's and the value's (``em``) print: a form's caption is small
    beside the value right-aligned in its box."""
    words = ml.line.words
    start, end = ml.line.cell_of(hit.first)
    x0 = min(words[start].x0, words[hit.first].x0)
    x1 = max(words[end - 1].x1, words[hit.end - 1].x1)
    reach = x1 + FAR_RIGHT * max(ml.em, em)
    if end < len(words):
        reach = min(reach, words[end].x0 - ml.em)
    return x0, max(x1, reach)


def second_row_in_column(
    matched: list[MatchedLine], below_index: int, x0: float, x1: float, spec: FieldSpec
) -> bool:
    """Is the line after the value line another value of the same kind in the same column (a
    table's rows), rather than the next label row of a grid, a table header or a gap?"""
    value_line = matched[below_index].line
    # A wrapped description may put a line of other columns between two rows.
    gap = 2.5 * max(1.0, value_line.bottom - value_line.top)
    for after in matched[below_index + 1 : below_index + 4]:
        if after.line.page != value_line.page or after.line.top - value_line.bottom > gap:
            return False
        column = [i for i, w in enumerate(after.line.words) if w.x1 > x0 and w.x0 < x1]
        if column:
            words = [after.line.words[i] for i in column]
            if after.in_label(column[0]) or opens_numbered_box(after, column[0]):
                return False  # the next row of boxes
            return bool(read_values(spec, words))
    return False


def heading_bounds(ml: MatchedLine) -> list[float]:
    """Where the columns of a row of headings begin ("Exporter (name, address): | Importer
    (name, address):"), after the first; none unless every cell of the line opens with a label
    (a "Consignee: | Date: 2026-01-01" line has its values beside its labels)."""
    cells = ml.line.cells
    if len(cells) < 2 or not all(ml.in_label(start) for start, _ in cells):
        return []
    return [ml.line.words[start].x0 for start, _ in cells[1:]]


def name_span(
    ml: MatchedLine, column: list[int], bounds: list[float], left: float
) -> tuple[int, int]:
    """The run of words under a heading that is its name: the cell of the first word in the
    column, split where a column of the heading row begins (a long name on the left leaves too
    narrow a gap to part the cells: "Ningbo Oriental Steel Trading Co., Ltd. Antwerp Machinery
    NV"); of the parts, the first that starts in the column ("Ltd." of the name on the left
    may reach under the heading)."""
    words = ml.line.words
    parts: list[tuple[int, int]] = []
    for i in column:
        start, end = ml.line.cell_of(i)
        cuts = [
            j
            for j in range(start + 1, end)
            if any(words[j - 1].x1 < b <= words[j].x0 + ml.em / 2 for b in bounds)
        ]
        for a, b in itertools.pairwise([start, *cuts, end]):
            if (a, b) not in parts and any(a <= k < b for k in column):
                parts.append((a, b))
    return next((p for p in parts if words[p[0]].x0 >= left), parts[0])


def name_below(
    ml: MatchedLine, span: tuple[int, int]
) -> tuple[str, tuple[Word, ...], str] | None | str:
    """A name under a heading: skip "Nummer: 4711" lines, read "Name: X", stop at other headings."""
    words = ml.line.words
    start, end = span
    cell = words[start:end]
    cell_keys = [matching.word_key(w.text) for w in cell]
    for n in range(len(cell), 0, -1):
        if tuple(k for k in cell_keys[:n] if k != matching.PUNCT) in name_sublabels() and (
            cell[n - 1].text.endswith(":") or n == len(cell)
        ):
            rest = list(cell[n:]) or list(
                words[end : ml.line.cell_of(end)[1]] if end < len(words) else []
            )
            read = values.read_name(rest)
            return (read[0], tuple(rest[read[1] : read[2]]), "below") if read else None
    # A label word strictly inside the cell is part of a name ("Midlands Freight Ltd"); one that
    # opens or ends it makes the cell a heading ("Port of loading", "Shipper / Exporter").
    if any(w.text.endswith(":") for w in cell) or any(
        h.start < end and h.end > start and not (start < h.first and h.end < end)
        for h in ml.strong_hits
    ):
        return "skip"
    read = values.read_name(list(cell))
    if read is None:
        return "skip"
    return read[0], tuple(cell[read[1] : read[2]]), "below"


def party_block_candidates(
    matched: list[MatchedLine],
    name_index: int,
    name_words: tuple[Word, ...],
    name_field: str,
    heading: MatchedLine,
    hit: LabelHit,
    labels: LabelSet,
) -> list[Candidate]:
    """Under a party heading the name is followed by its address lines (same column, tight line
    spacing) until a "label:" line or a gap: joined with ", " as the address, the last line's
    country as the party's country."""
    address_field = name_field.replace("_name", "_address")
    country_field = name_field.replace("_name", "_country")
    if address_field not in labels.fields:
        return []
    name_line = matched[name_index].line
    x0 = name_words[0].x0
    height = max(1.0, name_line.bottom - name_line.top)
    parts: list[tuple[Word, ...]] = []
    previous = name_line
    for ml in matched[name_index + 1 : name_index + 10]:
        line = ml.line
        if line.page != name_line.page or line.top - previous.bottom > height * 1.2:
            break
        column = [
            i
            for i, w in enumerate(line.words)
            if abs(w.x0 - x0) < ALIGN * height and line.cell_of(i)[0] == i
        ]
        if not column:
            # A line of the neighbouring column only ("7 Currency" beside the address).
            if any(w.x1 > x0 and w.x0 < x0 + NAME_INDENT * height for w in line.words):
                break
            continue
        start, end = line.cell_of(column[0])
        if opens_label_line(ml, start, end):
            break
        parts.append(line.words[start:end])
        previous = line
    if not parts:
        return []
    spec = labels.fields[address_field]
    text = ", ".join(" ".join(w.text for w in cell) for cell in parts)
    words = tuple(w for cell in parts for w in cell)
    out = [make_candidate(address_field, text, words, heading, hit, spec, "below", labels)]
    country = normalize.text_to_country(" ".join(w.text for w in parts[-1]))
    if country and country_field in labels.fields:
        out.append(
            make_candidate(
                country_field,
                country,
                parts[-1],
                heading,
                hit,
                labels.fields[country_field],
                "below",
                labels,
            )
        )
    return out


def opens_label_line(ml: MatchedLine, start: int, end: int) -> bool:
    """A "VAT No.: X" / "EORI: X" / "Tel.: X" line ends an address block; a colon deeper in
    the line ("Kemalpasa Cad. No: 118") does not."""
    lead = start + values.leading_fillers(ml.line.words[start:end])
    if ml.in_label(lead):
        return True
    return any(w.text.endswith(":") for w in ml.line.words[start : min(end, start + 2)])


def route_to_party(
    matched: list[MatchedLine], index: int, hit: LabelHit, name: str, labels: LabelSet
) -> str:
    """seller_vat_id under a "Käufer" heading is the buyer's: follow the nearest party heading
    above."""
    prefix, _, rest = name.partition("_")
    if prefix not in ("seller", "buyer") or name in PARTY_FIELDS:
        return name
    line = matched[index].line
    x = line.words[hit.start].x0
    for above in reversed(matched[max(0, index - 15) : index + 1]):
        if above.line.page != line.page:
            break
        for h in above.hits:
            party = next((PARTY_FIELDS[f] for f in h.fields if f in PARTY_FIELDS), None)
            if (
                party
                and abs(above.line.words[h.start].x0 - x) < PARTY_COLUMN * above.em
                and (above is not matched[index] or h.start < hit.start)
            ):
                other = f"{party}_{rest}"
                return other if other in labels.fields else name
    return name


def inside_text(ml: MatchedLine, hit: LabelHit) -> bool:
    """Does the label stand after other words of its cell, rather than opening it? A heading
    before a "/" is a gloss, not text ("Absender / Ausführer:" on an invoice)."""
    start = ml.line.cell_of(hit.first)[0]
    if hit.first - start in (2, 3) and ml.line.words[hit.first - 1].text == "/":
        return False
    return any(not ml.in_label(i) and ml.keys[i] not in fillers() for i in range(start, hit.first))


def make_candidate(
    field: str,
    value: str,
    words: tuple[Word, ...],
    ml: MatchedLine,
    hit: LabelHit,
    spec: FieldSpec,
    placement: str,
    labels: LabelSet,
    weak: bool = False,
    rivals: bool = False,
) -> Candidate:
    label_key = tuple(k for k in ml.keys[hit.start : hit.end] if k != matching.PUNCT)
    rank = WEAK_RANK if weak else spec.ranks.get(label_key, 6)
    quality = (1.0 if placement == "right" else 0.96) - 0.01 * min(rank, WEAK_RANK)
    if weak:
        quality -= 0.05  # a context-dependent label ("vom", "bis") is weaker than a proper one
    elif inside_text(ml, hit):
        quality *= MID_TEXT_FACTOR  # "Kemalpasa Cad. No: 118": a label word inside an address
    if rivals:
        quality *= RIVALS_FACTOR
    ocr = min((w.confidence for w in words), default=1.0)
    score = (
        values.KIND_TRUST[spec.kind]
        * quality
        * (0.55 + 0.45 * ocr if ml.line.source == "ocr" else 1.0)
    )
    if value.startswith("?"):  # well-formed but failing its check digits: printed, yet doubtful
        value, score = value[1:], score * 0.7
    if spec.kind == "address" and not any(c.isdigit() for c in value):
        score *= NO_NUMBER_FACTOR  # no house number or postcode: perhaps a heading ("Remarks")
    return Candidate(
        field=field,
        value=value,
        words=words,
        page=ml.line.page,
        source=ml.line.source,
        score=round(score, 4),
        extractor=f"{VERSION}.{labels.doc_type}.v{labels.version}",
        top=ml.line.top,
    )
