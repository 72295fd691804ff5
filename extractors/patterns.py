"""Pattern finders: values that identify themselves without a label, found anywhere on the page.

IBANs (mod 97), air waybill numbers (mod 7), ISO 6346 container numbers (check digit), EU VAT
ids, Incoterms rules, the document currency (the code or symbol printed most often), and the
sender line of window-envelope layouts ("Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld")
with the addressee right under it.
"""

from __future__ import annotations

import re
from collections import Counter

from clearway.models import Word
from extractors import checks, normalize, values
from extractors.find_labels import Candidate
from extractors.layout import Line
from extractors.select import LIST_MIN_SCORE

VERSION = "patterns.v1"

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_AWB = re.compile(r"(?<![\d-])(\d{3})[- ]?(\d{4})[ ]?(\d{4})(?![\d-])")
_CONTAINER = re.compile(r"\b([A-Z]{3}[UJZ])[ ]?(\d{6})[ -]?(\d)\b")
_VAT = re.compile(
    r"\b(ATU\d{8}|(?:BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|GB|CH|XI)[0-9A-Z]{8,12})\b"
)
_INCOTERMS = re.compile(rf"\b({normalize.INCOTERMS_RE})\b(?:\s+([A-Z][\w\- ]{{2,30}}))?")
_SENDER_SEPARATORS = re.compile(r"\s[·●•|]\s")
_OUTER_CURRENCY_SIGNS = re.compile(r"^[$€£¥₹]+|[$€£¥₹]+$")
_LEGAL_FORM = re.compile(
    r"\b(GmbH|AG|KG|OHG|e\.K\.|UG|SARL|SAS|SA|S\.A\.|S\.L\.|SL|Ltd\.?|Limited|Inc\.?|LLC|B\.V\.|BV|N\.V\.|S\.p\.A\.|Srl|Pvt\.?|PLC|Co\.)(?=\W|$)"
)


def line_span_words(line: Line, start: int, end: int) -> tuple[Word, ...]:
    """The words of ``line`` covering characters [start, end) of ``line.text``."""
    out, pos = [], 0
    for word in line.words:
        w_start, w_end = pos, pos + len(word.text)
        if w_end > start and w_start < end:
            out.append(word)
        pos = w_end + 1
    return tuple(out)


def candidate(
    field: str,
    value: str,
    words: tuple[Word, ...],
    line: Line,
    score: float,
    extractor: str = VERSION,
) -> Candidate:
    ocr = min((w.confidence for w in words), default=1.0)
    if line.source == "ocr":
        score *= 0.55 + 0.45 * ocr
    return Candidate(
        field=field,
        value=value,
        words=words,
        page=line.page,
        source=line.source,
        score=round(score, 4),
        extractor=extractor,
        top=line.top,
    )


# A printed container number whose check digit fails is kept, below the review threshold:
# dropping it would hide the container_check_digit_invalid finding the assessor needs.
INVALID_CONTAINER_SCORE = LIST_MIN_SCORE


def lines_to_pattern_candidates(lines: list[Line], doc_type: str) -> list[Candidate]:
    out: list[Candidate] = []
    for line in lines:
        text = line.text
        for m in _IBAN.finditer(text):
            iban = normalize.text_to_iban(m.group(0))
            if iban:
                out.append(
                    candidate("iban", iban, line_span_words(line, m.start(), m.end()), line, 0.9)
                )
        for m in _CONTAINER.finditer(text):
            code = "".join(m.groups())
            out.append(
                candidate(
                    "container_numbers",
                    code,
                    line_span_words(line, m.start(), m.end()),
                    line,
                    0.95 if checks.container_is_valid(code) else INVALID_CONTAINER_SCORE,
                )
            )
        if doc_type == "waybill":
            for m in _AWB.finditer(text):
                digits = "".join(m.groups())
                if checks.awb_is_valid(digits):
                    out.append(
                        candidate(
                            "transport_document_number",
                            digits,
                            line_span_words(line, m.start(), m.end()),
                            line,
                            0.9,
                        )
                    )
        if doc_type in ("invoice", "receipt"):
            for m in _INCOTERMS.finditer(text):
                out.append(
                    candidate(
                        "incoterms",
                        m.group(1),
                        line_span_words(line, m.start(1), m.end(1)),
                        line,
                        0.7,
                    )
                )
    out.extend(lines_to_vat_candidates(lines))
    out.extend(lines_to_currency_candidates(lines))
    if doc_type in ("invoice", "receipt", "packing_list"):
        out.extend(lines_to_party_candidates(lines))
    return out


