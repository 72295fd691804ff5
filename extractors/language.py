"""The language a document is printed in, from the short words only one language uses.

Assessors are assigned by the languages they read (handoff/assign.py). The words are data
(vocab/languages.yaml); a document counts for a language when clearly more of its words
are that language's than any other's, so a bilingual form ("Consignee / Destinataire")
says nothing rather than guessing.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from clearway.models import Page, Word
from extractors.data import read_yaml
from extractors.matching import phrase_keys, word_key

_FILE = Path(__file__).parent / "vocab" / "languages.yaml"
_LABELS = Path(__file__).parent / "labels"
MIN_WORDS = 4  # fewer telling words than this is no evidence
LEAD = 1.5  # the winner needs this many times the runner-up's count


@functools.cache
def language_of_word() -> dict[str, str]:
    """Word key -> its language, for words listed under exactly one language: the short words
    of vocab/languages.yaml and the words of every field label (labels/*.yaml, per language)."""
    seen: dict[str, set[str]] = {}
    for lang, phrases in _phrases_by_language():
        for phrase in phrases:
            for key in phrase_keys(str(phrase)):
                seen.setdefault(key, set()).add(lang)
    return {k: next(iter(langs)) for k, langs in seen.items() if len(langs) == 1}


def _phrases_by_language() -> list[tuple[str, list]]:
    out = list(read_yaml(_FILE)["languages"].items())
    for file in sorted(_LABELS.glob("*.yaml")):
        for spec in (read_yaml(file).get("fields") or {}).values():
            out.extend((lang, phrases) for lang, phrases in (spec.get("labels") or {}).items())
    return out


def pages_to_language(pages: list[Page]) -> str | None:
    """ISO 639-1 code of the document's language, or None when the words do not say."""
    return words_to_language(w for p in pages for w in p.words)


def words_to_language(words: Iterable[Word]) -> str | None:
    """The same from any words (the lines of a document)."""
    table = language_of_word()
    votes = Counter(table[k] for w in words if (k := word_key(w.text)) in table)
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < MIN_WORDS:
        return None
    if len(ranked) > 1 and ranked[0][1] < LEAD * ranked[1][1]:
        return None
    return ranked[0][0]
