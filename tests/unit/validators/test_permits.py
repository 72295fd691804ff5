import pytest
from shipment_builders import INVOICE, ITEMS, ex, shipment

from validators.consignment import CheckParams, check_consignment
from validators.permits import (
    PermitRule,
    PermitTableError,
    load_table,
    permit_table,
    requirements_for,
    table_from_dict,
)

STEEL = [
    {**ITEMS[0], "hs_code": "72083900", "origin_country": "KR"},
    {**ITEMS[1], "hs_code": "730661", "origin_country": "KR"},
]


def codes(docs, **kw):
    return sorted(f.code for f in check_consignment(docs, CheckParams(**kw)))


def without_permit(docs):
    return [d for d in docs if d.doc_type != "permit"]


def test_bundled_table_loads_and_covers_the_synthetic_goods():
    table = permit_table()
    assert table == load_table()
    need = {r.permit_type for r in requirements_for("72083900", "KR", table)}
    assert need == {"import_licence"}
    assert [r.permit_type for r in requirements_for("08051022", "ZA", table)] == [
        "phytosanitary_certificate"
    ]
    assert [r.permit_type for r in requirements_for("611020", "IN", table)] == [
        "certificate_of_origin"
    ]
    assert requirements_for("85044090", "CN", table) == []


def test_origin_limited_rule():
    table = permit_table()
    assert requirements_for("440710", "DE", table) == []
    assert [r.permit_type for r in requirements_for("440710", "RU", table)] == ["import_licence"]
    # an origin nobody read falls under the rule: ask rather than assume
    assert [r.permit_type for r in requirements_for("440710", None, table)] == ["import_licence"]


def test_overlapping_rules_give_each_type_once():
    table = table_from_dict(
        {
            "version": 1,
            "rules": [
                {"hs": "72", "requires": ["import_licence"]},
                {"hs": "7208", "requires": ["import_licence", "certificate_of_origin"]},
            ],
        }
    )
    assert [r.permit_type for r in requirements_for("72083900", "KR", table)] == [
        "import_licence",
        "certificate_of_origin",
    ]


@pytest.mark.parametrize(
    ("rule", "complaint"),
    [
        ({"hs": "7", "requires": ["import_licence"]}, "not an HS chapter"),
        ({"hs": "98", "requires": ["import_licence"]}, "not an HS chapter"),
        ({"hs": 72, "requires": []}, "at least one permit type"),
        ({"hs": "72", "requires": ["licence"]}, "unknown permit types ['licence']"),
        ({"hs": "72", "requires": ["import_licence"], "origins": ["XX"]}, "ISO 3166"),
        ({"hs": "72", "requires": ["import_licence"], "colour": "red"}, "unknown keys"),
        ("72: import_licence", "a rule is a mapping"),
    ],
)
def test_bad_rules_are_refused_with_the_rule_named(rule, complaint):
    with pytest.raises(PermitTableError, match="rule 1") as err:
        table_from_dict({"version": 1, "rules": [rule]})
    assert complaint in str(err.value)


def test_duplicate_rule_and_bad_header_refused():
    with pytest.raises(PermitTableError, match="merge"):
        table_from_dict(
            {
                "version": 1,
                "rules": [
                    {"hs": "72", "requires": ["import_licence"]},
                    {"hs": "72", "requires": ["certificate_of_origin"]},
                ],
            }
        )
    with pytest.raises(PermitTableError, match="version: 1"):
        table_from_dict({"rules": []})


def test_table_file_edited_without_code(tmp_path):
    path = tmp_path / "table.yaml"
    path.write_text(
        'version: 1\nrules:\n  - hs: "8504"\n    requires: [conformity_certificate]\n'
        "    reason: Power supplies need a conformity certificate.\n"
    )
    table = load_table(path)
    assert table == (PermitRule("8504", ("conformity_certificate",), reason=table[0].reason),)
    found = check_consignment(shipment(), CheckParams(permit_rules=table))
    assert [(f.code, f.severity, f.documents) for f in found] == [
        ("missing_required_permit", "error", ["inv.pdf"])
    ]
    assert "conformity certificate" in found[0].message
    assert "Power supplies need a conformity certificate." in found[0].message


def test_no_requirement_no_finding():
    assert codes(shipment()) == []
    assert codes(without_permit(shipment())) == []


def test_missing_required_permit_raised_once_per_type():
    docs = without_permit(shipment(items=STEEL))
    found = [f for f in check_consignment(docs) if f.code == "missing_required_permit"]
    assert len(found) == 1
    assert found[0].documents == ["inv.pdf"]
    assert "72083900" in found[0].message and "730661" in found[0].message
    assert "import licence" in found[0].message


def test_permit_of_the_required_type_satisfies_it():
    docs = shipment(items=STEEL, permit={"hs_codes": ["7208", "7306"]})
    assert codes(docs) == []


def test_permit_of_another_type_does_not():
    docs = shipment(
        items=STEEL,
        permit={"permit_type": "certificate_of_origin", "hs_codes": ["7208", "7306"]},
    )
    assert codes(docs) == ["missing_required_permit"]


def test_untyped_permit_counts_for_the_codes_it_covers():
    untyped = {"permit_type": None, "hs_codes": ["7208"]}
    found = check_consignment(shipment(items=STEEL, permit=untyped))
    assert [f.code for f in found if f.code == "missing_required_permit"] == [
        "missing_required_permit"
    ]
    missing = next(f for f in found if f.code == "missing_required_permit")
    assert "730661" in missing.message and "72083900" not in missing.message


def test_invoice_without_line_codes_uses_its_hs_codes():
    inv = ex("inv.pdf", "invoice", {**INVOICE, "hs_codes": ["0805"], "country_of_origin": "ZA"})
    assert codes([inv], permit_rules=permit_table()) == [
        "missing_required_permit",
        "missing_transport_document",
    ]


def test_origin_limits_the_check():
    table = table_from_dict(
        {"version": 1, "rules": [{"hs": "8504", "origins": ["RU"], "requires": ["import_licence"]}]}
    )
    assert codes(without_permit(shipment()), permit_rules=table) == []  # lines are from CN
    ru = [{**i, "origin_country": "RU"} for i in ITEMS]
    assert codes(without_permit(shipment(items=ru)), permit_rules=table) == [
        "missing_required_permit"
    ]


def test_transport_document_codes_stand_in_for_invoice_lines():
    no_hs = [{k: v for k, v in item.items() if k != "hs_code"} for item in ITEMS]
    docs = without_permit(shipment(items=no_hs, waybill={"hs_codes": ["72083900"]}))
    found = [f for f in check_consignment(docs) if f.code == "missing_required_permit"]
    assert [f.documents for f in found] == [["awb.pdf"]]
