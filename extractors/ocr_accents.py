"""Accents that OCR dropped or misread, restored from the dictionary of the document's language.

Tesseract reads "Lumière" as "Lumiere" or "Lumiére", "algodón" as "algodön", "Türkiye" as
"Turkiye" or "Tiirkiye": most often in an address or a name printed in another language than
the page's (its model has not the letter, or takes the neighbour's). An OCR'd word that no
dictionary knows as read, but that the document language's dictionary spells in exactly one way
once accents are set aside, takes that spelling, in the word's own case. The dictionaries are
the word lists inside Tesseract's own models (lstm-word-dawg, unpacked by combine_tessdata and
dawg2wordlist), and the CLDR country names of the four languages read, since a country name
closes most addresses whatever the page's language; a country name's word takes its CLDR
spelling even where the language's list knows it bare ("Turkiye").

Tesseract's lists carry the unaccented forms the web writes ("bateria" beside "batería"), so a
word they know as read is first looked up in the language's spelling list (Debian's wspanish,
wfrench, wngerman: right spellings only): a word that list does not know, whose letters it
spells in exactly one accented way, takes that spelling ("Bateria" -> Batería, "electrique" ->
électrique). Place names keep the spelling of vocab/locations.yaml, and "ß" read as "B" between
small letters is set right where that spells a German word or a street ("StraBe").

Left alone: text-layer words; words the spelling list knows as read (French "a" beside "à",
"entre" beside "entré"); words whose bare form is spelled in several ways ("peche": pêche,
péché); names no dictionary lists ("Brünner").

Measured with `clearway eval --workers 1` on generated scans (2026-11-22), field micro F1:
seed 1 0.943 -> 0.947, seed 3 0.918 -> 0.924 (line items 0.889 -> 0.900), seed 13 0.914 ->
0.915, seed 21 (new) 0.906 -> 0.914; public images 0.954 as before. One value got worse: a
Spanish page's "Zurich", printed "Zürich", became the Spanish "Zúrich".
"""

from __future__ import annotations

import functools
import itertools
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clearway.models import Page, Word
from extractors import language
from extractors.data import read_yaml
from extractors.normalize import without_accents

_LANGUAGES = Path(__file__).parent / "vocab" / "languages.yaml"
_PLACES = Path(__file__).parent / "vocab" / "locations.yaml"
MIN_LETTERS = 3  # shorter words are too often several words at once
TIMEOUT_S = 30
_WORD = re.compile(r"^(\W*)([^\W\d_]+(?:['’-][^\W\d_]+)*)(\W*)$")


@dataclass(frozen=True)
class Dictionary:
    words: frozenset[str]  # lower case, as spelled
    accented: dict[str, str]  # bare key -> its one accented spelling (lower case)
    countries: dict[str, str] = field(default_factory=dict)  # the same for country names' words
    # bare key -> its accented spellings in the word lists of every language read
    elsewhere: dict[str, frozenset[str]] = field(default_factory=dict)
    # the word with its accented letters as "?" -> its one spelling ("pantal?n" -> pantalón)
    slots: dict[str, str] = field(default_factory=dict)
    # bare key -> the spellings of place names' words that have an accented one ("zurich" ->
    # zurich, zürich): a place keeps the spelling it is printed in, whatever the page's language
    places: dict[str, frozenset[str]] = field(default_factory=dict)
    german: frozenset[str] = frozenset()  # German's words, for "ß" read as "B" on any page
    # the language's spelling list (words spelled right only), and its bare key -> the one
    # accented spelling it knows
    spelled: frozenset[str] = frozenset()
    spelled_accented: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)  # one-letter words: "ä" -> "à" (French)
    english: frozenset[str] = frozenset()  # English words keep their spelling on any page


def pages_with_accents(pages: Sequence[Page]) -> list[Page]:
    """The pages with the OCR'd words' accents restored (text-layer pages as they are)."""
    if not any(p.source == "ocr" for p in pages):
        return list(pages)
    code = language.pages_to_language(list(pages))
    dictionary = combined(code or "")
    out: list[Page] = []
    for page in pages:
        if page.source != "ocr":
            out.append(page)
            continue
        words = tuple(restored(w, dictionary) for w in page.words)
        out.append(page if words == page.words else page.model_copy(update={"words": words}))
    return out


