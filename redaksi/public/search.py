"""Search over published items: FTS5 on SQLite, full text on PostgreSQL; the input is bounded first.

A word finds every form of its root (meresmikan, diresmikan, resmikan); words in double quotes find
that exact phrase. The last word may be unfinished: it also matches the words it begins.
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from redaksi.accounts.models import Office
from redaksi.core.stemming import word_stems
from redaksi.newsroom.selectors import published_items

MAX_QUERY = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
_WORDS = re.compile(r"\w+")
_PHRASES = re.compile(r'"([^"]*)"')


class QueryTooLong(ValueError):
    pass


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def _words(text: str) -> list[str]:
    words = [w.replace("_", "")[:MAX_TERM_LENGTH] for w in _WORDS.findall(text.lower())]
    return [w for w in words if w]


def parse(query: str) -> Query:
    """Quoted phrases and loose words, at most MAX_TERMS words in all; an unclosed quote is ignored."""
    if len(query) > MAX_QUERY:
        raise QueryTooLong(query[:20])
    parsed, budget = Query(), MAX_TERMS
    for phrase in _PHRASES.findall(query):
        words = _words(phrase)[:budget]
        budget -= len(words)
        if len(words) > 1:
            parsed.phrases.append(words)
        else:
            parsed.words.extend(words)
    parsed.words.extend(_words(_PHRASES.sub(" ", query))[:budget])
    return parsed


def _fts5(query: Query) -> str:
    """An FTS5 expression with every word quoted, so no input is read as an operator."""
    parts = []
    for n, word in enumerate(query.words):
        stems = " OR ".join(f'"{s}"' for s in word_stems(word))
        part = f"stems : ({stems})"
        if n == len(query.words) - 1:
            part = f'({part} OR {{title text}} : "{word}"*)'
        parts.append(part)
    parts.extend('{title text} : "' + " ".join(words) + '"' for words in query.phrases)
    return " AND ".join(parts)


def _postgres(query: Query) -> tuple[str, list[str]]:
    conditions, params = [], []
    for n, word in enumerate(query.words):
        condition = "document @@ (to_tsquery('indonesian', %s) || to_tsquery('simple', %s))"
        params += [word, " | ".join(word_stems(word))]
        if n == len(query.words) - 1:
            condition = f"({condition} OR words @@ to_tsquery('simple', %s))"
            params.append(f"{word}:*")
        conditions.append(condition)
    for words in query.phrases:
        conditions.append("words @@ phraseto_tsquery('simple', %s)")
        params.append(" ".join(words))
    return " AND ".join(conditions), params


def search_ids(office: Office, query: Query, offset: int, limit: int) -> list[int]:
    if not query:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT f.rowid FROM public_search_fts f JOIN public_searchentry e ON e.item_id = f.rowid "
                "WHERE public_search_fts MATCH %s AND e.office_id = %s ORDER BY f.rowid DESC LIMIT %s OFFSET %s",
                [_fts5(query), office.pk, limit, offset],
            )
        elif connection.vendor == "postgresql":
            where, params = _postgres(query)
            cursor.execute(
                f"SELECT item_id FROM public_searchentry WHERE {where} "  # noqa: S608 - fixed SQL, values bound
                "AND office_id = %s ORDER BY published_at DESC, item_id DESC LIMIT %s OFFSET %s",
                [*params, office.pk, limit, offset],
            )
        else:  # pragma: no cover - other databases get a plain title search
            from .models import SearchEntry

            qs = SearchEntry.objects.filter(office=office)
            for w in query.words + [" ".join(p) for p in query.phrases]:
                qs = qs.filter(title__icontains=w)
            return list(qs.order_by("-published_at").values_list("item_id", flat=True)[offset : offset + limit])
        return [row[0] for row in cursor.fetchall()]


def search(office: Office, query: str, offset: int = 0, limit: int = 20):
    """Published items matching the query, newest first; whatever the index says, the one door decides."""
    ids = search_ids(office, parse(query), offset, limit)
    if not ids:
        return []
    found = {i.pk: i for i in published_items().filter(office=office, pk__in=ids).select_related("category")}
    return [found[i] for i in ids if i in found]
