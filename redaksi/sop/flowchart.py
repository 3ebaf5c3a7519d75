"""Where the flowchart of an SOP document draws its symbols and arrows. Pure: no database, no HTML.

The Bagian Flowchart is a table: one row per step, one cell per performer (Pelaksana) and, when
some arrow skips rows, a narrow lane cell at the right of the performer cells. Each of those
cells draws its own picture, so the drawing lines up with the table whatever the column widths
and however tall a row grows with its text:

- x and y of lines are percentages of the cell (0 = left/top edge, 100 = right/bottom edge); a
  line that leaves a cell at an edge is continued by the neighbouring cell from the facing edge;
- symbols, arrowheads and labels sit at the centre of the cell and are measured in pixels from
  it, so they keep their size when the row grows.

An arrow to the next step goes down the performer's column; when the next step belongs to
another column it turns sideways near the top of the next row (JOG_Y). An arrow that skips rows
(a decision's "no" branch, or a `next` that is not the following step) leaves the symbol at its
right, runs up or down its own lane, and enters the target symbol from the right.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Symbol sizes in pixels (width, height). A row is at least ROW_MIN_HEIGHT pixels high (the
# stylesheet says so too), which leaves room between JOG_Y and the top of any symbol for a head.
SIZES = {
    "terminator": (56, 24),
    "process": (56, 26),
    "decision": (52, 32),
    "connector": (30, 28),
}
ROW_MIN_HEIGHT = 60
JOG_Y = 12.0  # percent of the row height
HEAD_LENGTH = 7
HEAD_HALF_WIDTH = 3.5
LABEL_YES = "Ya"
LABEL_NO = "Tidak"


@dataclass(frozen=True)
class Line:
    """A straight segment; coordinates in percent of the cell."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Symbol:
    kind: str
    step: int
    width: int
    height: int

    @property
    def left(self) -> float:
        return -self.width / 2

    @property
    def top(self) -> float:
        return -self.height / 2

    @property
    def radius(self) -> float:
        """Corner radius: a terminator is a capsule."""
        return self.height / 2 if self.kind == "terminator" else 0

    @property
    def points(self) -> str:
        """Polygon points around the cell centre, for the kinds drawn as polygons."""
        w, h = self.width / 2, self.height / 2
        if self.kind == "decision":
            corners = [(0, -h), (w, 0), (0, h), (-w, 0)]
        elif self.kind == "connector":  # off-page connector: a pentagon pointing down
            corners = [(-w, -h), (w, -h), (w, h / 3), (0, h), (-w, h / 3)]
        else:
            corners = [(-w, -h), (w, -h), (w, h), (-w, h)]
        return _points(corners)


@dataclass(frozen=True)
class Head:
    """An arrowhead whose tip touches a symbol; points in pixels around the cell centre."""

    direction: str  # "down" (entering from above) or "left" (entering from the right)
    points: str


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # percent of the cell
    y: float  # percent of the cell
    dx: float  # pixels
    dy: float  # pixels
    anchor: str  # SVG text-anchor


@dataclass
class Cell:
    lines: list[Line] = field(default_factory=list)
    symbol: Symbol | None = None
    heads: list[Head] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.lines or self.symbol or self.heads or self.labels)

    def add_line(self, line: Line) -> None:
        if line not in self.lines and (line.x1, line.y1) != (line.x2, line.y2):
            self.lines.append(line)

    def add_head(self, head: Head) -> None:
        if head not in self.heads:
            self.heads.append(head)


@dataclass
class Row:
    step: int
    column: int
    cells: list[Cell]
    lane: Cell


@dataclass(frozen=True)
class LaneEdge:
    """An arrow routed through a lane: from step `source` to step `target`."""

    source: int
    target: int
    label: str
    lane: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return min(self.source, self.target), max(self.source, self.target)


@dataclass
class Flowchart:
    columns: int
    lanes: int
    rows: list[Row]
    lane_edges: list[LaneEdge]


