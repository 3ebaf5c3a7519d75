from pathlib import Path

import pytest
import yaml

from redaksi.conftest import BENGKALIS, FIXTURES
from redaksi.sop.definition import DefinitionError, dump_definition, load_definition


def problems_of(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        load_definition(text)
    return [str(p) for p in exc.value.problems]


def bengkalis_with(edit) -> str:
    data = yaml.safe_load(BENGKALIS.read_text())
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_bengkalis_file_is_valid_and_verbatim():
    d = load_definition(BENGKALIS.read_text())
    steps = d["steps"]
    assert [s["performer"] for s in steps] == [
        "staf-pengolah-data", "kasubag", "kabag", "staf-pengolah-data",
        "staf-admin", "kasubag", "staf-admin", "staf-admin",
    ]  # fmt: skip
    assert [s["minutes"] for s in steps] == [60, 20, 15, 10, 15, 15, 10, 15]
    assert sum(s["minutes"] for s in steps) == 160
    assert steps[1]["output"] == "Berita, foto dan video sudah siap edit"  # the slip, kept as written
    assert steps[2]["on_reject"] == 2 and steps[5]["on_reject"] == 5
    assert "26/PER/M.Kominfo/9/2006" in d["identity"]["legal_basis"][4]
    assert d["identity"]["approved_by"]["nip"] == "19680411 199303 1 009"
    abouts = {n["about"] for n in d["notes"]}
    assert {"flowchart.steps[1].output", "identity.legal_basis[4]", "flowchart.steps[7].output"} <= abouts
    assert "rekonstruksi" in d["reconstruction"]


def test_second_sop_of_another_shape_is_valid():
    d = load_definition((FIXTURES / "humas-pengumuman.yaml").read_text())
    assert len(d["steps"]) == 5 and d["steps"][2]["on_reject"] == 1


def test_missing_field_is_named_with_its_line():
    text = BENGKALIS.read_text().replace("      minutes: 20\n", "", 1)
    problems = problems_of(text)
    assert len(problems) == 1
    assert "flowchart.steps[1].minutes (step 2): is required" in problems[0]
    assert problems[0].startswith("line ")


def test_every_problem_is_reported_with_the_right_line():
    text = BENGKALIS.read_text()
    text = text.replace("performer: kasubag\n      symbol: process", "performer: redaktur\n      symbol: process", 1)
    text = text.replace(
        "minutes: 15\n      time_as_written: 15 Menit\n      output: Persetujuan",
        "minutes: -5\n      time_as_written: 15 Menit\n      output: Persetujuan",
        1,
    )
    text = text.replace("on_reject: 2", "on_reject: 12", 1)
    problems = problems_of(text)
    lines = text.splitlines()
    by_field = {p.split(": ", 2)[1].split(" (step ")[0]: p for p in problems}
    assert set(by_field) == {
        "flowchart.steps[1].performer", "flowchart.steps[2].minutes", "flowchart.steps[2].on_reject",
    }  # fmt: skip
    for field, problem in by_field.items():
        line_no = int(problem.split(":")[0].removeprefix("line "))
        key = field.rsplit(".", 1)[1]
        assert lines[line_no - 1].strip().startswith(f"{key}:"), (problem, lines[line_no - 1])


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["flowchart"]["steps"][0].update(symbol="process"), "the first step must be the start"),
        (lambda d: d["flowchart"]["steps"][-1].update(symbol="process"), "the last step must be the end"),
        (lambda d: d["flowchart"]["steps"][3].update(symbol="terminator"), "only the first (start) and last (end)"),
        (lambda d: d["flowchart"]["steps"][2].pop("on_reject"), "must name the step its 'no' returns to"),
        (lambda d: d["flowchart"]["steps"][3].update(on_reject=1), "only a decision step has a 'no' branch"),
        (lambda d: d["flowchart"]["steps"][1].update(next=4), "step 3 cannot be reached from the start"),
        (lambda d: d["flowchart"]["steps"][4].update(minutes=0), "must be a positive number of minutes"),
        (lambda d: d["flowchart"]["steps"][4].update(symbol="hexagon"), "must be one of terminator"),
        (lambda d: d["flowchart"]["steps"][4].update(number=9), "must be 5"),
        (lambda d: d.update(format="other/2"), "format: must be 'redaksi-sop/1'"),
        (lambda d: d["identity"]["approved_by"].pop("name"), "identity.approved_by.name: is required"),
        (lambda d: d["identity"].update(legal_basis=[""]), "identity.legal_basis[0]: must be a non-empty text"),
        (lambda d: d["flowchart"]["performers"].append({"role": "kabag", "name": "X"}), "listed twice"),
        (lambda d: d["flowchart"]["steps"][2].update(symbol="process", on_reject=None), "must be a decision"),
        (
            lambda d: d["flowchart"]["steps"][1].update(minuts=20),
            "flowchart.steps[1].minuts (step 2): is not a known field (did you mean 'minutes'?)",
        ),
        (lambda d: d["identity"].update(nomor="1"), "identity.nomor: is not a known field"),
        (lambda d: d.update(labels={"activty": "AKTIVITAS"}), "labels.activty: is not a known field"),
        (lambda d: d.update(labels={"name": ""}), "labels.name: must not be empty"),
        (lambda d: d.update(labels={"step": False}), "labels.step: must be text: put it in quotes"),
        (lambda d: d.update(extra=1), "extra: is not a known field"),
        (lambda d: d["flowchart"].update(title="x" * 201), "flowchart.title: is longer than 200 characters"),
    ],
)
def test_structural_errors_name_the_field(edit, expected):
    assert any(expected in p for p in problems_of(bengkalis_with(edit))), problems_of(bengkalis_with(edit))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("format: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("format: redaksi-sop/1\ncode: x\ncode: y\n", "code: appears twice"),
        ("!!python/object/apply:os.system ['true']", "not valid YAML"),
    ],
)
def test_broken_files_get_a_clear_message(text, expected):
    assert any(expected in p for p in problems_of(text))


