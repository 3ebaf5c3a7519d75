import csv
from collections.abc import Iterator
from datetime import UTC
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from redaksi.core.actor import Actor

from . import selectors
from .chain import canonical_json
from .forms import EntryFilterForm
from .refusals import deny, system_admin_required
from .services import audit_breaks, audit_exported

MAX_SEQ_DIGITS = 18
CSV_COLUMNS = [
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "acting_role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "data",
    "ip",
    "prev_hash",
    "hash",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ADMIN_ONLY = gettext_lazy("Only a system administrator may read the audit record.")
WHOLE_INSTALL = gettext_lazy(
    "The audit record covers every office of this installation, so only an administrator of the whole "
    "installation (one not attached to an office) may read it."
)


def _offices():
    # The offices are the users' (accounts sits above the record and is not imported here).
    return get_user_model()._meta.get_field("office").related_model.objects.all()


def whole_record_reader(view):
    """The record is one chain for the installation. Where several offices share it, an office's own
    administrator would see the others' entries: only an installation administrator may read it then."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.office_id is not None and _offices().count() > 1:
            raise deny(request, str(WHOLE_INSTALL), what=view.__name__)
        return view(request, *args, **kwargs)

    return wrapper


def _seq_param(request: HttpRequest, name: str) -> int | None:
    """A page anchor from the query string; anything odd is ignored, never an error."""
    value = request.GET.get(name, "")
    if value.isascii() and value.isdigit() and len(value) <= MAX_SEQ_DIGITS:
        return int(value)
    return None


def _query(filters: dict[str, Any], **extra: Any) -> str:
    return urlencode({**{k: str(v) for k, v in filters.items()}, **extra})


def _private(response: HttpResponse) -> HttpResponse:
    # The page differs for htmx (only the table) and must never sit in a shared cache.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    patch_cache_control(response, private=True, no_store=True)
    return response


@system_admin_required(message=ADMIN_ONLY)
@whole_record_reader
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET)
    page, filters = None, {}
    if form.is_valid():
        filters = form.filters()
        page = selectors.entry_page(
            selectors.entry_filter(**filters),
            before=_seq_param(request, "before"),
            after=_seq_param(request, "after"),
        )
    query = _query(filters)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "paged": "before" in request.GET or "after" in request.GET,
        "newer_query": _query(filters, after=page.newer_after) if page and page.newer_after else "",
        "older_query": _query(filters, before=page.older_before) if page and page.older_before else "",
        "oldest_query": _query(filters, after=0),
        "head": selectors.chain_head(),
    }
    htmx = getattr(request, "htmx", None)
    template = "audit/_results.html" if htmx and htmx.target == "audit-results" else "audit/list.html"
    return _private(render(request, template, context))


@system_admin_required(message=ADMIN_ONLY)
@whole_record_reader
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    """Check the whole chain on request: on a big record this takes a while, so never on page load."""
    first = next(audit_breaks(), None)
    head = selectors.chain_head()
    if first is None:
        ok = True
        count = head.seq if head else 0
        result = ngettext("Intact: %(count)s entry.", "Intact: %(count)s entries.", count) % {"count": count}
    else:
        ok = False
        result = _("Broken at entry %(seq)s: %(reason)s.") % {"seq": first.seq, "reason": first.reason}
    if getattr(request, "htmx", None):
        context = {"head": head, "result": result, "ok": ok, "checked_at": timezone.now()}
        return _private(render(request, "audit/_chain_status.html", context))
    (messages.success if ok else messages.error)(request, result)
    return redirect("audit:list")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the BOM makes Excel read the file as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for e in entries.order_by("seq").iterator(chunk_size=2000):
        row = [
            e.seq,
            e.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            e.actor_id if e.actor_id is not None else "",
            e.actor_name,
            e.acting_role,
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            canonical_json(e.data),
            e.ip or "",
            e.prev_hash,
            e.hash,
        ]
        yield writer.writerow([_cell(v) for v in row])


@system_admin_required(message=ADMIN_ONLY)
@whole_record_reader
@require_safe
def entry_csv(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET)
    if not form.is_valid():
        # The list shows what is wrong with the filters.
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    filters = form.filters()
    # Taking the record out of the system is itself worth recording.
    audit_exported(actor=Actor.from_request(request), filters=filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _csv_rows(selectors.entry_filter(**filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="catatan-aktivitas-{stamp}.csv"'
    return _private(response)
