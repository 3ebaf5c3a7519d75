"""The official SOP document (PermenPAN-RB 35/2012): what the page and the PDF show of a version."""

import re
from typing import Any
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import flowchart
from .definition import document_labels
from .models import SopPerformer, SopVersion

# The official form's own labels (PermenPAN-RB 35/2012): the document is Indonesian in any language.
IDENTITY_LABELS = {
    "number": "Nomor SPO",
    "created": "Tanggal Pembuatan",
    "revised": "Tanggal Revisi",
    "effective": "Tanggal Efektif",
    "approved_by": "Disahkan oleh",
    "name": "Nama SPO",
    "legal_basis": "Dasar Hukum",
    "qualifications": "Kualifikasi Pelaksana",
    "related": "Keterkaitan",
    "equipment": "Peralatan/Perlengkapan",
    "warning": "Peringatan",
    "records": "Pencatatan dan Pendataan",
}
# A step's fields, named by the document label of the column they are printed in.
STEP_COLUMNS = {
    "activity": "activity",
    "performer": "performers",
    "symbol": "performers",
    "requirements": "requirements",
    "minutes": "time",
    "time_as_written": "time",
    "output": "output",
    "remarks": "remarks",
}
_PATH_TOKEN = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def _note_key(about: str) -> tuple[Any, ...]:
    """'flowchart.steps[1].output' -> ('steps', 1, 'output'); 'identity.legal_basis[4]' -> (...)."""
    key = tuple(int(index) if index else name for name, index in _PATH_TOKEN.findall(about))
    return key[1:] if key[:2] == ("flowchart", "steps") else key


def _note_label(key: tuple[Any, ...], definition: dict[str, Any], about: str) -> str:
    labels = document_labels(definition)
    if len(key) >= 2 and key[0] == "steps" and isinstance(key[1], int):
        column = STEP_COLUMNS.get(key[2]) if len(key) > 2 else "activity"
        field = labels[column] if column else key[2]
        return _("Step %(number)s, %(field)s") % {"number": key[1] + 1, "field": field}
    if len(key) >= 2 and key[0] == "identity":
        if key[1] == "equipment":
            field = definition["identity"]["equipment_label"]
        else:
            field = labels.get(key[1]) if key[1] in ("number", "name") else IDENTITY_LABELS.get(key[1], key[1])
        if len(key) > 2 and isinstance(key[2], int):
            return _("%(field)s, item %(number)s") % {"field": field, "number": key[2] + 1}
        return field
    return about


def _notes(definition: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[tuple[Any, ...], list[int]]]:
    """The Catatan Redaksi, numbered, and the note numbers to show beside each field they flag."""
    notes, refs = [], {}
    for number, note in enumerate(definition.get("notes", []), start=1):
        key = _note_key(note["about"])
        notes.append({"number": number, "label": _note_label(key, definition, note["about"]), **note})
        refs.setdefault(key, []).append(number)
    return notes, refs


def _items(values: list[str], refs: dict, *key: Any) -> dict[str, Any]:
    return {
        "refs": refs.get(key, []),
        "items": [{"text": text, "refs": refs.get((*key, i), [])} for i, text in enumerate(values)],
    }


def _duration(minutes: int) -> str:
    """160 -> '160 menit (2 jam 40 menit)', as the document writes its time standards."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} menit"
    spelled = f"{hours} jam" + (f" {rest} menit" if rest else "")
    return f"{minutes} menit ({spelled})"


SYMBOL_NAMES = {
    "terminator": gettext_noop("start or end"),
    "process": gettext_noop("activity"),
    "decision": gettext_noop("decision"),
    "connector": gettext_noop("off-page connector"),
}


def _cell_svg(cell: flowchart.Cell, label: str, *, for_print: bool) -> dict[str, str]:
    svg = render_to_string("sop/_flow_cell.svg", {"cell": cell, "label": label}).strip()
    if for_print:
        # WeasyPrint sizes a table cell's background to the final row height, but not an
        # absolutely positioned child: the PDF paints the same picture as the cell background.
        return {"background": "data:image/svg+xml," + quote(svg, safe="")}
    return {"svg": mark_safe(svg)}  # noqa: S308 - rendered from our template with autoescaping


def pdf_name(version: SopVersion) -> str:
    return f"SOP-{version.sop.code}-v{version.number}.pdf"


def document_context(
    version: SopVersion, *, for_print: bool = False, performers: list[SopPerformer] | None = None
) -> dict[str, Any]:
    """What the document shows of a version; `performers` draws a version not yet loaded (a draft's preview)."""
    definition = version.definition
    identity = definition["identity"]
    notes, refs = _notes(definition)
    if performers is None:
        performers = list(version.performers.select_related("role"))
    chart = flowchart.layout(definition["steps"], [p.role.code for p in performers])
    rows = []
    for step, row in zip(definition["steps"], chart.rows, strict=True):
        role_name = performers[row.column].role.name
        label = _("Step %(number)s: %(symbol)s, %(performer)s") % {
            "number": step["number"],
            "symbol": _(SYMBOL_NAMES.get(step["symbol"], step["symbol"])),
            "performer": role_name,
        }
        rows.append(
            {
                "step": step,
                "time": step.get("time_as_written") or f"{step['minutes']} menit",
                "refs": {name: refs.get(("steps", step["number"] - 1, name), []) for name in STEP_COLUMNS},
                "step_refs": refs.get(("steps", step["number"] - 1), []),
                "cells": [
                    {"column": i, **_cell_svg(cell, label if cell.symbol else "", for_print=for_print)}
                    for i, cell in enumerate(row.cells)
                ],
                "lane": _cell_svg(row.lane, "", for_print=for_print) if chart.lanes else None,
            }
        )
    sop = version.sop
    return {
        "version": version,
        "sop": sop,
        "versions": list(sop.versions.order_by("number")),
        "latest_number": max((v.number for v in sop.versions.all()), default=version.number),
        "unit": definition["office"],
        "identity": identity,
        "labels": document_labels(definition),
        "identity_refs": {name: refs.get(("identity", name), []) for name in IDENTITY_LABELS},
        "lists": {
            name: _items(identity[name], refs, "identity", name)
            for name in ("legal_basis", "qualifications", "related", "equipment")
        },
        "flowchart_title": definition["flowchart"].get("title", ""),
        "performers": [{"column": i, "role": p.role} for i, p in enumerate(performers)],
        "lanes": chart.lanes,
        "performer_colspan": len(performers) + (1 if chart.lanes else 0),
        "total_colspan": 3 + len(performers) + (1 if chart.lanes else 0),
        "lane_class": f"sop-lanes-{min(chart.lanes, 4)}",
        "rows": rows,
        "total": _duration(version.total_minutes),
        "notes": notes,
        "reconstruction": definition.get("reconstruction", ""),
        "for_print": for_print,
        "base_template": "sop/print_base.html" if for_print else "base.html",
        "pdf_name": pdf_name(version),
    }
