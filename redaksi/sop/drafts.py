"""Revising an SOP in the staff screens: a draft per SOP, checked by `sop_check`'s own validator and
published through `sop_load`, so that the editor and the command make the same versions.

The draft holds the definition file as a mapping (`data`), exactly what a file would say; publishing
writes it out as YAML and loads that text, as `manage.py sop_load` loads a file.
"""

from datetime import date
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from redaksi.accounts.models import Role
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor

from .definition import DefinitionError, Problem, dump_definition, load_definition
from .models import Sop, SopDraft
from .services import LoadResult, sop_load

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
SOURCE_NAME = "editor"


class DraftRefused(Exception):
    """Publishing refused: the draft does not validate, or says nothing new."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def file_data(definition: dict[str, Any]) -> dict[str, Any]:
    """A loaded version's definition as the file that would load it again (`sop_export`'s output)."""
    return yaml.safe_load(dump_definition(definition))


def draft_text(draft: SopDraft) -> str:
    """The draft as a definition file: what `sop_check` reads and `sop_load` loads."""
    return yaml.safe_dump(draft.data, allow_unicode=True, sort_keys=False, width=100)


def draft_problems(draft: SopDraft) -> list[Problem]:
    """Every problem `sop_check` finds in the draft, with the same messages; empty when it is valid."""
    try:
        load_definition(draft_text(draft))
    except DefinitionError as exc:
        return exc.problems
    return []


def office_roles(sop: Sop) -> list[Role]:
    return list(Role.objects.filter(office_id=sop.office_id).order_by("position", "name"))


@transaction.atomic
def draft_open(*, actor: Actor | Any, sop: Sop, finding: dict[str, str] | None = None) -> SopDraft:
    """The SOP's draft, begun from the version in force when there is none; a finding is noted on it."""
    who = Actor.of(actor)
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    draft = SopDraft.objects.filter(sop=sop).first()
    if draft is None:
        base = sop.latest_version()
        data = file_data(base.definition)
        data["identity"]["revised"] = indonesian_date(timezone.localdate())
        origins = [s["number"] for s in base.definition["steps"]]
        draft = SopDraft.objects.create(sop=sop, base=base, data=data, origins=origins, updated_by=who.user)
        audit_log(action="sop.draft.open", actor=who, obj=sop, data={"base_version": base.number})
    if finding:
        note = {
            "source": finding.get("source", "")[:300],
            "text": finding.get("text", "")[:2000],
            "at": timezone.now().isoformat(),
            "by": who.user.get_full_name() if who.user else "",
        }
        draft.findings = [*draft.findings, note]
        draft.save(update_fields=["findings", "updated_at"])
        audit_log(action="sop.draft.finding", actor=who, obj=sop, data={"source": note["source"]})
    return draft


def draft_save(
    *, actor: Actor | Any, draft: SopDraft, data: dict[str, Any], origins: list[int | None]
) -> list[Problem]:
    """Keep what was typed, valid or not, and answer what `sop_check` says of it."""
    who = Actor.of(actor)
    draft.data, draft.origins, draft.updated_by = data, origins, who.user
    draft.save(update_fields=["data", "origins", "updated_by", "updated_at"])
    return draft_problems(draft)


@transaction.atomic
def draft_publish(*, actor: Actor | Any, draft: SopDraft) -> LoadResult:
    """Load the draft as the SOP's next version, through `sop_load` (items in progress keep theirs)."""
    who = Actor.of(actor)
    draft = SopDraft.objects.select_for_update().select_related("sop", "base").get(pk=draft.pk)
    problems = draft_problems(draft)
    revised = str(draft.data.get("identity", {}).get("revised") or "").strip()
    if not problems and (not revised or revised == draft.sop.latest_version().identity.get("revised", "")):
        problems = [Problem("identity.revised", None, "give the new version its own Tanggal Revisi")]
    if problems:
        raise DraftRefused(problems)
    result = sop_load(text=draft_text(draft), source_name=SOURCE_NAME, actor=who)
    if not result.created:
        raise DraftRefused([Problem("(file)", None, "the draft says nothing new: it is the same as a version")])
    audit_log(
        action="sop.draft.publish",
        actor=who,
        obj=result.version,
        data={
            "sop": draft.sop.code,
            "number": result.version.number,
            "base_version": draft.base.number,
            "revised": revised,
            "findings": [f["source"] for f in draft.findings],
        },
    )
    draft.delete()
    return result


def draft_discard(*, actor: Actor | Any, draft: SopDraft) -> None:
    audit_log(action="sop.draft.discard", actor=actor, obj=draft.sop, data={"base_version": draft.base.number})
    draft.delete()
