"""Reference normalisation and check digits, with property tests for messy input."""

import string

from hypothesis import assume, example, given
from hypothesis import strategies as st

from linking.references import (
    awb_ok,
    check_digit_reading,
    confusion_key,
    container_ok,
    exact_key,
    key_of,
    strip_label,
)
from synth.checkdigits import awb_number, container_check_digit, container_number
from validators import rules

digits = st.text(alphabet=string.digits, min_size=1, max_size=1)
serials = st.text(alphabet=string.digits, min_size=7, max_size=7)
prefixes = st.text(alphabet=string.digits, min_size=3, max_size=3)
owners = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
serial6 = st.text(alphabet=string.digits, min_size=6, max_size=6)
LABELS = ["", "No. ", "No.: ", "no ", "Nr. ", "NR:", "N° ", "Nº", "n. ", "Num. ", "Number ", "# "]
SEPARATORS = ["", " ", "-", "/", ".", " - ", "–"]


def test_examples():
    assert strip_label("No.: INV-0042") == "INV-0042"
    assert strip_label("N° 2026/17") == "2026/17"
    assert strip_label("nr 4711-a") == "4711-A"
    assert strip_label("NOR-12345") == "NOR-12345"  # a reference that starts with "NO"
    assert strip_label("Nordic 12345") == "NORDIC 12345"
    assert exact_key("No. inv – 0042") == "INV0042"
    assert key_of("transport_document", "176-1234 567S") == "17612345675"
    assert key_of("container", "CSQU 3O5438-3") == "CSQU3054383"
    assert key_of("container", "C5QU3054383") == "CSQU3054383"
    assert key_of("invoice", "INV-2O26-0042") == "INV2O260042"  # no check digit: no repair
    assert key_of("invoice", "42") == ""


# --- check digits: three implementations agree (synth is the independent oracle) ----------


@given(prefixes, serials)
def test_awb_built_with_its_check_digit_is_valid(prefix, serial):
    number = awb_number(prefix, serial)
    assert awb_ok(number) and rules.awb_valid(number)


@given(prefixes, serials, digits)
def test_awb_with_another_check_digit_is_invalid(prefix, serial, d):
    number = awb_number(prefix, serial)
    assume(d != number[-1])
    wrong = number[:-1] + d
    assert not awb_ok(wrong) and not rules.awb_valid(wrong)
    assert check_digit_reading("transport_document", wrong) is None  # nothing to repair


@given(owners, serial6, st.sampled_from("UJZ"))
def test_container_built_with_its_check_digit_is_valid(owner, serial, category):
    number = container_number(owner, serial, category)
    assert container_ok(number) and rules.container_valid(number)


@given(owners, serial6, digits)
def test_container_with_another_check_digit_is_invalid(owner, serial, d):
    number = container_number(owner, serial)
    assume(d != number[-1])
    wrong = number[:-1] + d
    assert not container_ok(wrong) and not rules.container_valid(wrong)


@given(owners, serial6)
def test_container_check_digit_agrees_with_validators(owner, serial):
    first10 = f"{owner}U{serial}"
    assert container_check_digit(first10) == rules.container_check_digit(first10)


# --- normalisation ----------------------------------------------------------------------

keys = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=4, max_size=14).filter(
    lambda k: any(c.isdigit() for c in k) and k[0] not in "N#"
)


@given(
    keys,
    st.sampled_from(LABELS),
    st.lists(st.sampled_from(SEPARATORS), min_size=14, max_size=14),
    st.booleans(),
)
@example("INV0042", "No. ", ["-"] * 14, True)
def test_labels_separators_and_case_do_not_change_the_key(key, label, seps, lower):
    if label in ("no ", "Number "):
        # a bare word is a label only before a number: "No 4711", not "No A 4711"
        seps = [s.replace(" ", "") for s in seps]
    printed = label + "".join(c + s for c, s in zip(key, seps, strict=False)).rstrip(" -–/.")
    if lower:
        printed = printed.lower()
    assert key_of("invoice", printed) == key


@given(keys)
def test_key_is_idempotent(key):
    once = key_of("transport_document", key)
    assert key_of("transport_document", once) == once
    assert confusion_key(confusion_key(key)) == confusion_key(key)


CONFUSE = {"0": "O", "1": "I", "5": "S", "8": "B"}


@given(prefixes, serials, st.lists(st.booleans(), min_size=11, max_size=11))
def test_misread_awb_is_repaired_by_its_check_digit(prefix, serial, flips):
    number = awb_number(prefix, serial)
    misread = "".join(CONFUSE.get(c, c) if f else c for c, f in zip(number, flips, strict=True))
    assert key_of("transport_document", misread) == number
    assert key_of("transport_document", f"No. {misread[:3]}-{misread[3:]}") == number


@given(owners, serial6, st.lists(st.booleans(), min_size=11, max_size=11))
def test_misread_container_is_repaired_by_its_check_digit(owner, serial, flips):
    number = container_number(owner, serial)
    letters = {v: k for k, v in CONFUSE.items()}
    misread = "".join(
        (letters.get(c, c) if i < 4 else CONFUSE.get(c, c)) if f else c
        for i, (c, f) in enumerate(zip(number, flips, strict=True))
    )
    assert key_of("container", misread) == number


@given(keys)
def test_confusion_key_meets_every_confused_spelling(key):
    confused = "".join(CONFUSE.get(c, c) for c in key)
    assert confusion_key(confused) == confusion_key(key)
