"""The spreadsheets: the dashboard, Tabel 7 and the evaluation, in the regulation's wording."""

from io import BytesIO
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from redaksi.accounts.models import Office

from . import dashboard, evaluation
from .formatting import minutes_number
from .models import Evaluation, Round
from .tabel7 import judgement_label, reasons_text

BOLD = Font(bold=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(ws: Worksheet, office: Office, title: str, lines: list[str]) -> None:
    for text in [office.government, office.name, office.address, "", title, *lines, ""]:
        ws.append([text])
    for row in range(1, 6):
        ws.cell(row=row, column=1).font = BOLD


def _table(ws: Worksheet, head: list[str], rows: list[list[Any]]) -> None:
    ws.append(head)
    for cell in ws[ws.max_row]:
        cell.font, cell.border, cell.alignment = BOLD, BOX, WRAP
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.border, cell.alignment = BOX, WRAP
    ws.append([])


def _person(ws: Worksheet, label: str, name: str, nip: str, jabatan: str = "") -> None:
    ws.append([label])
    ws.append([jabatan] if jabatan else [])
    ws.append([name])
    ws.append([f"NIP. {nip}" if nip else _("NIP: –")])


def _bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _period_line(d: dashboard.Dashboard) -> str:
    return _("Period: %(a)s to %(b)s") % {
        "a": formats.date_format(d.period.first),
        "b": formats.date_format(d.period.last),
    }


def dashboard_xlsx(d: dashboard.Dashboard, office: Office, user: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Steps")
    _header(ws, office, _("SOP monitoring dashboard"), [str(d.sop), _period_line(d)])
    _table(
        ws,
        [_("No"), _("Procedure"), _("Performer"), _("Standard (min)"), _("Passes"), _("Median (min)"),
         _("p90 (min)"), _("Within standard (%)"), _("Returned"), _("Skipped"), _("Output missing")],
        [
            [s["number"], s["activity"], s["role"], s["minutes"], s["runs"], minutes_number(s["median_seconds"]),
             minutes_number(s["p90_seconds"]), s["within_percent"], s["rejections"], s["skipped"],
             s["missing_outputs"]]
            for s in d.steps
        ],
    )  # fmt: skip
    ws.append([_("Bottleneck step"), d.bottleneck["number"] if d.bottleneck else "–"])
    ws.append([_("Items late right now"), len(d.late_now)])
    ws.append([_("Items published by the urgent path"), d.urgent])
    ws.append([_("Items published in the period"), d.published])
    days = d.days_since_publication
    ws.append([_("Days since the last publication"), "–" if days is None else days])
    ws.append([])
    _person(ws, _("Printed by"), user.get_full_name(), user.nip, user.jabatan)
    people = wb.create_sheet(_("People"))
    _table(
        people,
        [_("Name"), _("Passes"), _("Median (min)"), _("Within standard (%)")],
        [[p["name"], p["runs"], minutes_number(p["median_seconds"]), p["within_percent"]] for p in d.people],
    )
    networks = wb.create_sheet(_("Networks"))
    _table(
        networks,
        [_("Network"), _("Posts"), _("Figures read"), _("Reach"), _("Impressions"), _("Engagement")],
        [[n["label"], n["posts"], n["read"], n["reach"], n["views"], n["engagement"]] for n in d.networks],
    )
    weeks = wb.create_sheet(_("Weeks"))
    _table(weeks, [_("Week from"), _("Items published")], [[w["week"], w["count"]] for w in d.weeks])
    ws.column_dimensions["B"].width = 45
    return _bytes(wb)


def round_rows(rnd: Round) -> list[list[Any]]:
    steps = list(rnd.steps.all())
    paraf = rnd.signer_name if rnd.is_signed else ""
    rows = [["1", str(rnd.figures.get("sop_name") or rnd.sop), judgement_label(rnd.judgement), "", "", paraf]]
    for s in steps:
        parts = [s.note] if s.note else []
        parts.append(_("From the data: %(r)s") % {"r": reasons_text(s.reasons)})
        if s.override_reason:
            parts.append(_("(Differs from the suggestion: %(r)s)") % {"r": s.override_reason})
        note = "\n".join(parts)
        rows.append([f"1.{s.number}", s.procedure, judgement_label(s.judgement), note, s.action, paraf])
    return rows


def round_xlsx(rnd: Round, office: Office) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Table 7")
    semester = "I" if rnd.semester == 1 else "II"
    _header(ws, office, _("Table 7. Monitoring of the Implementation of SOP AP"),
            [_("Semester %(s)s of %(y)s") % {"s": semester, "y": rnd.year}])  # fmt: skip
    _table(
        ws,
        [_("No"), _("Procedure"), _("Assessment"), _("Notes on the assessment"), _("Action to be taken"),
         _("Assessor's paraf")],
        round_rows(rnd),
    )  # fmt: skip
    for col, width in zip("ABCDEF", (6, 45, 24, 50, 40, 22), strict=True):
        ws.column_dimensions[col].width = width
    if rnd.is_signed:
        signed = formats.date_format(rnd.signed_at, "DATETIME_FORMAT")
        _person(ws, _("Assessor, signed %(at)s") % {"at": signed}, rnd.signer_name, rnd.signer_nip, rnd.signer_jabatan)
    else:
        ws.append([_("Not signed yet: the figures may still change.")])
    return _bytes(wb)


def evaluation_xlsx(ev: Evaluation, office: Office) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Evaluation")
    _header(ws, office, _("Evaluation of the Implementation of SOP AP"),
            [str(ev.sop), _("Evaluation date: %(d)s") % {"d": formats.date_format(ev.evaluated_on)}])  # fmt: skip
    rows = []
    for i, (question, answer, facts) in enumerate(
        zip(evaluation.QUESTIONS, ev.answers, evaluation.evidence(ev.figures), strict=True), start=1
    ):
        yes = answer["yes"]
        rows.append([i, str(question), "✓" if yes else "", "" if yes else "✓", answer["note"], "\n".join(facts)])
    _table(ws, [_("No"), _("Question"), "Ya", "Tidak", _("Notes"), _("Data")], rows)
    ws.append([_("Share of Ya"), f"{ev.yes_percent}%", ev.yes_count, len(ev.answers) - ev.yes_count])
    ws.append([_("Conclusion"), ev.conclusion])
    ws.append([])
    _person(ws, _("Evaluator"), ev.evaluator_name, ev.evaluator_nip, ev.evaluator_jabatan)
    for col, width in zip("ABCDEF", (6, 50, 6, 6, 40, 50), strict=True):
        ws.column_dimensions[col].width = width
    return _bytes(wb)
