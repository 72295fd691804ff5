"""``uv run python -m tests.golden.regenerate [NAME ...]``: write the expected file of golden
cases (all, or the named ones) from what the pipeline reads now, and print where that
disagrees with the generator's ground truth, for review before committing."""

from __future__ import annotations

import json
import sys

from evaluation.compare import same_value
from tests.golden.golden import EXPECTED, case_names, expected_path, extracted, ground_truth_of


def main(argv: list[str]) -> int:
    names = argv or case_names()
    unknown = set(names) - set(case_names())
    if unknown:
        print(f"no such golden case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    EXPECTED.mkdir(exist_ok=True)
    for name in names:
        got = extracted(name)
        truth = ground_truth_of(name)["fields"]
        expected_path(name).write_text(
            json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        off = [
            f"  {field}: reads {got['fields'].get(field)!r}, truth {value!r}"
            for field, value in truth.items()
            if not same_value(field, got["fields"].get(field), value)
        ]
        print(
            f"{name}: wrote {expected_path(name).name}"
            + ("" if not off else ", differs from truth:")
        )
        for line in off:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
