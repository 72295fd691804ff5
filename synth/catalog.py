"""Reference data the generator draws from: parties, goods, places, carriers, authorities.

All companies are fictitious. Carrier names and AWB prefixes / container owner codes are
real ones so that the identifiers look and validate like real ones. Plain data, so more
entries can be added without touching the generator.
"""

from __future__ import annotations

from typing import Any

# UN/LOCODE -> printed place name.
PLACES: dict[str, str] = {
    # airports / air cargo cities
    "CNSZX": "Shenzhen", "HKHKG": "Hong Kong", "CNPVG": "Shanghai Pudong",
    "VNSGN": "Ho Chi Minh City", "INMAA": "Chennai", "KRICN": "Incheon", "USSEA": "Seattle",
    "ZAJNB": "Johannesburg", "TRIST": "Istanbul", "CHZRH": "Zürich", "GBLHR": "London Heathrow",
    "DEFRA": "Frankfurt am Main", "DEMUC": "München", "NLAMS": "Amsterdam",
    "FRCDG": "Paris-Charles de Gaulle", "BEBRU": "Brussels", "ATVIE": "Wien",
    "ESMAD": "Madrid",
    # sea ports
    "CNSHA": "Shanghai", "CNNGB": "Ningbo", "CNYTN": "Yantian", "KRPUS": "Busan",
    "INNSA": "Nhava Sheva", "TRMER": "Mersin", "ZACPT": "Cape Town", "USNYC": "New York",
    "VNCLI": "Cat Lai", "GBFXT": "Felixstowe",
    "NLRTM": "Rotterdam", "DEHAM": "Hamburg", "BEANR": "Antwerpen", "DEBRV": "Bremerhaven",
    "FRLEH": "Le Havre", "ESVLC": "Valencia",
    # road
    "CHBSL": "Basel", "GBBHM": "Birmingham", "RSBEG": "Beograd", "DESTR": "Stuttgart",
    "DEDUI": "Duisburg", "FRLYS": "Lyon", "FRPAR": "Paris",
}

COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "CN": {"en": "China", "de": "China", "fr": "Chine", "es": "China"},
    "HK": {"en": "Hong Kong", "de": "Hongkong", "fr": "Hong Kong", "es": "Hong Kong"},
    "VN": {"en": "Vietnam", "de": "Vietnam", "fr": "Viêt Nam", "es": "Vietnam"},
    "IN": {"en": "India", "de": "Indien", "fr": "Inde", "es": "India"},
    "KR": {"en": "Korea, Republic of", "de": "Südkorea", "fr": "Corée du Sud", "es": "Corea del Sur"},
    "US": {"en": "United States", "de": "USA", "fr": "États-Unis", "es": "Estados Unidos"},
    "ZA": {"en": "South Africa", "de": "Südafrika", "fr": "Afrique du Sud", "es": "Sudáfrica"},
    "TR": {"en": "Türkiye", "de": "Türkei", "fr": "Turquie", "es": "Turquía"},
    "CH": {"en": "Switzerland", "de": "Schweiz", "fr": "Suisse", "es": "Suiza"},
    "GB": {"en": "United Kingdom", "de": "Vereinigtes Königreich", "fr": "Royaume-Uni",
           "es": "Reino Unido"},
    "RS": {"en": "Serbia", "de": "Serbien", "fr": "Serbie", "es": "Serbia"},
    "DE": {"en": "Germany", "de": "Deutschland", "fr": "Allemagne", "es": "Alemania"},
    "NL": {"en": "Netherlands", "de": "Niederlande", "fr": "Pays-Bas", "es": "Países Bajos"},
    "FR": {"en": "France", "de": "Frankreich", "fr": "France", "es": "Francia"},
    "AT": {"en": "Austria", "de": "Österreich", "fr": "Autriche", "es": "Austria"},
    "BE": {"en": "Belgium", "de": "Belgien", "fr": "Belgique", "es": "Bélgica"},
    "ES": {"en": "Spain", "de": "Spanien", "fr": "Espagne", "es": "España"},
}

