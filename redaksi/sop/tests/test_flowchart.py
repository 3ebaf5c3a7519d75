from redaksi.conftest import BENGKALIS, FIXTURES
from redaksi.sop.definition import load_definition
from redaksi.sop.flowchart import JOG_Y, Line, layout

BENGKALIS_COLUMNS = ["kabag", "kasubag", "staf-pengolah-data", "staf-admin"]


def bengkalis_chart():
    return layout(load_definition(BENGKALIS.read_text())["steps"], BENGKALIS_COLUMNS)


def step(number, performer, symbol="process", **extra):
    return {"number": number, "performer": performer, "symbol": symbol, "next": None, "on_reject": None, **extra}


def test_each_symbol_sits_in_its_performers_column_only():
    chart = bengkalis_chart()
    assert chart.columns == 4
    placed = [
        (row.step, index, cell.symbol.kind)
        for row in chart.rows
        for index, cell in enumerate(row.cells)
        if cell.symbol is not None
    ]
    assert placed == [
        (1, 2, "terminator"), (2, 1, "process"), (3, 0, "decision"), (4, 2, "process"),
        (5, 3, "process"), (6, 1, "decision"), (7, 3, "process"), (8, 3, "terminator"),
    ]  # fmt: skip


def test_arrow_to_a_step_in_another_column_turns_near_the_top_of_its_row():
    row = bengkalis_chart().rows[1]  # step 2 (Kasubag, column 1) comes after step 1 (column 2)
    assert Line(50, 0, 50, JOG_Y) in row.cells[2].lines  # down from step 1's column
    assert Line(50, JOG_Y, 0, JOG_Y) in row.cells[2].lines  # sideways to the left
    assert Line(100, JOG_Y, 50, JOG_Y) in row.cells[1].lines
    assert Line(50, JOG_Y, 50, 50) in row.cells[1].lines  # down into the symbol
    assert [h.direction for h in row.cells[1].heads] == ["down", "left"]  # from above; the "no" of step 3
    # The row above only goes straight down out of its symbol.
    assert bengkalis_chart().rows[0].cells[2].lines == [Line(50, 50, 50, 100)]


def test_arrow_in_the_same_column_goes_straight_down_with_its_head_on_the_symbol():
    row = bengkalis_chart().rows[7]  # step 8 follows step 7, both Staf Admin
    assert row.cells[3].lines == [Line(50, 0, 50, 50)]
    assert row.cells[3].heads[0].points == "0,-12 -3.5,-19 3.5,-19"  # tip on the capsule's top (height 24)
    assert all(cell.empty for cell in row.cells[:3]) and row.lane.empty


def test_decision_no_branch_loops_back_through_the_lane_and_is_labelled():
    chart = bengkalis_chart()
    assert [(e.source, e.target, e.label, e.lane) for e in chart.lane_edges] == [
        (3, 2, "Tidak", 0),
        (6, 5, "Tidak", 0),
    ]
    assert chart.lanes == 1
    step2, step3 = chart.rows[1], chart.rows[2]
    # Step 3 (Kabag, column 0): out to the right at mid-height, across every column into the lane, up.
    assert Line(50, 50, 100, 50) in step3.cells[0].lines
    assert all(Line(0, 50, 100, 50) in step3.cells[i].lines for i in (1, 2, 3))
    assert step3.lane.lines == [Line(0, 50, 50, 50), Line(50, 50, 50, 0)]
    # Step 2: down the lane to mid-height, left into Kasubag's symbol from its right.
    assert step2.lane.lines == [Line(50, 100, 50, 50), Line(50, 50, 0, 50)]
    assert Line(100, 50, 0, 50) in step2.cells[2].lines and Line(100, 50, 0, 50) in step2.cells[3].lines
    assert Line(100, 50, 50, 50) in step2.cells[1].lines
    assert step2.cells[1].heads[1].points == "28,0 35,-3.5 35,3.5"  # tip on the rectangle's right side
    # "Tidak" above the branch just right of the diamond; "Ya" beside the way down.
    assert [label.text for label in step3.cells[1].labels] == ["Tidak"]
    assert [label.text for label in step3.cells[0].labels] == ["Ya"]
    # The lanes of rows between a loop's ends carry the lane straight through; others stay empty.
    assert [bool(row.lane.lines) for row in chart.rows] == [False, True, True, False, True, True, False, False]


def test_overlapping_loops_get_nested_lanes_shortest_inside():
    d = load_definition((FIXTURES / "humas-pengumuman.yaml").read_text())
    performers = [p["role"] for p in d["flowchart"]["performers"]]
    chart = layout(d["steps"], performers)
    assert [(e.source, e.target, e.lane) for e in chart.lane_edges] == [(2, 1, 0), (3, 1, 1)]
    assert chart.lanes == 2
    inner, outer = 25.0, 75.0
    row2 = chart.rows[1]
    assert Line(inner, 50, inner, 0) in row2.lane.lines  # step 2's "no" turns up in the inner lane
    assert Line(outer, 100, outer, 0) in row2.lane.lines  # step 3's passes by, upwards, in the outer lane
    # Both enter step 1 over the same line, with one arrowhead.
    first = chart.rows[0]
    assert len([h for h in first.cells[first.column].heads if h.direction == "left"]) == 1


def test_a_forward_jump_goes_through_a_lane_and_the_skipped_row_gets_no_arrow_from_above():
    steps = [
        step(1, "a", "terminator", next=3),
        step(2, "b"),
        step(3, "a"),
        step(4, "b", "terminator"),
    ]
    chart = layout(steps, ["a", "b"])
    assert [(e.source, e.target, e.label) for e in chart.lane_edges] == [(1, 3, "")]
    assert chart.rows[0].cells[0].lines == [Line(50, 50, 100, 50)]  # no way down from step 1
    assert not chart.rows[1].cells[1].heads  # step 2 is reached from nowhere above
    assert chart.rows[0].lane.lines == [Line(0, 50, 50, 50), Line(50, 50, 50, 100)]
    assert chart.rows[2].lane.lines == [Line(50, 0, 50, 50), Line(50, 50, 0, 50)]


def test_decision_in_the_last_column_labels_its_no_inside_its_own_cell():
    steps = [step(1, "a", "terminator"), step(2, "b", "decision", on_reject=1), step(3, "b", "terminator")]
    chart = layout(steps, ["a", "b"])
    (label,) = chart.rows[1].cells[1].labels[1:]
    assert (label.text, label.x, label.anchor) == ("Tidak", 100, "end")


def test_symbol_shapes():
    chart = bengkalis_chart()
    terminator = chart.rows[0].cells[2].symbol
    decision = chart.rows[2].cells[0].symbol
    assert (terminator.left, terminator.top, terminator.radius) == (-28, -12, 12)  # a capsule
    assert decision.points == "0,-16 26,0 0,16 -26,0"  # a diamond
    connector = layout([step(1, "a", "terminator"), step(2, "a", "connector")], ["a"]).rows[1].cells[0].symbol
    assert len(connector.points.split()) == 5  # a pentagon