def restored(word: Word, dictionary: Dictionary) -> Word:
    if word.confidence >= 1.0:
        return word
    text = restored_text(word.text, dictionary)
    return word if text == word.text else word.model_copy(update={"text": text})


def restored_text(text: str, dictionary: Dictionary) -> str:
    m = _WORD.match(text)
    if m and m.group(2) in dictionary.letters:  # "Mousseur ä lait": no French word "ä"
        return m.group(1) + dictionary.letters[m.group(2)] + m.group(3)
    if not m or len(m.group(2)) < MIN_LETTERS:
        return text
    core = m.group(2)
    lower = core.lower()
    key = bare_key(lower)
    spelled = dictionary.countries.get(key)
    if spelled is None and "ii" in lower:  # "ü" read as "ii" ("Tiirkiye")
        spelled = dictionary.countries.get(bare_key(lower.replace("ii", "u")))
    if spelled is None and "fi" in lower:  # "ñ" read as "fi" ("Espafia")
        spelled = with_letter(dictionary.countries.get(bare_key(lower.replace("fi", "n"))), "ñ")
    if spelled is None and (eszett := with_eszett(core, dictionary)) is not None:
        return m.group(1) + eszett + m.group(3)
    if spelled is None and key in dictionary.places:
        spelled = place_spelling(lower, key, dictionary.places[key])
        if spelled is None:
            return text  # "Zurich" is a place's name as printed: no language's "Zúrich"
    if (
        spelled is None
        and dictionary.spelled
        and lower not in dictionary.spelled
        and lower not in dictionary.english
    ):
        spelled = dictionary.spelled_accented.get(key)  # "Bateria" -> Batería
    if spelled is None and lower not in dictionary.words:
        spelled = (
            dictionary.accented.get(key)
            or elsewhere(lower, key, dictionary)
            or dictionary.slots.get(accent_slots(lower))
            or i_and_l_swapped(lower, dictionary.spelled, dictionary.english)
        )
    if spelled is None or spelled == lower:
        return text
    return m.group(1) + in_case_of(core, spelled) + m.group(3)


# "ß" read as "B" between small letters ("StraBe", "GroBe"): wherever a German address is printed.
_B_FOR_ESZETT = re.compile(r"(?<=[a-zäöü])B(?=[a-zäöü]|$)")


def with_eszett(core: str, dictionary: Dictionary) -> str | None:
    """The word with "ß" for a "B" between small letters, where that spells a word of the
    document's language or a street ("Brünner StraBe" -> Straße, "Hafenstrabe" stays)."""
    if not _B_FOR_ESZETT.search(core):
        return None
    spelled = _B_FOR_ESZETT.sub("ß", core)
    lower = spelled.lower()
    if lower in dictionary.words or lower.endswith("straße") or lower in dictionary.german:
        return spelled
    return None


MIN_SWAP_LETTERS = 5  # shorter words spell too many others one "i"/"l" apart
MAX_SWAP_PLACES = 6


def i_and_l_swapped(lower: str, *lists: frozenset[str]) -> str | None:
    """The one word of the spelling ``lists`` (the page's language and English) that the word
    spells with one or two of its "i" and "l" swapped: OCR's commonest slip in body text
    ("seediess" -> seedless, "puliover" -> pullover); None for a word the lists know."""

    def known(word: str) -> bool:
        return any(word in words for words in lists)

    if len(lower) < MIN_SWAP_LETTERS or not any(lists) or known(lower) or known_anywhere(lower):
        return None  # "colis" on an English page is French, not "coils"
    places = [i for i, ch in enumerate(lower) if ch in "il"]
    if not places or len(places) > MAX_SWAP_PLACES:
        return None
    for count in (1, 2):
        found = set()
        for chosen in itertools.combinations(places, count):
            letters = list(lower)
            for i in chosen:
                letters[i] = "l" if letters[i] == "i" else "i"
            if known(word := "".join(letters)):
                found.add(word)
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def known_anywhere(lower: str) -> bool:
    """Is the word in the word list or spelling list of any language read?"""
    codes = tesseract_models()
    return any(lower in model_dictionary(m).words for m in codes.values()) or any(
        lower in spelling_list(code).words for code in codes
    )