# Exporters outside the EU. "origin" lists the places they ship from, by mode;
# "goods" the catalogue groups they sell; "inv" a format for their invoice numbers.
SELLERS: list[dict[str, Any]] = [
    {"name": "Shenzhen Huarui Electronics Co., Ltd.", "street": "No. 88 Keji South Road",
     "postcode": "518057", "city": "Shenzhen", "country": "CN", "currency": "USD",
     "origin": {"air": "CNSZX", "sea": "CNYTN"}, "goods": ["electronics"],
     "inv": "HR{yy}-{n:05d}"},
    {"name": "Ningbo Oriental Steel Trading Co., Ltd.", "street": "1288 Zhongshan East Road",
     "postcode": "315040", "city": "Ningbo", "country": "CN", "currency": "USD",
     "origin": {"sea": "CNNGB"}, "goods": ["steel", "machinery"], "inv": "NOS-{yyyy}-{n:04d}"},
    {"name": "Saigon Garment Export JSC", "street": "45 Nguyen Van Linh, District 7",
     "postcode": "700000", "city": "Ho Chi Minh City", "country": "VN", "currency": "USD",
     "origin": {"air": "VNSGN", "sea": "VNCLI"}, "goods": ["textiles"], "inv": "SGE/{yy}/{n:04d}"},
    {"name": "Tiruppur Cotton Mills Pvt. Ltd.", "street": "212 Avinashi Road",
     "postcode": "641603", "city": "Tiruppur", "country": "IN", "currency": "EUR",
     "origin": {"air": "INMAA", "sea": "INNSA"}, "goods": ["textiles"],
     "inv": "TCM/EXP/{yyyy}/{n:03d}"},
    {"name": "Hanbit Steel Co., Ltd.", "street": "77 Chungjang-daero, Jung-gu",
     "postcode": "48939", "city": "Busan", "country": "KR", "currency": "USD",
     "origin": {"sea": "KRPUS", "air": "KRICN"}, "goods": ["steel", "electronics"],
     "inv": "HS-{yyyy}{n:05d}"},
    {"name": "Anadolu Mobilya Sanayi A.S.", "street": "Ikitelli OSB Mah. 12. Cad. No: 4",
     "postcode": "34490", "city": "Istanbul", "country": "TR", "currency": "EUR",
     "origin": {"road": "TRIST", "sea": "TRMER", "air": "TRIST"}, "goods": ["furniture"],
     "inv": "AMS{yyyy}-{n:05d}"},
    {"name": "Ege Tarim Urunleri Ltd. Sti.", "street": "Kemalpasa Cad. No: 118",
     "postcode": "35170", "city": "Izmir", "country": "TR", "currency": "EUR",
     "origin": {"road": "TRIST", "sea": "TRMER"}, "goods": ["fruit"], "inv": "EGE-{n:06d}"},
    {"name": "Helvetia Kaffeetechnik AG", "street": "Hardturmstrasse 161",
     "postcode": "8005", "city": "Zürich", "country": "CH", "currency": "CHF",
     "origin": {"road": "CHZRH", "air": "CHZRH"}, "goods": ["coffee_machines"],
     "inv": "RE-{yyyy}-{n:05d}", "iban_bban": "0070010001234567"},
    {"name": "Alpwerk Feinmechanik AG", "street": "Güterstrasse 90", "postcode": "4053",
     "city": "Basel", "country": "CH", "currency": "EUR",
     "origin": {"road": "CHBSL", "air": "CHZRH"}, "goods": ["machinery", "watches"],
     "inv": "AW{yy}{n:05d}", "iban_bban": "0483512345678901"},
    {"name": "Pennine Precision Tools Ltd", "street": "14 Attercliffe Road",
     "postcode": "S4 7WZ", "city": "Sheffield", "country": "GB", "currency": "GBP",
     "origin": {"road": "GBBHM", "air": "GBLHR", "sea": "GBFXT"}, "goods": ["machinery"],
     "inv": "PPT-{n:06d}", "iban_bban": "NWBK60161331926819", "vat": "GB{d9}",
     "eori": "GB{d9}000"},
    {"name": "Cape Citrus Exporters (Pty) Ltd", "street": "3 Marine Drive, Paarden Eiland",
     "postcode": "7405", "city": "Cape Town", "country": "ZA", "currency": "USD",
     "origin": {"sea": "ZACPT", "air": "ZAJNB"}, "goods": ["fruit"], "inv": "CCE{yy}/{n:04d}"},
    {"name": "Cascade Outdoor Gear Inc.", "street": "1500 4th Avenue, Suite 300",
     "postcode": "WA 98101", "city": "Seattle", "country": "US", "currency": "USD",
     "origin": {"air": "USSEA", "sea": "USNYC"}, "goods": ["textiles", "electronics"],
     "inv": "{n:07d}"},
    {"name": "Balkan Agro Export d.o.o.", "street": "Bulevar Mihajla Pupina 10",
     "postcode": "11070", "city": "Beograd", "country": "RS", "currency": "EUR",
     "origin": {"road": "RSBEG"}, "goods": ["fruit"], "inv": "BAE-{yy}-{n:04d}"},
]

