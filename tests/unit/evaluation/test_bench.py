"""``clearway bench``: each document timed twice, by the library alone and by Clearway, on one
core; text-layer pages against pdfplumber, OCR'd pages against Tesseract; unreadable files
listed, not timed."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from clearway.cli import app
from clearway.settings import load_settings
from evaluation import bench


def text_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    for number in (1, 2):
        canvas.drawString(72, 760, "Commercial Invoice")
        canvas.drawString(72, 740, f"Invoice No. INV-{number}  Date 2026-01-02  Total EUR 10.00")
        canvas.showPage()
    canvas.save()
    return path


def scanned_png(path: Path) -> Path:
    image = Image.new("L", (1240, 400), 255)
    font = ImageFont.load_default(size=40)
    ImageDraw.Draw(image).text((60, 80), "Invoice No. INV-7  Total EUR 10.00", fill=0, font=font)
    image.save(path, dpi=(300, 300))
    return path


def test_text_and_ocr_pages_are_timed_against_their_library(tmp_path: Path) -> None:
    files = [text_pdf(tmp_path / "a.pdf"), scanned_png(tmp_path / "b.png")]
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    files.append(tmp_path / "broken.pdf")
    figures = bench.summary(bench.run(files, load_settings()))
    text, ocr = figures["kinds"]["text"], figures["kinds"]["ocr"]
    assert (text["documents"], text["pages"], text["library"]) == (1, 2, "pdfplumber extract_words")
    assert (ocr["documents"], ocr["pages"], ocr["library"]) == (1, 1, "tesseract alone")
    for row in (text, ocr):
        assert row["library_pages_per_s"] > 0 and row["clearway_pages_per_s"] > 0
        assert row["clearway_time_per_library_time"] > 0
    assert [f["file"] for f in figures["failed"]] == [str(tmp_path / "broken.pdf")]
    assert figures["failed"][0]["error"].startswith("CW1")


def test_bench_command_prints_and_writes_the_figures(tmp_path: Path) -> None:
    text_pdf(tmp_path / "a.pdf")
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", str(tmp_path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "pdfplumber extract_words" in result.output
    assert json.loads(out.read_text())["kinds"]["text"]["pages"] == 2


def test_bench_command_refuses_paths_without_documents(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(tmp_path)])
    assert result.exit_code == 2
    assert "no PDF or image" in result.output
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such file" in result.output
