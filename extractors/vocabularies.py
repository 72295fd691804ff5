"""Every vocabulary and phrase matcher extraction uses, built at once.

Each is cached on first use, so a process otherwise pays for loading a document type's labels
(about half a second of YAML and spaCy matchers each) on its first document of that type. A
long-lived worker, or a benchmark that must time reading rather than start-up, calls
``load_vocabularies()`` first.
"""

from __future__ import annotations

from typing import get_args

from clearway.models import DocType


def load_vocabularies() -> None:
    from extractors import classify, labels, normalize, table_words

    for doc_type in get_args(DocType):
        if doc_type != "other":
            labels.label_set(doc_type)
    labels.common()
    classify.type_matcher()
    normalize.country_tables()
    normalize.locode_table()
    normalize.months()
    normalize.currency_table()
    normalize.freight_terms_patterns()
    for build in (table_words.header_matcher, table_words.end_matcher, table_words.carry_matcher):
        build()
