"""Loose comparison of party names across documents.

An invoice says "ACME Trading GmbH", the air waybill "ACME TRADING G.M.B.H." or "Acme
Trading": the same company. Case, punctuation, accents and legal forms carry no identity.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from extractors.normalize import without_accents

_DATA = Path(__file__).resolve().parent / "data" / "legal_forms.txt"


@cache
def legal_forms() -> frozenset[str]:
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(t for line in lines if not line.startswith("#") for t in line.split())


def name_key(name: str) -> str:
    """Case-, accent-, punctuation- and legal-form-insensitive form of a company name."""
    text = without_accents(name).casefold()
    text = text.replace("&", " and ")
    # "G.m.b.H." and "S.A." lose their dots before tokenising so they read as one token.
    text = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", text)
    tokens = re.sub(r"[^\w]+", " ", text).split()
    forms = legal_forms()
    kept = [t for t in tokens if t not in forms]
    return " ".join(kept or tokens)


def same_party(a: str, b: str, threshold: float = 0.88) -> bool:
    """Whether two printed names plausibly denote the same party."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    shorter, longer = sorted((ka, kb), key=len)
    # "Acme" vs "Acme Trading": a leading token run of two or more words, or one long word
    if longer.startswith(shorter + " ") and (" " in shorter or len(shorter) >= 6):
        return True
    return SequenceMatcher(None, ka, kb).ratio() >= threshold
