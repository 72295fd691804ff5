"""Pure helpers of the storage layer: content addresses, upload metadata, finding identity."""

from __future__ import annotations

from clearway.ids import sha256_hex
from storage.consignments import _as_link, finding_key
from storage.objects import IncomingObject, message_key, raw_key, uploader_from_key, user_metadata


def test_raw_key_is_the_content_address():
    sha = sha256_hex(b"abc")
    assert raw_key(sha) == f"raw/{sha[:2]}/{sha}"
    assert message_key(sha) == f"messages/{sha}.eml"


def test_uploader_from_key():
    assert uploader_from_key("incoming/acme/inv.pdf", "incoming/") == "acme"
    assert uploader_from_key("incoming/acme/2026/inv.pdf", "incoming/") == "acme"
    assert uploader_from_key("incoming/inv.pdf", "incoming/") is None


def test_user_metadata_strips_the_amz_prefix_case_insensitively():
    headers = {"X-Amz-Meta-Uploader": "acme", "x-amz-meta-original-name": "Inv.pdf", "ETag": "x"}
    assert user_metadata(headers) == {"uploader": "acme", "original-name": "Inv.pdf"}
    assert user_metadata(None) == {}


def test_incoming_object_falls_back_to_the_key_for_its_name():
    assert IncomingObject("incoming/acme/a.pdf", "e", 1).original_name == "a.pdf"
    meta = {"original-name": "Invoice A.pdf", "uploader": "acme"}
    obj = IncomingObject("incoming/acme/a.pdf", "e", 1, meta)
    assert (obj.original_name, obj.uploader) == ("Invoice A.pdf", "acme")


def test_finding_key_ignores_order_and_tells_documents_apart():
    assert finding_key(["b", "a"], ["y", "x"]) == finding_key(["a", "b"], ["x", "y"])
    assert finding_key(["a"], ["x"]) != finding_key(["b"], ["x"])


def test_links_accept_tuples_and_mappings():
    assert _as_link(("a", "b", "R")) == ("a", "b", "R")
    assert _as_link({"from": "a", "to": "b", "reference": "R"}) == ("a", "b", "R")
    assert _as_link({"from_sha": "a", "to_sha": "b", "reference": "R"}) == ("a", "b", "R")
