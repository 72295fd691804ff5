"""Bad input to the steward's commands is a coded, one-line refusal, never a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from clearway.cli import app


def test_a_missing_file_is_a_coded_refusal_for_boxes_and_extract(tmp_path) -> None:
    missing = tmp_path / "nope.pdf"
    boxes = ["boxes", str(missing), "--out", str(tmp_path / "x.png")]
    for args in (boxes, ["extract", str(missing)]):
        out = CliRunner().invoke(app, args)
        assert out.exit_code == 2, out.output
        assert out.exception is None or isinstance(out.exception, SystemExit)
        assert f"CW503 no_such_file: There is no file {missing}" in out.output
        assert "Traceback" not in out.output
