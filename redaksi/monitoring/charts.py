"""Horizontal bar charts drawn on the server as SVG; the page puts each one's table beside it."""

from dataclasses import dataclass
from typing import Any

ROW = 28  # px per bar
LABEL = 150  # px for the labels on the left
WIDTH = 600


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the table and the bar's end show it
    href: str
    y: int
    width: float
    marker: float | None = None  # x of a reference line (the time standard)


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW + 8

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - 60


def bar_chart(title: str, rows: list[dict[str, Any]], *, scale: float | None = None) -> Chart:
    """`rows`: label, value, text, href and optionally marker (in the value's unit)."""
    top = scale or max([r["value"] for r in rows] + [r.get("marker") or 0 for r in rows] + [1])
    plot = WIDTH - LABEL - 60
    bars = [
        Bar(
            label=r["label"],
            value=r["value"],
            text=r["text"],
            href=r["href"],
            y=i * ROW + 4,
            width=round(plot * r["value"] / top, 1),
            marker=round(LABEL + plot * r["marker"] / top, 1) if r.get("marker") else None,
        )
        for i, r in enumerate(rows)
    ]
    return Chart(title=title, bars=bars)
