"""Horizontal bar charts drawn on the server as SVG; the page puts each one's table beside it."""

from dataclasses import dataclass
from typing import Any

ROW = 26  # px per bar
LABEL = 78  # px for the labels on the left
RIGHT = 84  # px after the longest bar, for its value
WIDTH = 380


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the table and the bar's end show it
    href: str
    y: int
    width: float
    marker: float | None = None  # x of a reference line (the time standard)

    @property
    def text_x(self) -> float:
        """Where the value is written: after the bar, or after the reference line if that lies further."""
        return max(LABEL + self.width, (self.marker or 0) + 2)


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
        return self.width - self.label_width - RIGHT


def bar_chart(title: str, rows: list[dict[str, Any]], *, scale: float | None = None) -> Chart:
    """`rows`: label, value, text, href and optionally marker (in the value's unit)."""
    top = scale or max([r["value"] for r in rows] + [r.get("marker") or 0 for r in rows] + [1])
    plot = WIDTH - LABEL - RIGHT
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
