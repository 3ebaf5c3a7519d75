"""Search over published items: FTS5 on SQLite, full text on PostgreSQL; the input is bounded first."""

import re

from django.db import connection

from redaksi.accounts.models import Office
from redaksi.newsroom.selectors import published_items

MAX_QUERY = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
_WORDS = re.compile(r"\w+")


class QueryTooLong(ValueError):
    pass


def terms(query: str) -> list[str]:
    """The words of a query; quotes, brackets and operators are dropped, so they can do no harm."""
    if len(query) > MAX_QUERY:
        raise QueryTooLong(query[:20])
    words = [w.replace("_", "")[:MAX_TERM_LENGTH] for w in _WORDS.findall(query.lower())]
    return [w for w in words if w][:MAX_TERMS]


def search_ids(office: Office, words: list[str], offset: int, limit: int) -> list[int]:
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
            cursor.execute(
                "SELECT f.rowid FROM public_search_fts f JOIN public_searchentry e ON e.item_id = f.rowid "
                "WHERE public_search_fts MATCH %s AND e.office_id = %s ORDER BY f.rowid DESC LIMIT %s OFFSET %s",
                [match.strip(), office.pk, limit, offset],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT item_id FROM public_searchentry WHERE document @@ to_tsquery('indonesian', %s) "
                "AND office_id = %s ORDER BY published_at DESC, item_id DESC LIMIT %s OFFSET %s",
                [" & ".join(f"{w}:*" for w in words), office.pk, limit, offset],
            )
        else:  # pragma: no cover - other databases get a plain title search
            from .models import SearchEntry

            qs = SearchEntry.objects.filter(office=office)
            for w in words:
                qs = qs.filter(title__icontains=w)
            return list(qs.order_by("-published_at").values_list("item_id", flat=True)[offset : offset + limit])
        return [row[0] for row in cursor.fetchall()]


def search(office: Office, query: str, offset: int = 0, limit: int = 20):
    """Published items matching the query, newest first; whatever the index says, the one door decides."""
    ids = search_ids(office, terms(query), offset, limit)
    if not ids:
        return []
    found = {i.pk: i for i in published_items().filter(office=office, pk__in=ids).select_related("category")}
    return [found[i] for i in ids if i in found]
