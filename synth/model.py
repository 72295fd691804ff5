"""The pure data model of a shipment: what is true, before anything is printed.

Amounts are ``Decimal`` so that the arithmetic the validators check (qty x price =
line total, sum = net, net + tax = total) holds exactly, not approximately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Mode = Literal["air", "sea", "road"]
PermitType = Literal["import_licence", "certificate_of_origin", "phytosanitary_certificate"]


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    vat_id: str | None = None
    eori: str | None = None


@dataclass(frozen=True)
class Place:
    locode: str  # UN/LOCODE, e.g. NLRTM
    name: str  # printed place name, e.g. Rotterdam


@dataclass(frozen=True)
class LineItem:
    description: str
    hs_code: str  # digits only, 6-10
    quantity: Decimal
    unit_code: str  # UN/CEFACT Rec 20
    unit_price: Decimal
    line_total: Decimal
    origin_country: str
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    packages: int
    package_kind: str  # CT (carton), PX (pallet), BG (bag) ...
    article: str = ""  # the seller's article number, where the invoice lists one


@dataclass(frozen=True)
class Transport:
    mode: Mode
    document_type: Literal["AWB", "BL", "CMR"]
    number: str  # normalised: AWB 11 digits; B/L and CMR as printed
    issue_date: date
    carrier_name: str
    place_of_receipt: Place
    port_of_loading: Place | None
    port_of_discharge: Place | None
    place_of_delivery: Place
    flight_number: str | None = None
    vessel_name: str | None = None
    voyage_number: str | None = None
    vehicle_plate: str | None = None
    containers: tuple[str, ...] = ()
    freight_terms: Literal["prepaid", "collect"] = "prepaid"
    notify_party: Party | None = None


@dataclass(frozen=True)
class Permit:
    permit_type: PermitType
    number: str
    issuing_authority: str
    issuing_country: str
    issue_date: date
    expiry_date: date | None
    holder: Party
    hs_codes: tuple[str, ...]
    goods_description: str
    quantity_limit: Decimal | None
    quantity_unit: str | None
    country_of_origin: str
    country_of_destination: str


@dataclass(frozen=True)
class Shipment:
    id: str
    seed: int | str
    seller: Party
    buyer: Party
    invoice_number: str
    invoice_date: date
    due_date: date
    buyer_order_reference: str
    packing_list_number: str
    currency: str
    incoterms: str
    incoterms_place: Place
    iban: str | None
    items: tuple[LineItem, ...]
    tax_rate: Decimal
    transport: Transport
    permits: tuple[Permit, ...] = ()
    # Which documents this shipment comes with, in the order a sender would attach them.
    documents: tuple[str, ...] = ("invoice", "packing_list", "waybill", "permit")
    # Per document kind: language, layout variant, and whether it is delivered as a scan.
    languages: dict[str, str] = field(default_factory=dict)
    layouts: dict[str, int] = field(default_factory=dict)
    scanned: frozenset[str] = frozenset()
    # "legacy": the fixed one-page scan of the bundled samples, in scan_format (png | jpg).
    # "profile": a scan profile drawn per document (dpi, rotation, stamps ...); scan_format
    # is then "auto" or a container to force (png | jpg | tiff | pdf).
    scan_format: str = "png"
    scan_mode: Literal["legacy", "profile"] = "legacy"
    # Per document kind: the drawn index that picks label wordings, date and number style
    # and the layout's parameters in the newer layouts (absent: the layout variant).
    wording: dict[str, int] = field(default_factory=dict)
    # A deliberate defect (synth/defects.py KINDS) and the findings it must raise; None: clean.
    defect: str | None = None

    @property
    def net_amount(self) -> Decimal:
        return sum((i.line_total for i in self.items), Decimal("0.00"))

    @property
    def tax_amount(self) -> Decimal:
        return (self.net_amount * self.tax_rate).quantize(Decimal("0.01"))

    @property
    def total_amount(self) -> Decimal:
        return self.net_amount + self.tax_amount

    @property
    def net_weight_kg(self) -> Decimal:
        return sum((i.net_weight_kg for i in self.items), Decimal("0.0"))

    @property
    def gross_weight_kg(self) -> Decimal:
        return sum((i.gross_weight_kg for i in self.items), Decimal("0.0"))

    @property
    def packages_count(self) -> int:
        return sum(i.packages for i in self.items)

    @property
    def country_of_origin(self) -> str:
        # The invoice states one origin only when all lines share it.
        origins = {i.origin_country for i in self.items}
        return origins.pop() if len(origins) == 1 else ""

    @property
    def hs_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.hs_code for i in self.items))