def _points(corners: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _next_of(step: Mapping[str, Any], count: int) -> int | None:
    if step.get("next") is not None:
        return int(step["next"])
    return step["number"] + 1 if step["number"] < count else None


def _assign_lanes(edges: list[LaneEdge]) -> list[LaneEdge]:
    """Shorter spans get the lanes nearest the table, so nested arrows never cross."""
    placed: list[LaneEdge] = []
    for edge in sorted(edges, key=lambda e: (e.span[1] - e.span[0], e.span, e.source)):
        lane = 0
        while any(
            other.lane == lane and other.span[0] <= edge.span[1] and edge.span[0] <= other.span[1] for other in placed
        ):
            lane += 1
        placed.append(LaneEdge(edge.source, edge.target, edge.label, lane))
    return sorted(placed, key=lambda e: (e.source, e.target))


def _horizontal(
    row: Row, start: int, end: int, y: float, *, direction: int, from_centre: bool, to_centre: bool
) -> None:
    """A horizontal run across the performer cells from column `start` to column `end`.

    direction is +1 (rightwards) or -1. from_centre / to_centre say whether the run starts / stops
    at the centre of the first / last cell (at a symbol or a turn); otherwise it runs on to the
    cell edge, into the next cell or the lane.
    """
    for column in range(start, end + direction, direction):
        tail, tip = (0.0, 100.0) if direction > 0 else (100.0, 0.0)
        if column == start and from_centre:
            tail = 50.0
        if column == end and to_centre:
            tip = 50.0
        if tail != tip:
            row.cells[column].add_line(Line(tail, y, tip, y))


def layout(steps: Sequence[Mapping[str, Any]], performers: Sequence[str]) -> Flowchart:
    """The drawing of each row, from normalised steps (see definition.py) and the column order."""
    column_of = {role: i for i, role in enumerate(performers)}
    count = len(steps)
    columns = len(performers)
    rows = [
        Row(step=s["number"], column=column_of[s["performer"]], cells=[Cell() for _ in performers], lane=Cell())
        for s in steps
    ]
    for row, s in zip(rows, steps, strict=True):
        width, height = SIZES.get(s["symbol"], SIZES["process"])
        row.cells[row.column].symbol = Symbol(s["symbol"], s["number"], width, height)

    lane_edges: list[LaneEdge] = []
    for s in steps:
        number = s["number"]
        is_decision = s["symbol"] == "decision"
        target = _next_of(s, count)
        if target == number + 1:
            _draw_down(rows[number - 1], rows[target - 1], label=LABEL_YES if is_decision else "")
        elif target is not None:
            lane_edges.append(LaneEdge(number, target, LABEL_YES if is_decision else ""))
        if is_decision and s.get("on_reject") is not None:
            lane_edges.append(LaneEdge(number, int(s["on_reject"]), LABEL_NO))

    lane_edges = _assign_lanes(lane_edges)
    lanes = max((e.lane for e in lane_edges), default=-1) + 1
    for edge in lane_edges:
        _draw_lane_edge(rows, edge, lanes, columns)
    return Flowchart(columns=columns, lanes=lanes, rows=rows, lane_edges=lane_edges)


def _symbol_of(row: Row) -> Symbol:
    symbol = row.cells[row.column].symbol
    assert symbol is not None
    return symbol


def _draw_down(source: Row, target: Row, *, label: str) -> None:
    """Step to the following step: down the column, turning sideways at the top of the next row."""
    source.cells[source.column].add_line(Line(50, 50, 50, 100))
    if source.column == target.column:
        target.cells[target.column].add_line(Line(50, 0, 50, 50))
    else:
        target.cells[source.column].add_line(Line(50, 0, 50, JOG_Y))
        direction = 1 if target.column > source.column else -1
        _horizontal(target, source.column, target.column, JOG_Y, direction=direction, from_centre=True, to_centre=True)
        target.cells[target.column].add_line(Line(50, JOG_Y, 50, 50))
    symbol = _symbol_of(target)
    tip = -symbol.height / 2
    target.cells[target.column].add_head(
        Head("down", _points([(0, tip), (-HEAD_HALF_WIDTH, tip - HEAD_LENGTH), (HEAD_HALF_WIDTH, tip - HEAD_LENGTH)]))
    )
    if label:
        below = _symbol_of(source).height / 2
        source.cells[source.column].labels.append(Label(label, 50, 50, 4, below + 10, "start"))


def _draw_lane_edge(rows: list[Row], edge: LaneEdge, lanes: int, columns: int) -> None:
    source, target = rows[edge.source - 1], rows[edge.target - 1]
    x = (edge.lane + 0.5) / lanes * 100
    # Out of the source symbol to the right, into the lane.
    _horizontal(source, source.column, columns - 1, 50, direction=1, from_centre=True, to_centre=False)
    source.lane.add_line(Line(0, 50, x, 50))
    # Along the lane, up or down.
    going_up = edge.target < edge.source
    source.lane.add_line(Line(x, 50, x, 0 if going_up else 100))
    low, high = edge.span
    for row in rows[low : high - 1]:
        row.lane.add_line(Line(x, 0, x, 100) if not going_up else Line(x, 100, x, 0))
    target.lane.add_line(Line(x, 100 if going_up else 0, x, 50))
    # Out of the lane to the left, into the target symbol from its right.
    target.lane.add_line(Line(x, 50, 0, 50))
    _horizontal(target, columns - 1, target.column, 50, direction=-1, from_centre=False, to_centre=True)
    tip = _symbol_of(target).width / 2
    target.cells[target.column].add_head(
        Head("left", _points([(tip, 0), (tip + HEAD_LENGTH, -HEAD_HALF_WIDTH), (tip + HEAD_LENGTH, HEAD_HALF_WIDTH)]))
    )
    if edge.label:
        if source.column + 1 < columns:  # above the line, in the free cell right of the symbol
            source.cells[source.column + 1].labels.append(Label(edge.label, 50, 50, 0, -4, "middle"))
        else:  # at the right end of the symbol's own cell
            source.cells[source.column].labels.append(Label(edge.label, 100, 50, -2, -6, "end"))