# Importers in the EU; "dest" the places they receive at, by mode.
BUYERS: list[dict[str, Any]] = [
    {"name": "Kranich Elektronik GmbH", "street": "Am Flughafen 12", "postcode": "60549",
     "city": "Frankfurt am Main", "country": "DE",
     "dest": {"air": "DEFRA", "sea": "DEHAM", "road": "DEFRA"}},
    {"name": "Rheinstahl Handel GmbH", "street": "Hafenstraße 44", "postcode": "47119",
     "city": "Duisburg", "country": "DE",
     "dest": {"sea": "NLRTM", "road": "DEDUI", "air": "DEFRA"}},
    {"name": "Bayerische Möbelhaus GmbH", "street": "Landsberger Straße 302",
     "postcode": "80687", "city": "München", "country": "DE",
     "dest": {"road": "DEMUC", "air": "DEMUC", "sea": "DEHAM"}},
    {"name": "Hanse Frucht Import GmbH", "street": "Große Elbstraße 145", "postcode": "22767",
     "city": "Hamburg", "country": "DE", "dest": {"sea": "DEHAM", "road": "DEMUC", "air": "DEFRA"}},
    {"name": "Van der Berg Trading B.V.", "street": "Waalhaven Oostzijde 81",
     "postcode": "3087 BM", "city": "Rotterdam", "country": "NL",
     "dest": {"sea": "NLRTM", "air": "NLAMS", "road": "NLRTM"}},
    {"name": "Textiles Lumière SARL", "street": "27 Rue de la République", "postcode": "69002",
     "city": "Lyon", "country": "FR", "dest": {"air": "FRCDG", "sea": "FRLEH", "road": "FRLYS"}},
    {"name": "Alpen Handels GmbH", "street": "Brünner Straße 131", "postcode": "1210",
     "city": "Wien", "country": "AT", "dest": {"air": "ATVIE", "road": "ATVIE", "sea": "DEHAM"}},
    {"name": "Antwerp Machinery NV", "street": "Noorderlaan 147", "postcode": "2030",
     "city": "Antwerpen", "country": "BE", "dest": {"sea": "BEANR", "air": "BEBRU", "road": "BEANR"}},
    {"name": "Distribuciones Levante S.L.", "street": "Avenida del Puerto 180",
     "postcode": "46023", "city": "Valencia", "country": "ES",
     "dest": {"sea": "ESVLC", "air": "ESMAD", "road": "ESVLC"}},
]

