"""Knowledge search: FAQ answers by meaning, through one cached index per process.

The index is rebuilt when the entries change. The change stamp lives in the shared cache
(and is recomputed from the table when missing), so every worker notices an edit made by
any other: the per-process index is only a copy, never the source of truth.
"""

import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from xinfa.analysis.engine.components.matching import FaqEntry as IndexEntry
from xinfa.analysis.engine.components.matching import FaqIndex, QuestionMatcher
from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.knowledge.enums import Audience
from xinfa.knowledge.models import FaqEntry, Script

logger = logging.getLogger(__name__)
VERSION_KEY = "knowledge.faq.version"
MAX_QUERY_CHARS = 500


@dataclass
class _Cached:
    version: str
    index: Any  # FaqIndex or _OverlapIndex
    audiences: dict[str, str]


_lock = threading.Lock()
_cached: _Cached | None = None


class _OverlapIndex:
    """Character-pair overlap ranking, used when the pair model file is not installed."""

    def __init__(self, entries: list[IndexEntry]) -> None:
        self.entries_ = entries
        self.grams_ = [_grams(entry.question) for entry in entries]

    def search(self, query: str, *, k: int = 5) -> list[dict[str, Any]]:
        grams = _grams(query)
        if not grams:
            return []
        scored = []
        for entry, other in zip(self.entries_, self.grams_, strict=True):
            score = 2 * len(grams & other) / (len(grams) + len(other)) if other else 0.0
            if score > 0:
                scored.append((score, entry))
        scored.sort(key=lambda item: -item[0])
        return [
            {
                "id": entry.id,
                "question": entry.question,
                "answer": entry.answer,
                "score": round(score, 4),
                "is_match": score >= 0.5,
            }
            for score, entry in scored[:k]
        ]


def _grams(text: str) -> set[str]:
    chars = [char for char in normalize_text(text) if char.isalnum()]
    return {"".join(chars[i : i + 2]) for i in range(len(chars) - 1)} or set(chars)


def knowledge_version() -> str:
    """Return the change stamp of the FAQ table (shared cache, computed when missing)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        stamp = FaqEntry.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
        version = f"{stamp['count']}:{stamp['last'].isoformat() if stamp['last'] else '-'}"
        cache.set(VERSION_KEY, version, timeout=None)
    return str(version)


def knowledge_version_bump() -> None:
    """Forget the stamp so that every worker rebuilds its index on its next search."""
    cache.delete(VERSION_KEY)


def _build(version: str) -> _Cached:
    rows = list(
        FaqEntry.objects.filter(is_active=True).values("pk", "question", "answer", "audience")
    )
    entries = [IndexEntry(str(row["pk"]), row["question"], row["answer"]) for row in rows]
    if not entries:  # nothing to rank; the pair model is not even loaded
        return _Cached(version, _OverlapIndex(entries), {})
    try:
        matcher = QuestionMatcher.create(model_dir=settings.ANALYSIS_MODEL_DIR)
        index: Any = FaqIndex(matcher).build(entries)
    except (ModelFileError, KeyError, ValueError) as exc:
        # Missing or from another version of the matcher: search still answers, by overlap.
        logger.warning("FAQ pair model unusable (%s); knowledge search ranks by overlap", exc)
        index = _OverlapIndex(entries)
    return _Cached(version, index, {str(row["pk"]): row["audience"] for row in rows})


def _current() -> _Cached:
    global _cached
    version = knowledge_version()
    with _lock:
        if _cached is None or _cached.version != version:
            _cached = _build(version)
        return _cached


def knowledge_search(*, text: str, k: int = 3, audience: str | None = None) -> list[dict[str, Any]]:
    """Return up to `k` active FAQ entries matching `text`, best first.

    With an audience, entries for that audience and general ones are kept.

    Raises:
        ValueError: unknown audience.
    """
    if audience is not None and audience not in Audience.values:
        raise ValueError(f"unknown audience {audience!r}")
    query = (text or "")[:MAX_QUERY_CHARS]
    if k <= 0 or not query.strip():
        return []
    cached = _current()
    hits = cached.index.search(query, k=k * 4 if audience else k)
    results = []
    for hit in hits:
        item = hit.to_dict() if hasattr(hit, "to_dict") else dict(hit)
        item["audience"] = cached.audiences.get(item["id"], Audience.GENERAL)
        if audience and item["audience"] not in (audience, Audience.GENERAL):
            continue
        item["id"] = int(item["id"])
        results.append(item)
    return results[:k]


class KnowledgeSearch:
    """The `knowledge` object the engine's live coaching expects: `search(text, k)`."""

    def __init__(self, audience: str | None = None) -> None:
        self.audience = audience

    def search(self, text: str, k: int) -> list[dict[str, Any]]:
        return knowledge_search(text=text, k=k, audience=self.audience)


def script_list(*, kind: str | None = None, audience: str | None = None) -> list[Script]:
    """Return active scripts, optionally of one kind and for one audience (and general)."""
    queryset = Script.objects.filter(is_active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    if audience:
        queryset = queryset.filter(audience__in=[audience, Audience.GENERAL])
    return list(queryset)