def place_spelling(lower: str, key: str, spellings: frozenset[str]) -> str | None:
    """A place name's word: the one accented spelling of the place lists where OCR saw an
    accent or read "ü" as "ii", or where no plain spelling exists ("Malmo" -> Malmö); None to
    keep the word as read."""
    accented = sorted(w for w in spellings if w != key)
    seen = lower != key
    if len(accented) == 1 and (seen or key not in spellings):
        return accented[0]
    return None


def elsewhere(lower: str, key: str, dictionary: Dictionary) -> str | None:
    """A word the document's language does not spell, with a sign that it has an accent: OCR
    saw one ("Múnchen" on an English page), or read "ü" as "ii" ("Ziirich"): the one spelling
    the other languages' word lists give it."""
    if "ii" in lower:
        found = dictionary.elsewhere.get(bare_key(lower.replace("ii", "u")), frozenset())
        umlauts = [w for w in found if "ü" in w]
        return umlauts[0] if len(umlauts) == 1 else None
    if lower == key:  # no accent seen
        return None
    found = dictionary.elsewhere.get(key, frozenset())
    return next(iter(found)) if len(found) == 1 else None


def accent_slots(lower: str) -> str:
    """The word with each accented letter as "?": OCR sees that a letter has an accent more
    surely than which letter it is ("Pantalén", "algodén" for pantalón, algodón)."""
    return "".join("?" if ch != without_accents(ch) else ch for ch in lower)


def with_letter(spelled: str | None, letter: str) -> str | None:
    return spelled if spelled is not None and letter in spelled else None


def bare_key(word: str) -> str:
    return without_accents(word.lower())


def in_case_of(model: str, spelled: str) -> str:
    if model.isupper():
        return spelled.upper()
    if model[:1].isupper():
        return spelled[:1].upper() + spelled[1:]
    return spelled


# ---------------------------------------------------------------- dictionaries


def load_dictionaries(models: str) -> None:
    """Build the dictionaries of the languages whose Tesseract models are ``models``
    ("eng+deu")."""
    wanted = set(models.split("+"))
    for code, model in tesseract_models().items():
        if model in wanted:
            combined(code)


@functools.cache
def combined(code: str) -> Dictionary:
    """The document language's words, the words of the country names in every language read,
    and the accented spellings of every language read."""
    model = tesseract_models().get(code)
    words = model_dictionary(model) if model else from_words(())
    # English has next to no accents to restore: its list only says which words are English.
    spelling = spelling_list(code) if code != "en" else from_words(())
    return Dictionary(
        words=words.words,
        accented=words.accented,
        countries=country_spellings(),
        elsewhere=all_spellings(),
        slots=slot_spellings(words.words),
        places=place_spellings(),
        german=german_words(),
        spelled=spelling.words,
        spelled_accented=spelling.accented,
        letters=ONE_LETTER_WORDS.get(code, {}),
        english=spelling_list("en").words,
    )


# One-letter words OCR read with the wrong accent, by language: French has "à", never "ä"/"á".
ONE_LETTER_WORDS = {"fr": {"ä": "à", "á": "à", "â": "à"}}


@functools.cache
def spelling_list(code: str) -> Dictionary:
    """The language's spelling list (languages.yaml ``spelling_lists``); empty where the
    list is not installed."""
    path = (read_yaml(_LANGUAGES).get("spelling_lists") or {}).get(code)
    if not path or not Path(path).is_file():
        return from_words(())
    with open(path, encoding="utf-8", errors="replace") as fh:
        return from_words(line.strip() for line in fh if line.strip())


@functools.cache
def german_words() -> frozenset[str]:
    """German's word list, for "ß" in words of German addresses on any page."""
    model = tesseract_models().get("de")
    return model_dictionary(model).words if model else frozenset()


