"""Label finder: a known label on a line, its value to the right on that line or just below it.

For every line the label vocabulary is matched (longest phrase wins, stop labels included so a
value never runs into the next label); for each field label, the value is read by the field's
kind from the words right of the label (the rest of its cell, else the next cell, up to the next
label), or else from the line(s) directly below within the label's column.
"""

from __future__ import annotations

from dataclasses import dataclass

from clearway.models import Word
from extractors import matching, normalize, values
from extractors.labels import STOP, WEAK, WEAK_RANK, FieldSpec, LabelSet, name_sublabels
from extractors.layout import Line

VERSION = "labels.v1"
FREE_TEXT_KINDS = {"name", "address", "location", "incoterms_place", "reference", "country"}
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


@dataclass(frozen=True)
class LabelHit:
    fields: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class MatchedLine:
    line: Line
    keys: tuple[str, ...]
    hits: tuple[LabelHit, ...]

    @property
    def label_starts(self) -> list[int]:
        return sorted(h.start for h in self.hits)


def lines_to_candidates(lines: list[Line], labels: LabelSet) -> list[Candidate]:
    matched = [drop_dangling_name_labels(match_line(line, labels), labels) for line in lines]
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
                found = value_right_of(ml, hit, spec)
                if not found.reads and not weak:
                    found = value_below(matched, index, hit, spec)
                if not found.reads:
                    continue
                field = route_to_party(matched, index, hit, name, labels)
                read_here.add(name)
                for value, words in found.reads:
                    out.append(
                        make_candidate(
                            field, value, words, ml, hit, spec, found.placement, labels, weak
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
        LabelHit(fields=tuple(names), start=start, end=end)
        for names, start, end in matching.longest_matches(
            labels.matcher, matching.keys_to_doc(list(keys))
        )
    )
    return MatchedLine(line=line, keys=keys, hits=hits)


def drop_dangling_name_labels(ml: MatchedLine, labels: LabelSet) -> MatchedLine:
    """A name label with more words after it in its cell and no colon is part of a name, not a label
    ("Lieferant GmbH", "Client Services Ltd")."""
    kept = []
    for hit in ml.hits:
        names = [f.removesuffix(WEAK) for f in hit.fields if f != STOP]
        is_name_label = bool(names) and all(labels.fields[n].kind == "name" for n in names)
        words = ml.line.words
        colon = words[hit.end - 1].text.endswith(":") or (
            hit.end < len(words) and words[hit.end].text.startswith(":")
        )
        # "Seller / Exporter", "Consignee (Importer)": a heading with a gloss, still a label.
        glossed = hit.end < len(words) and (
            matching.word_key(words[hit.end].text) == matching.PUNCT
            or words[hit.end].text.startswith("(")
        )
        if is_name_label and not colon and not glossed and ml.line.cell_of(hit.start)[1] > hit.end:
            continue
        kept.append(hit)
    return MatchedLine(line=ml.line, keys=ml.keys, hits=tuple(kept))


def value_right_of(ml: MatchedLine, hit: LabelHit, spec: FieldSpec) -> Found:
    words = ml.line.words
    stop = next((s for s in ml.label_starts if s >= hit.end), len(words))
    cell_start, cell_end = ml.line.cell_of(hit.end - 1)
    if spec.kind in ("name", "address", "location", "incoterms_place", "country", "freight_terms"):
        # Free text: the rest of the label's cell, or the next cell when the label ends its cell.
        # Within the cell only after a colon: "Lieferant GmbH" is a name, not label + value.
        has_colon = words[hit.end - 1].text.endswith(":") or (
            hit.end < len(words) and words[hit.end].text.startswith(":")
        )
        if (
            cell_end > hit.end
            and has_colon
            and not all(
                matching.word_key(w.text) == matching.PUNCT for w in words[hit.end : cell_end]
            )
        ):
            span = range(hit.end, min(cell_end, stop))
        else:
            nxt = ml.line.cell_of(cell_end) if cell_end < len(words) else (cell_end, cell_end)
            span = range(cell_end, min(nxt[1], stop))
            if cell_end < len(words) and words[cell_end].x0 - words[cell_end - 1].x1 > 100:
                return Found([])  # far across the page: another column, not this label's value
    else:
        span = range(hit.end, stop)
    return Found(read_values(spec, [words[i] for i in span]), "right")


def value_below(matched: list[MatchedLine], index: int, hit: LabelHit, spec: FieldSpec) -> Found:
    line = matched[index].line
    label_words = line.words[hit.start : hit.end]
    x0, x1 = label_words[0].x0, label_words[-1].x1
    height = max(1.0, line.bottom - line.top)
    is_name = spec.kind in ("name", "address")
    max_lines, max_gap = (5, height * 7) if is_name else (1, height * 2.6)
    taken = 0
    for below_index, below in enumerate(matched[index + 1 :], start=index + 1):
        if (
            below.line.page != line.page
            or below.line.top - line.bottom > max_gap
            or taken >= max_lines
        ):
            break
        words = below.line.words
        column = [
            i
            for i, w in enumerate(words)
            if w.x1 > x0 - 12 and w.x0 < (x0 + 20 if is_name else x1 + 12)
        ]
        if not column:
            continue  # a line of other columns only: look further down
        taken += 1
        if spec.kind in ("amount", "weight", "count") and len(matched[index].hits) >= 3:
            return Found([])  # a table header row: what stands below is a line item, not a total
        first = column[0]
        if is_name:
            found = name_below(below, first)
            if found == "skip":
                continue
            if found is None:
                return Found([])
            return Found([(found[0], found[1])], "below", below_index)
        stop = next((s for s in below.label_starts if s > first), len(words))
        cell_end = below.line.cell_of(first)[1]
        if spec.kind in FREE_TEXT_KINDS and any(h.start <= first < h.end for h in below.hits):
            return Found([])  # the next label of a grid, not this label's value
        return Found(
            read_values(spec, list(words[first : min(cell_end, stop)])), "below", below_index
        )
    return Found([])


def name_below(ml: MatchedLine, first: int) -> tuple[str, tuple[Word, ...], str] | None | str:
    """A name under a heading: skip "Nummer: 4711" lines, read "Name: X", stop at other headings."""
    words = ml.line.words
    start, end = ml.line.cell_of(first)
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
    if any(w.text.endswith(":") for w in cell) or any(
        h.start < end and h.end > start for h in ml.hits
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
    for ml in matched[name_index + 1 : name_index + 7]:
        line = ml.line
        if line.page != name_line.page or line.top - previous.bottom > height * 1.2:
            break
        column = [i for i, w in enumerate(line.words) if abs(w.x0 - x0) < 4]
        if not column:
            break
        start, end = line.cell_of(column[0])
        cell = line.words[start:end]
        if any(w.text.endswith(":") for w in cell) or any(
            h.start < end and h.end > start for h in ml.hits
        ):
            break
        parts.append(cell)
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
                and abs(above.line.words[h.start].x0 - x) < 60
                and (above is not matched[index] or h.start < hit.start)
            ):
                other = f"{party}_{rest}"
                return other if other in labels.fields else name
    return name


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
) -> Candidate:
    label_key = tuple(k for k in ml.keys[hit.start : hit.end] if k != matching.PUNCT)
    rank = WEAK_RANK if weak else spec.ranks.get(label_key, 6)
    quality = (1.0 if placement == "right" else 0.96) - 0.01 * min(rank, WEAK_RANK)
    if weak:
        quality -= 0.05  # a context-dependent label ("vom", "bis") is weaker than a proper one
    ocr = min((w.confidence for w in words), default=1.0)
    score = (
        values.KIND_TRUST[spec.kind]
        * quality
        * (0.55 + 0.45 * ocr if ml.line.source == "ocr" else 1.0)
    )
    if value.startswith("?"):  # well-formed but failing its check digits: printed, yet doubtful
        value, score = value[1:], score * 0.7
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