def lines_to_vat_candidates(lines: list[Line]) -> list[Candidate]:
    """The first EU VAT id on the document is most often the seller's (letterhead or footer)."""
    for line in lines:
        m = _VAT.search(line.text)
        if m and sum(c.isdigit() for c in m.group(1)) >= 8:
            return [
                candidate(
                    "seller_vat_id",
                    m.group(1),
                    line_span_words(line, m.start(), m.end()),
                    line,
                    0.55,
                )
            ]
    return []


def lines_to_currency_candidates(lines: list[Line]) -> list[Candidate]:
    """The currency printed most often: ISO codes count anywhere, symbols and names ("$", "Rs")
    only next to an amount, since OCR reads "#" and "5" as "$" ("$60067" is a postcode)."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[Line, Word]] = {}
    table = normalize.currency_table()
    codes, names = set(table["codes"]), table["names"]
    for line in lines:
        for i, word in enumerate(line.words):
            token = word.text.strip(".,:;()")
            if token in codes:
                code: str | None = token
            elif not beside_money(line.words, i):
                continue
            elif len(token) >= 2 and token.lower() in names:
                code = names[token.lower()]
            elif re.search(r"[€$£¥₹]", token):
                code = normalize.text_to_currency(token)
            else:
                code = None
            if code:
                counts[code] += 1
                first.setdefault(code, (line, word))
    if not counts:
        return []
    (best, n), *rest = counts.most_common()
    share = n / sum(counts.values())
    score = (0.7 + 0.25 * min(1.0, (n - 1) / 3)) * share
    line, word = first[best]
    return [candidate("currency", best, (word,), line, score)]


def beside_money(words: tuple[Word, ...], i: int) -> bool:
    """The word is, contains or touches a money amount ("$127.50", "Rs -40.00", "4,55 €")."""
    for j in (i - 1, i, i + 1):
        if 0 <= j < len(words):
            text = _OUTER_CURRENCY_SIGNS.sub("", words[j].text.strip(",;"))
            if values.MONEY.match(text):
                return True
    return False


def lines_to_party_candidates(lines: list[Line]) -> list[Candidate]:
    """Window-envelope layouts: the small sender line names the seller; the next line, the buyer."""
    out: list[Candidate] = []
    for i, line in enumerate(lines):
        if line.page != 1:
            break
        if len(_SENDER_SEPARATORS.findall(line.text)) >= 2:
            name = _SENDER_SEPARATORS.split(line.text)[0].strip()
            if normalize.text_to_name(name) and not re.search(r"\d", name):
                if readable_name(name):
                    words = line_span_words(line, 0, len(name))
                    out.append(candidate("seller_name", name, words, line, 0.8))
                below = next_line_in_column(lines, i)
                if below is not None:
                    cell_start, cell_end = below.cell_of(0)
                    words = below.words[cell_start:cell_end]
                    buyer = normalize.text_to_name(" ".join(w.text for w in words))
                    if buyer and not re.search(r"\d", buyer):
                        out.append(candidate("buyer_name", buyer, tuple(words), below, 0.72))
            break
    top_lines = [ln for ln in lines if ln.page == 1][:12]
    for line in top_lines:
        for start, end in line.cells:
            text = " ".join(w.text for w in line.words[start:end])
            if _LEGAL_FORM.search(text) and len(text) <= 60 and not _SENDER_SEPARATORS.search(text):
                name = re.split(r"\s[-–]\s", text)[0].strip(" ,")
                out.append(candidate("seller_name", name, line.words[start:end], line, 0.6))
                return out
    return out


def readable_name(name: str) -> bool:
    """A word of two letters or more: OCR reads a sender line printed too small as letters
    apart ("B C H · Eckel · 12345 Stadthausen"); the addressee under it is read all the same."""
    return any(sum(c.isalpha() for c in word) >= 2 for word in name.split())


def next_line_in_column(lines: list[Line], index: int) -> Line | None:
    """The first line under the sender line that starts in its column (the addressee's name)."""
    line = lines[index]
    height = line.bottom - line.top
    for below in lines[index + 1 : index + 6]:
        if below.page != line.page or below.top - line.bottom > height * 4:
            return None
        if line.words[0].x0 - 40 < below.words[0].x0 < line.words[0].x0 + 20:
            return below
    return None