@functools.cache
def place_spellings() -> dict[str, frozenset[str]]:
    """Bare key -> the spellings of the words of the place names (vocab/locations.yaml) where
    one of them has an accent."""
    names = [name for names in read_yaml(_PLACES)["places"].values() for name in names]
    words = {w.lower() for name in names for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 3}
    found: dict[str, set[str]] = {}
    for word in words:
        found.setdefault(without_accents(word), set()).add(word)
    return {k: frozenset(v) for k, v in found.items() if any(w != k for w in v)}


def slot_spellings(words: Iterable[str]) -> dict[str, str]:
    """``accent_slots`` of each accented word -> that word, where no other word shares them."""
    found: dict[str, set[str]] = {}
    for word in words:
        slots = accent_slots(word)
        if slots != word:
            found.setdefault(slots, set()).add(word)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


@functools.cache
def all_spellings() -> dict[str, frozenset[str]]:
    # English's list spells next to nothing with an accent that the others do not.
    lists = (model_dictionary(m).words for m in tesseract_models().values() if m != "eng")
    return {k: frozenset(v) for k, v in spellings_by_key(itertools.chain(*lists)).items()}


@functools.cache
def country_spellings() -> dict[str, str]:
    """Bare key -> accented spelling for the words of the country names in the languages read
    (CLDR, through babel). A bare form that is itself a name ("Peru" beside "Perú") is left as
    read."""
    from babel import Locale

    names = [
        word
        for code in tesseract_models()
        for name in Locale.parse(code).territories.values()
        for word in re.findall(r"[^\W\d_]+", name)
    ]
    found = from_words(names)
    return {k: v for k, v in found.accented.items() if k not in found.words}


@functools.cache
def model_dictionary(model: str) -> Dictionary:
    """The word list of a Tesseract model ("fra"); empty where the model or tools are missing."""
    return from_words(tesseract_word_list(model))


def from_words(words: Iterable[str]) -> Dictionary:
    # Capitals are often printed without accents ("LUMIERE"): a word list's all-capital forms
    # say nothing about how the word is spelled in lower case.
    lower = frozenset(w.lower() for w in words if not (w.isupper() and len(w) > 1))
    accented = {k: next(iter(s)) for k, s in spellings_by_key(lower).items() if len(s) == 1}
    return Dictionary(words=lower, accented=accented)


def spellings_by_key(words: Iterable[str]) -> dict[str, set[str]]:
    """Bare key -> the accented spellings among ``words``."""
    out: dict[str, set[str]] = {}
    for w in words:
        if w.isascii():
            continue  # nothing to take off (and most words of a list: ~3x faster)
        key = without_accents(w)
        if key != w:
            out.setdefault(key, set()).add(w)
    return out


@functools.cache
def tesseract_models() -> dict[str, str]:
    """ISO 639-1 code -> the Tesseract model of that language."""
    return dict(read_yaml(_LANGUAGES)["tesseract_models"])


def tesseract_word_list(model: str) -> list[str]:
    data = tessdata_dir()
    combine, dawg2 = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    if data is None or combine is None or dawg2 is None:
        return []
    traineddata = data / f"{model}.traineddata"
    if not traineddata.exists():
        return []
    with tempfile.TemporaryDirectory() as tmp:
        prefix = f"{tmp}/{model}."
        try:
            subprocess.run(  # noqa: S603 - fixed tools, paths we built
                [combine, "-u", str(traineddata), prefix],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
            out = Path(tmp) / "words.txt"
            subprocess.run(  # noqa: S603
                [dawg2, prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(out)],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
            return out.read_text(encoding="utf-8", errors="replace").split()
        except (subprocess.SubprocessError, OSError):
            return []


@functools.cache
def tessdata_dir() -> Path | None:
    """Where Tesseract's models are, as the tesseract command reports it."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return None
    try:
        listing = subprocess.run(  # noqa: S603
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except (subprocess.SubprocessError, OSError):
        return None
    m = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    return Path(m.group(1)) if m else None