# name, HS code, unit, unit price range, net kg per unit, package kind, units per package,
# and which permit the goods need (None: none).
GOODS: dict[str, list[dict[str, Any]]] = {
    "electronics": [
        {"en": "Smartphone 6.5in 128GB, black", "de": "Smartphone 6,5 Zoll 128 GB, schwarz",
         "hs": "85171300", "unit": "C62", "price": (89, 240), "kg": "0.21", "pkg": "CT",
         "per_pkg": 20},
        {"en": "Notebook computer 14in", "de": "Notebook-Computer 14 Zoll", "hs": "84713000",
         "unit": "C62", "price": (310, 780), "kg": "1.45", "pkg": "CT", "per_pkg": 5},
        {"en": "Switching power supply 65W", "de": "Schaltnetzteil 65 W", "hs": "85044090",
         "unit": "C62", "price": (4, 12), "kg": "0.18", "pkg": "CT", "per_pkg": 100},
        {"en": "Li-ion battery pack 48V 20Ah", "de": "Li-Ionen-Akkupack 48 V 20 Ah",
         "hs": "85076000", "unit": "C62", "price": (95, 180), "kg": "5.8", "pkg": "CT",
         "per_pkg": 2},
    ],
    "textiles": [
        {"en": "Men's T-shirt, 100% cotton, knitted", "de": "Herren-T-Shirt, 100 % Baumwolle",
         "hs": "61091000", "unit": "C62", "price": (2, 6), "kg": "0.16", "pkg": "CT",
         "per_pkg": 120, "permit": "certificate_of_origin"},
        {"en": "Men's denim trousers", "de": "Herren-Jeanshose", "hs": "62034231",
         "unit": "C62", "price": (6, 14), "kg": "0.55", "pkg": "CT", "per_pkg": 40,
         "permit": "certificate_of_origin"},
        {"en": "Cotton jersey pullover", "de": "Pullover aus Baumwolle", "hs": "611020",
         "unit": "C62", "price": (5, 11), "kg": "0.35", "pkg": "CT", "per_pkg": 60,
         "permit": "certificate_of_origin"},
    ],
    "steel": [
        {"en": "Hot-rolled steel coil, 2.5 mm", "de": "Warmgewalztes Stahlcoil, 2,5 mm",
         "hs": "72083900", "unit": "KGM", "price": ("0.58", "0.74"), "kg": "1",
         "pkg": "CO", "per_pkg": 11000, "permit": "import_licence"},
        {"en": "Galvanised steel sheet, 1.0 mm", "de": "Verzinktes Stahlblech, 1,0 mm",
         "hs": "72104900", "unit": "KGM", "price": ("0.71", "0.93"), "kg": "1",
         "pkg": "PX", "per_pkg": 2500, "permit": "import_licence"},
        {"en": "Welded steel tube, square", "de": "Geschweißtes Vierkantrohr aus Stahl",
         "hs": "730661", "unit": "KGM", "price": ("0.82", "1.10"), "kg": "1", "pkg": "BE",
         "per_pkg": 1800, "permit": "import_licence"},
    ],
    "machinery": [
        {"en": "CNC lathe, horizontal", "de": "CNC-Drehmaschine, horizontal", "hs": "84581120",
         "unit": "C62", "price": (18000, 42000), "kg": "2850", "pkg": "CS", "per_pkg": 1},
        {"en": "Pneumatic drill, hand-held", "de": "Druckluftbohrmaschine, handgeführt",
         "hs": "846721", "unit": "C62", "price": (45, 120), "kg": "1.9", "pkg": "CT",
         "per_pkg": 10},
        {"en": "Carbide milling cutter set", "de": "Hartmetall-Fräser-Satz", "hs": "82077010",
         "unit": "SET", "price": (60, 190), "kg": "0.8", "pkg": "CT", "per_pkg": 24},
    ],
    "furniture": [
        {"en": "Oak dining table 180x90 cm", "de": "Esstisch Eiche 180x90 cm", "hs": "94036010",
         "unit": "C62", "price": (210, 460), "kg": "48", "pkg": "CT", "per_pkg": 1},
        {"en": "Upholstered chair, wooden frame", "de": "Polsterstuhl mit Holzgestell",
         "hs": "940161", "unit": "C62", "price": (38, 95), "kg": "7.5", "pkg": "CT",
         "per_pkg": 2},
    ],
    "fruit": [
        {"en": "Fresh oranges, Navel, class I", "de": "Frische Orangen, Navel, Klasse I",
         "hs": "08051022", "unit": "KGM", "price": ("0.62", "0.95"), "kg": "1", "pkg": "PX",
         "per_pkg": 900, "permit": "phytosanitary_certificate"},
        {"en": "Fresh table grapes, seedless", "de": "Frische Tafeltrauben, kernlos",
         "hs": "08061010", "unit": "KGM", "price": ("1.40", "2.20"), "kg": "1", "pkg": "PX",
         "per_pkg": 800, "permit": "phytosanitary_certificate"},
    ],
    "coffee_machines": [
        {"en": "Espresso machine, fully automatic", "de": "Kaffeevollautomat",
         "hs": "85167100", "unit": "C62", "price": (420, 1350), "kg": "11.5", "pkg": "CT",
         "per_pkg": 1},
        {"en": "Milk frother, electric", "de": "Milchaufschäumer, elektrisch",
         "hs": "85167970", "unit": "C62", "price": (25, 70), "kg": "0.9", "pkg": "CT",
         "per_pkg": 12},
    ],
    "watches": [
        {"en": "Wrist-watch, quartz, steel case", "de": "Armbanduhr, Quarz, Stahlgehäuse",
         "hs": "91021100", "unit": "C62", "price": (85, 390), "kg": "0.12", "pkg": "BX",
         "per_pkg": 50},
    ],
}

