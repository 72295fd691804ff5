"""Reading the vocabulary files (YAML). Vocabularies are words: "no", "on" and "off" stay strings
(plain YAML 1.1 would turn the label "No." into False)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml


class _WordLoader(yaml.SafeLoader):
    pass


# Keep only true/false as booleans.
_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


@functools.cache
def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader)  # noqa: S506 - SafeLoader subclass
