"""Every golden case reads as its reviewed expected file says (see cases.yaml)."""

from __future__ import annotations

import pytest

from tests.golden.golden import case_names, extracted, read_expected


@pytest.mark.parametrize("name", case_names())
def test_golden_case(name: str) -> None:
    expected = read_expected(name)
    if expected is None:
        pytest.fail(
            f"golden case {name} has no expected file: review and write it with "
            f"`uv run python -m tests.golden.regenerate {name}`"
        )
    got = extracted(name)
    assert got["doc_type"] == expected["doc_type"]
    assert got["fields"] == expected["fields"]


def test_expected_files_are_never_written_by_the_test(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A missing expected file fails the case instead of being created from today's output."""
    from tests.golden import golden

    monkeypatch.setattr(golden, "EXPECTED", tmp_path)
    assert golden.read_expected(case_names()[0]) is None
    assert not any(tmp_path.iterdir())
