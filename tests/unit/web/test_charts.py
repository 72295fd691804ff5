"""web.charts: SVG bar charts as plain markup, escaped, with a title per chart and per bar."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # well-formed XML, or this raises


def bar_titles(root: ET.Element) -> list[str]:
    return [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title")
            is not None]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (1.5, 2), (3, 5), (7, 10), (10, 10), (11, 20), (420, 500)],
)
def test_axis_top_is_a_round_number_at_or_above_the_largest(value, expected):
    assert charts.nice_max(value) == expected


def test_stacked_bars_one_rect_per_nonzero_count_with_its_title():
    svg = charts.stacked_bars(
        "Documents per day",
        ["2026-11-21", "2026-11-22"],
        {"extracted": [2, 0], "failed": [1, 3]},
        short={"2026-11-21": "11-21", "2026-11-22": "11-22"},
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Documents per day"
    assert bar_titles(root) == [
        "2026-11-21: 2 extracted",
        "2026-11-21: 1 failed",
        "2026-11-22: 3 failed",
    ]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "11-21" in labels and "extracted" in labels and "failed" in labels


def test_stacked_bar_heights_are_proportional_and_stack_upwards():
    frame = charts.Frame(width=300, height=140, left=20, right=0, top=10, bottom=30)
    root = parse(charts.stacked_bars("t", ["a"], {"x": [1], "y": [1]}, frame=frame))
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    heights = [float(r.get("height")) for r in rects]
    assert heights == pytest.approx([50.0, 50.0])  # 2 is the top of the axis, 100 units high
    lower, upper = (float(r.get("y")) for r in rects)
    assert upper < lower  # the second series sits on the first


def test_text_is_escaped():
    svg = str(charts.bars('<script>alert("x")</script>', [("a<b & c", 3)]))
    assert "<script>" not in svg
    assert "a&lt;b &amp; c" in svg
    parse(svg)


def test_bars_scale_to_the_given_top_and_show_the_unit():
    frame = charts.Frame(width=300, height=100, left=100, right=0, top=0, bottom=0)
    root = parse(charts.bars("shares", [("total", 50.0), ("date", 100.0)], frame, " %", 100))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [100.0, 200.0]
    assert bar_titles(root) == ["total: 50 %", "date: 100 %"]


def test_empty_charts_are_still_valid_svg():
    assert parse(charts.bars("nothing", [])).find(f"{SVG}title").text == "nothing"
    root = parse(charts.stacked_bars("nothing", [], {}))
    assert bar_titles(root) == []


def test_series_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError, match="has 1 values for 2"):
        charts.stacked_bars("t", ["a", "b"], {"x": [1]})


def test_a_frame_smaller_than_its_margins_is_refused():
    with pytest.raises(ValueError):
        charts.Frame(width=40, left=30, right=20)


def test_output_is_markup_that_templates_insert_as_is():
    svg = charts.bars("t", [("a", 1)])
    assert hasattr(svg, "__html__")
    assert re.match(r"<svg [^>]*viewBox=", str(svg))


def test_a_long_legend_wraps_inside_the_chart():
    series = {f"status{i}": [1] for i in range(9)}
    root = parse(charts.stacked_bars("t", ["a"], series))
    height = float(root.get("viewBox").split()[3])
    legend = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("status")]
    assert len({t.get("y") for t in legend}) == 2  # two lines of seven and two
    assert all(float(t.get("y")) <= height and float(t.get("x")) < 640 for t in legend)
