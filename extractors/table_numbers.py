"""One table, one decimal mark: "1.250" is ambiguous alone, not beside "12.50" or "1.234,56".

A number with one separator followed by exactly three digits reads, by itself, as thousands
("1.250" = 1250, as both "1.250" in German and "1,250" in English print it). A table whose
other figures show "." as the decimal mark ("12.50", "1,234.56") cannot print 1250 as "1.250":
there it is 1.25 with three decimals; likewise "1,250" where "," is the decimal mark.
"""

from __future__ import annotations

import re
from collections import Counter

from clearway.models import Word

# Figures whose decimal mark is plain: both separators (the last is the mark), or one
# separator followed by one, two or four and more digits.
_BOTH = re.compile(r"\d[.,' ]\d{3}([.,])\d+")
_PLAIN = re.compile(r"(?<![\d.,])\d+([.,])(?:\d{1,2}|\d{4,})(?![\d.,])")
AMBIGUOUS = re.compile(r"(-?)(\d{1,3})([.,])(\d{3})(-?)")


def words_to_decimal_mark(words: list[Word]) -> str | None:
    """The decimal mark most of the table's plain figures use; None without a clear one."""
    votes: Counter[str] = Counter()
    for word in words:
        m = _BOTH.search(word.text) or _PLAIN.search(word.text)
        if m:
            votes[m.group(1)] += 1
    if not votes:
        return None
    (mark, n), *rest = votes.most_common()
    return mark if not rest or n > 2 * rest[0][1] else None


def ambiguous_to_decimal(text: str, mark: str | None) -> str | None:
    """ "1.250" -> "1.250" (a decimal) where the table's decimal mark is "."; None where the
    number is not ambiguous or the mark says thousands."""
    m = AMBIGUOUS.fullmatch(text.strip())
    if mark is None or m is None or m.group(3) != mark or m.group(2) == "0":
        return None
    sign = "-" if m.group(1) or m.group(5) else ""
    return f"{sign}{int(m.group(2))}.{m.group(4)}"