# Carriers by mode. Air: (IATA AWB prefix, name, flight prefix). Sea: (name, B/L prefix,
# container owner codes). Road: hauliers.
AIRLINES: list[tuple[str, str, str]] = [
    ("020", "Lufthansa Cargo AG", "LH"), ("176", "Emirates SkyCargo", "EK"),
    ("160", "Cathay Pacific Cargo", "CX"), ("618", "Singapore Airlines Cargo", "SQ"),
    ("057", "Air France Cargo", "AF"), ("074", "KLM Cargo", "KL"),
    ("235", "Turkish Cargo", "TK"),
]
SHIPPING_LINES: list[tuple[str, str, tuple[str, ...]]] = [
    ("Maersk A/S", "MAEU", ("MSKU", "MRKU", "TGHU")),
    ("Hapag-Lloyd AG", "HLCU", ("HLXU", "HLBU")),
    ("COSCO Shipping Lines Co., Ltd.", "COSU", ("CSQU", "CBHU", "CSNU")),
    ("CMA CGM S.A.", "CMDU", ("CMAU", "TCNU")),
    ("Mediterranean Shipping Company S.A.", "MEDU", ("MSCU", "MEDU")),
]
VESSELS: list[str] = [
    "NORDIC HARMONY", "EVER LUMEN", "CAPE ALTAIR", "SANTA ROSALIA", "HAMBURG EXPRESS",
    "MAERSK EMDEN", "CSCL NEPTUNE", "CMA CGM ORINOCO",
]
# Road hauliers by the country they start from, with a registration-plate pattern
# (# digit, @ letter) for the truck.
HAULIERS: dict[str, list[tuple[str, str]]] = {
    "CH": [("Alpentrans AG", "BS ###### / BS ######"), ("Donau Spedition GmbH", "ZH ######")],
    "TR": [("Anatolia Lojistik A.S.", "34 @@ #### / 34 @@ ####")],
    "GB": [("Midlands Freight Ltd", "@@## @@@")],
    "RS": [("TransBalkan d.o.o.", "BG ###-@@")],
}
NOTIFY_PARTIES: list[dict[str, Any]] = [
    {"name": "Elbe Customs Brokers GmbH", "street": "Bei St. Annen 2", "postcode": "20457",
     "city": "Hamburg", "country": "DE"},
    {"name": "Maas Douane Services B.V.", "street": "Albert Plesmanweg 43",
     "postcode": "3088 GB", "city": "Rotterdam", "country": "NL"},
]

COO_AUTHORITIES: dict[str, str] = {
    "CN": "China Council for the Promotion of International Trade",
    "VN": "Vietnam Chamber of Commerce and Industry",
    "IN": "Export Inspection Council of India",
    "KR": "Korea Chamber of Commerce and Industry",
    "TR": "Istanbul Chamber of Commerce",
    "CH": "Basler Handelskammer",
    "GB": "London Chamber of Commerce and Industry",
    "US": "Greater Seattle Chamber of Commerce",
    "ZA": "South African Chamber of Commerce and Industry",
    "RS": "Chamber of Commerce and Industry of Serbia",
}
PHYTO_AUTHORITIES: dict[str, str] = {
    "ZA": "Department of Agriculture, Land Reform and Rural Development",
    "TR": "Ministry of Agriculture and Forestry, Plant Protection Directorate",
    "RS": "Ministry of Agriculture, Plant Protection Directorate",
    "US": "USDA Animal and Plant Health Inspection Service",
}
LICENCE_AUTHORITIES: dict[str, str] = {
    "DE": "Bundesamt für Wirtschaft und Ausfuhrkontrolle (BAFA)",
    "NL": "Centrale Dienst voor In- en Uitvoer (CDIU)",
    "FR": "Service des titres du commerce extérieur (SETICE)",
    "AT": "Bundesministerium für Arbeit und Wirtschaft",
    "BE": "FOD Economie, Dienst Vergunningen",
    "ES": "Secretaría de Estado de Comercio",
}

# Incoterms 2020 rules usable per mode: the sea-only rules (FAS, FOB, CFR, CIF) only by sea.
INCOTERMS_BY_MODE: dict[str, tuple[str, ...]] = {
    "sea": ("FOB", "CIF", "CFR", "FCA", "EXW"),
    "air": ("FCA", "CPT", "CIP", "EXW", "DAP"),
    "road": ("EXW", "FCA", "DAP", "CPT"),
}
