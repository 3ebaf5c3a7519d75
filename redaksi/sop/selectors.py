from django.db.models import QuerySet

from .models import Sop


def sops_for_office(office_id: int | None) -> QuerySet[Sop]:
    qs = Sop.objects.select_related("office").prefetch_related("versions")
    return qs.filter(office_id=office_id) if office_id else qs
