"""Loading SOP definitions into versions. A version, once loaded, is never rewritten."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from redaksi.accounts.models import Office, Role
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor

from .definition import content_hash, load_definition, step_kinds
from .events import SopVersionLoaded
from .models import Sop, SopPerformer, SopStep, SopVersion


@dataclass(frozen=True)
class LoadResult:
    version: SopVersion
    created: bool


def _roles(office: Office, definition: dict[str, Any]) -> dict[str, Role]:
    """The office's role of each performer code, made when new. An existing role keeps its label: an
    administrator may have relabelled it."""
    roles: dict[str, Role] = {}
    for position, performer in enumerate(definition["flowchart"]["performers"]):
        role, _ = Role.objects.get_or_create(
            office=office, code=performer["role"], defaults={"name": performer["name"], "position": position}
        )
        roles[performer["role"]] = role
    return roles


def _version_rows(version: SopVersion, definition: dict[str, Any], roles: dict[str, Role]) -> None:
    SopPerformer.objects.bulk_create(
        SopPerformer(version=version, role=roles[p["role"]], position=i)
        for i, p in enumerate(definition["flowchart"]["performers"])
    )
    SopStep.objects.bulk_create(
        SopStep(
            version=version,
            number=s["number"],
            activity=s["activity"],
            role=roles[s["performer"]],
            symbol=s["symbol"],
            kind="+".join(step_kinds(s)),
            minutes=s["minutes"],
            output=s["output"],
        )
        for s in definition["steps"]
    )


@transaction.atomic
def sop_load(*, text: str, source_name: str = "", actor: Any = None) -> LoadResult:
    """Validate and load a definition file. Loading the same content again changes nothing."""
    definition = load_definition(text)
    digest = content_hash(definition)
    office_data = definition["office"]
    office, _ = Office.objects.get_or_create(
        slug=office_data["slug"],
        defaults={
            "name": office_data["name"],
            "government": office_data["government"],
            "short_name": office_data["short_name"],
        },
    )
    sop, _ = Sop.objects.get_or_create(office=office, code=definition["code"])
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    existing = sop.versions.filter(content_hash=digest).first()
    if existing is not None:
        return LoadResult(existing, created=False)

    roles = _roles(office, definition)
    previous = sop.latest_version()
    number = (sop.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SopVersion.objects.create(
        sop=sop,
        number=number,
        content_hash=digest,
        source=text,
        source_name=source_name[:200],
        definition=definition,
        name=definition["identity"]["name"],
    )
    _version_rows(version, definition, roles)
    audit_log(
        action="sop.version.load",
        actor=actor,
        obj=version,
        data={"sop": sop.code, "office": office.slug, "number": number, "content_hash": digest, "source": source_name},
    )
    # Items in progress under an earlier version now have their steps performed as this one says.
    events.dispatch(SopVersionLoaded(version=version, previous=previous, actor=Actor.of(actor)))
    return LoadResult(version, created=True)
