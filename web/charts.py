"""Server-side SVG charts for the steward dashboard: plain markup, no script, no build.

Each chart is an ``<svg role="img">`` whose ``<title>`` names it and whose every bar has a
``<title>`` of its own (a tooltip, and what a screen reader announces); pages put a table
of the same figures next to it. Pure functions of plain data: labels and counts in, markup
out. Every piece of text is escaped here, so the result can be inserted as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# One colour per series, distinguishable by most colour-blind readers (Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000")


@dataclass(frozen=True)
class Frame:
    """The drawing area: outer size and the margins left for axis labels."""

    width: int = 640
    height: int = 240
    left: int = 40
    right: int = 10
    top: int = 10
    bottom: int = 40

    def __post_init__(self) -> None:
        if self.width <= self.left + self.right or self.height <= self.top + self.bottom:
            raise ValueError("the chart is smaller than its margins")

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom


def nice_max(value: float) -> int:
    """The top of the axis: the smallest of 1, 2, 5 × 10^n at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _svg(title: str, frame: Frame, body: list[str]) -> Markup:
    t = escape(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {frame.width} '
        f'{frame.height}" width="100%" preserveAspectRatio="xMinYMin meet" class="chart">'
        f"<title>{t}</title>" + "".join(body) + "</svg>"
    )


def _axis(frame: Frame, top_value: int) -> list[str]:
    x0, y0 = frame.left, frame.top + frame.plot_height
    return [
        f'<line x1="{x0}" y1="{frame.top}" x2="{x0}" y2="{y0}" stroke="#555"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{frame.width - frame.right}" y2="{y0}" stroke="#555"/>',
        f'<text x="{x0 - 4}" y="{frame.top + 10}" text-anchor="end" font-size="11">'
        f"{top_value}</text>",
        f'<text x="{x0 - 4}" y="{y0}" text-anchor="end" font-size="11">0</text>',
    ]


def _label(x: float, frame: Frame, text: str) -> str:
    y = frame.top + frame.plot_height + 14
    return f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="10">{escape(text)}</text>'


def stacked_bars(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int]],
    frame: Frame | None = None,
    short: Mapping[str, str] | None = None,
) -> Markup:
    """One bar per category, stacked by series (in the mapping's order), with a legend.

    ``series[name][i]`` is the count of ``name`` in ``categories[i]``; ``short`` gives the
    axis label shown for a category (the full one is in each bar's title)."""
    per_row = 7  # legend entries on one line
    rows = max(1, -(-len(series) // per_row))
    frame = frame or Frame(bottom=24 + 16 * rows)
    for name, values in series.items():
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
    totals = [sum(v[i] for v in series.values()) for i in range(len(categories))]
    top_value = nice_max(max(totals, default=0))
    body = _axis(frame, top_value)
    slot = frame.plot_width / max(len(categories), 1)
    bar = slot * 0.7
    scale = frame.plot_height / top_value
    base = frame.top + frame.plot_height
    for i, category in enumerate(categories):
        x = frame.left + i * slot + (slot - bar) / 2
        y = base
        for k, (name, values) in enumerate(series.items()):
            n = values[i]
            if n <= 0:
                continue
            h = n * scale
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour_of(k)}"><title>{escape(category)}: {n} {escape(name)}</title>'
                "</rect>"
            )
        label = (short or {}).get(category, category)
        body.append(_label(x + bar / 2, frame, label))
    for k, name in enumerate(series):
        lx = frame.left + (k % per_row) * 85
        legend_y = frame.height - 6 - 16 * (rows - 1 - k // per_row)
        body.append(
            f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{colour_of(k)}"/>'
            f'<text x="{lx + 14}" y="{legend_y}" font-size="11">{escape(name)}</text>'
        )
    return _svg(title, frame, body)


def bars(
    title: str,
    items: Sequence[tuple[str, float]],
    frame: Frame | None = None,
    unit: str = "",
    top_value: float | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value), in the order given. ``top_value`` fixes the
    scale (1.0 for shares); otherwise a round number at or above the largest value."""
    # Room on the left for labels such as line_items.transport_document_refs, on the right
    # for the figure written after the longest bar.
    frame = frame or Frame(height=max(60, 24 * len(items) + 30), left=230, right=60, bottom=20)
    top = top_value if top_value is not None else nice_max(max((v for _, v in items), default=0))
    top = top or 1
    row = frame.plot_height / max(len(items), 1)
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = frame.top + i * row
        w = max(value, 0) / top * frame.plot_width
        shown = f"{value:g}{unit}"
        body.append(
            f'<text x="{frame.left - 6}" y="{y + row * 0.65:.1f}" text-anchor="end" '
            f'font-size="11">{escape(label)}</text>'
            f'<rect x="{frame.left}" y="{y + row * 0.15:.1f}" width="{w:.1f}" '
            f'height="{row * 0.7:.1f}" fill="{colour_of(0)}">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
            f'<text x="{frame.left + w + 4:.1f}" y="{y + row * 0.65:.1f}" font-size="11">'
            f"{escape(shown)}</text>"
        )
    return _svg(title, frame, body)
