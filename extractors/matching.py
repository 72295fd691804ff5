"""Phrase matching over page words with spaCy, one token per Word so matches keep their boxes.

Words are compared as "keys": lower case with all punctuation removed, so "USt.-Id.-Nr.",
"USt-IdNr" and "ustidnr" meet. Punctuation-only words become a placeholder no phrase contains.
One blank multilingual pipeline per process (spaCy vocabularies are costly to build).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from clearway.models import Word
from extractors.normalize import without_accents

PUNCT = "¶"
_ORDINAL_MARKS = re.compile(r"[ºª]+")
_NON_WORD = re.compile(r"[\W_]+")


@functools.cache
def nlp() -> spacy.language.Language:
    return spacy.blank("xx")


@functools.lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    # Remembered: classification, labels and language key every word of a page, and the same
    # words ("Invoice", "No.", "EUR") recur on every page and document.
    # º/ª are letters to Unicode but abbreviation marks to a reader: "n.º" is "n".
    # Accents are dropped: OCR loses them ("Guia aerea"), and so do hurried typists.
    key = _NON_WORD.sub("", without_accents(_ORDINAL_MARKS.sub("", text)).lower())
    return key or PUNCT


def phrase_keys(phrase: str) -> list[str]:
    """A vocabulary phrase -> its word keys; "n°"/"no." style words keep their letters."""
    return [k for k in (word_key(w) for w in phrase.split()) if k != PUNCT]


def words_to_doc(words: Sequence[Word]) -> Doc:
    """Printed words as the phrase matchers read them: one word key each."""
    return keys_to_doc([word_key(w.text) for w in words])


def keys_to_doc(keys: list[str]) -> Doc:
    return Doc(nlp().vocab, words=keys or [PUNCT])


def build_matcher(phrases: dict[str, list[str]]) -> PhraseMatcher:
    """``{match_label: [phrase, ...]}`` -> a PhraseMatcher over word keys."""
    matcher = PhraseMatcher(nlp().vocab, attr="ORTH")
    for label, items in phrases.items():
        variants: set[tuple[str, ...]] = set()
        for phrase in items:
            keys = phrase_keys(phrase)
            if keys:
                variants.add(tuple(keys))
                # A standalone "/" or "-" is a word of its own in print ("Licence / certificate").
                variants.add(tuple(word_key(w) for w in phrase.split()))
                # Hyphenated print joins the words into one: "VAT-ID:" is the phrase "vat id".
                variants.add(("".join(keys),))
        if variants:
            matcher.add(label, [keys_to_doc(list(v)) for v in sorted(variants)])
    return matcher


def longest_matches(
    matcher: PhraseMatcher, doc: Doc, keep: Callable[[int, int], bool] | None = None
) -> list[tuple[list[str], int, int]]:
    """Non-overlapping ([labels], start, end) matches, the longest phrase winning at each position.

    One span may carry several labels ("Liefer- und Rechnungsdatum" is both dates)."""
    found = matcher(doc)
    labels: dict[tuple[int, int], list[str]] = {}
    for match_id, start, end in found:
        if keep is not None and not keep(start, end):
            continue
        labels.setdefault((start, end), []).append(nlp().vocab.strings[match_id])
    # Longest first; of equally long overlapping phrases the later one, since a label stands
    # right before its value ("Montant Total HT 624,90": "total ht", not "montant total").
    taken: list[tuple[int, int]] = []
    for start, end in sorted(labels, key=lambda se: (se[0] - se[1], -se[0])):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    return [(labels[se], se[0], se[1]) for se in sorted(taken)]