def test_export_round_trips():
    d = load_definition(BENGKALIS.read_text())
    assert load_definition(dump_definition(d)) == d


def test_file_is_read_as_utf8(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text(BENGKALIS.read_text().replace("Pembina", "Pembina Tingkat Ⅰ"), encoding="utf-8")
    assert load_definition(path.read_text(encoding="utf-8"))["identity"]["approved_by"]["rank"] == "Pembina Tingkat Ⅰ"


def test_labels_are_the_files_own_and_absent_labels_keep_the_hash():
    from redaksi.sop.definition import content_hash, document_labels

    plain = load_definition(BENGKALIS.read_text())
    assert document_labels(plain)["activity"] == "AKTIVITAS"  # the seed's own word
    assert document_labels(plain)["number"] == "Nomor SPO"
    humas = load_definition((FIXTURES / "humas-pengumuman.yaml").read_text())
    assert "labels" not in humas and document_labels(humas)["activity"] == "Kegiatan"
    worded = load_definition(bengkalis_with(lambda d: d.update(labels={"number": "Nomor SOP", "name": "Nama SOP"})))
    assert document_labels(worded)["number"] == "Nomor SOP"
    assert content_hash(worded) != content_hash(plain)
    assert load_definition(dump_definition(worded))["labels"] == worded["labels"]


def test_existing_files_keep_their_content_hash():
    from redaksi.sop.definition import content_hash

    # The hashes the files had before `approves` and `reapproval` existed: they load as the same version.
    assert content_hash(load_definition(BENGKALIS.read_text())) == (
        "c9eaeb6c9d14e6a1c0784d9689252963352d7c7a49af2251a926796a6327c83e"
    )
    assert content_hash(load_definition((FIXTURES / "materi-dulu.yaml").read_text())) == (
        "2096a10509297778995e4d231b52980c8835f981e339a662f040dca9cade5959"
    )


def test_a_step_says_what_its_approval_covers_and_which_changes_need_a_new_one():
    from redaksi.sop.definition import content_hash
    from redaksi.sop.engine import Flow

    def edit(d):
        d["flowchart"]["steps"][2]["approves"] = "material"
        d["flowchart"]["steps"][5]["reapproval"] = "title-or-lead"

    plain = load_definition(BENGKALIS.read_text())
    said = load_definition(bengkalis_with(edit))
    assert said["steps"][2]["approves"] == "material" and said["steps"][5]["reapproval"] == "title-or-lead"
    assert "approves" not in plain["steps"][2] and content_hash(said) != content_hash(plain)
    assert load_definition(dump_definition(said)) == said
    flow, default = Flow.from_definition(said), Flow.from_definition(plain)
    assert (flow.step(3).approves, flow.step(6).reapproval) == ("material", "title-or-lead")
    assert (default.step(3).approves, default.step(6).reapproval) == ("text", "any-change")


@pytest.mark.parametrize(
    "step, key, value, expected",
    [
        (2, "approves", "materi", "flowchart.steps[2].approves (step 3): must be one of text, material"),
        (5, "reapproval", "always", "flowchart.steps[5].reapproval (step 6): must be one of any-change, title-or-lead"),
        (1, "approves", "text", "flowchart.steps[1].approves (step 2): only an approve step says what"),
        (4, "reapproval", "none", "flowchart.steps[4].reapproval (step 5): only a step where the text is edited"),
    ],
)
def test_approval_keys_in_the_wrong_place_or_misspelt_are_refused(step, key, value, expected):
    problems = problems_of(bengkalis_with(lambda d: d["flowchart"]["steps"][step].update({key: value})))
    assert any(expected in p for p in problems), problems


def test_a_step_may_have_several_kinds():
    from redaksi.sop.definition import content_hash, step_kinds
    from redaksi.sop.engine import Flow

    both = load_definition(bengkalis_with(lambda d: d["flowchart"]["steps"][4].update(kind=["upload", "publish"])))
    assert both["steps"][4]["kind"] == ["upload", "publish"] and step_kinds(both["steps"][4]) == ("upload", "publish")
    assert load_definition(dump_definition(both)) == both
    flow = Flow.from_definition(both)
    assert flow.step(5).kinds == ("upload", "publish") and flow.first_of_kind("publish").number == 5
    one = load_definition(bengkalis_with(lambda d: d["flowchart"]["steps"][4].update(kind=["upload"])))
    assert content_hash(one) == content_hash(load_definition(BENGKALIS.read_text()))  # a list of one is the kind


@pytest.mark.parametrize(
    "kind, expected",
    [
        (["upload", "upload"], "flowchart.steps[4].kind (step 5): names 'upload' twice"),
        (["upload", "publsh"], "flowchart.steps[4].kind (step 5): must be one of write"),
        ([], "flowchart.steps[4].kind (step 5): must name at least one kind"),
        (["upload", "approve"], "flowchart.steps[4].kind (step 5): an approve step must be a decision"),
    ],
)
def test_a_list_of_kinds_is_checked(kind, expected):
    problems = problems_of(bengkalis_with(lambda d: d["flowchart"]["steps"][4].update(kind=kind)))
    assert any(expected in p for p in problems), problems
