"""The line-item table vocabulary (labels/table.yaml) as matchers and look-ups.

Column headers, the words that end a table or carry a running total over a page break, and
printed units with their UN/CEFACT Rec 20 codes. Header words are often cut short ("Nettogew.",
"Einh.", "Bez."): an abbreviation that begins exactly one column's header word reads as it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.matcher import PhraseMatcher

from extractors import matching
from extractors.data import read_yaml

_FILE = Path(__file__).parent / "labels" / "table.yaml"
MIN_ABBREVIATION = 3  # "Bez." and longer; "P." or "N." say too little to expand


@functools.cache
def table_vocab() -> dict:
    return read_yaml(_FILE)


def column_order() -> list[str]:
    """Column names in the order the vocabulary lists them: an ambiguous header ("Item",
    "Amount") takes the first of its columns that no other header has claimed."""
    return list(table_vocab()["columns"])


@functools.cache
def header_matcher() -> PhraseMatcher:
    return matching.build_matcher(table_vocab()["columns"])


@functools.cache
def end_matcher() -> PhraseMatcher:
    return matching.build_matcher({"end": table_vocab()["end_words"]})


@functools.cache
def carry_matcher() -> PhraseMatcher:
    return matching.build_matcher({"carry": table_vocab()["carry_words"]})


@functools.cache
def header_word_columns() -> dict[str, frozenset[str]]:
    """Every word key of a header phrase -> the columns whose phrases use it."""
    out: dict[str, set[str]] = {}
    for name, phrases in table_vocab()["columns"].items():
        for phrase in phrases:
            for key in matching.phrase_keys(phrase):
                out.setdefault(key, set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


@functools.cache
def expand_abbreviation(key: str) -> str:
    """ "nettogew" -> "nettogewicht": the shortest header word it begins, when every header
    word it begins belongs to the same single column; the key itself otherwise."""
    words = header_word_columns()
    if key in words or len(key) < MIN_ABBREVIATION:
        return key
    longer = sorted((w for w in words if w.startswith(key)), key=len)
    columns = {c for w in longer for c in words[w]}
    return longer[0] if longer and len(columns) == 1 else key


@functools.lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    """``matching.word_key``, remembered: a table reads the same words many times."""
    return matching.word_key(text)


@functools.cache
def first_keys(kind: str) -> frozenset[str]:
    """The first word key of every end ("end_words") or carry ("carry_words") phrase, written
    apart or run together: a line starting with another word needs no phrase matching."""
    out = set()
    for phrase in table_vocab()[kind]:
        keys = matching.phrase_keys(phrase)
        if keys:
            out |= {keys[0], "".join(keys)}
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def header_key(text: str) -> str:
    """A header word as the header matcher compares it: an abbreviation (printed with its
    full stop) expanded, a long word one letter off a header word as that word (OCR's
    "Cédigo", "Artfculo"), any other word as its plain key."""
    key = word_key(text)
    if text.rstrip().endswith("."):
        return expand_abbreviation(key)
    return one_letter_off(key)


MIN_MISREAD_KEY = 6  # letters a word needs before one misread letter is forgiven


@functools.lru_cache(maxsize=65536)
def one_letter_off(key: str) -> str:
    """The one header word ``key`` differs from in exactly one letter (same length), if it is no
    header word itself and is long enough that a letter less still names a single word."""
    if len(key) < MIN_MISREAD_KEY or key in header_word_columns():
        return key
    found = {
        w for i in range(len(key)) for w in misread_index().get(key[:i] + "?" + key[i + 1 :], ())
    }
    return found.pop() if len(found) == 1 else key


@functools.cache
def misread_index() -> dict[str, tuple[str, ...]]:
    """Each long header word under each of its one-letter wildcards ("c?digo" -> "codigo")."""
    out: dict[str, list[str]] = {}
    for word in header_word_columns():
        if len(word) >= MIN_MISREAD_KEY:
            for i in range(len(word)):
                out.setdefault(word[:i] + "?" + word[i + 1 :], []).append(word)
    return {k: tuple(v) for k, v in out.items()}


def text_to_unit_code(text: str) -> str | None:
    """A printed unit ("Stk", "kgs", "pièces") or a UN/CEFACT Rec 20 code printed as is."""
    key = text.strip(" .()").lower()
    vocab = table_vocab()
    if key.upper() in vocab["rec20_codes"]:
        return key.upper()
    return vocab["units"].get(key)
