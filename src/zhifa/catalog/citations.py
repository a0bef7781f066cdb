"""Citations written as text — “《土地管理法》第七十七条；《行政处罚法》第三十三条、第三十二条” — found among the
articles that have been entered. Forms and spreadsheets both take the legal basis this way, and an article
that has not been entered is an error: items cite articles, never free text alone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from zhifa.catalog.models import Article, LegalDocument
from zhifa.core.numerals import parse_article

if TYPE_CHECKING:
    from collections.abc import Iterable

_PARTS = re.compile(r"[；;，,、\n]+")
_CITE = re.compile(r"^(?:《(?P<doc>[^》]+)》|(?P<bare>[^《》]+?))?\s*"
                   r"(?P<art>第\s*[0-9零〇一二两三四五六七八九十百千]+\s*条)"
                   r"(?:\s*第[0-9一二三四五六七八九十]+[款项])*$")
PREFIX = "中华人民共和国"


class CitationError(ValueError):
    pass


class ArticleIndex:
    """Every document and article in memory (two queries), to resolve many citations without more."""

    def __init__(self, on: dt.date | None = None) -> None:
        self.on = on
        self.documents: dict[str, list[LegalDocument]] = {}
        for doc in LegalDocument.objects.all():
            for name in {doc.name, doc.short_name, doc.name.removeprefix(PREFIX)} - {""}:
                self.documents.setdefault(name, []).append(doc)
        self.articles: dict[tuple[int, int], Article] = {}
        by_pk = {d.pk: d for docs in self.documents.values() for d in docs}
        for article in Article.objects.all():
            article.document = by_pk[article.document_id]
            self.articles[(article.document_id, article.seq)] = article

    def document(self, name: str) -> LegalDocument:
        name = name.strip()
        docs = self.documents.get(name) or self.documents.get(name.removeprefix(PREFIX)) or []
        if not docs:
            raise CitationError(f"未找到法律依据“{name}”，请先在“法律依据”中录入")
        if len(docs) > 1 and self.on is not None:
            current = [d for d in docs if d.in_force_on(self.on)]
            docs = current or docs
        return max(docs, key=lambda d: d.in_force_from or dt.date.min)

    def parse(self, text: str) -> list[Article]:
        """The articles ``text`` cites, in order, without repeats. Raises CitationError naming the bad part."""
        found: list[Article] = []
        current: LegalDocument | None = None
        for part in (p.strip() for p in _PARTS.split(text or "")):
            if not part:
                continue
            m = _CITE.match(part)
            if not m:
                raise CitationError(f"无法识别“{part}”，法律依据应写成“《土地管理法》第七十七条”，多条用“；”分隔")
            name = m["doc"] or m["bare"]
            if name and name.strip():
                current = self.document(name)
            if current is None:
                raise CitationError(f"“{part}”没有写明法律依据的名称，应写成“《土地管理法》第七十七条”")
            seq = parse_article(m["art"].replace(" ", ""))
            article = self.articles.get((current.pk, seq))
            if article is None:
                raise CitationError(f"《{current.cite_name}》第{seq}条尚未录入，请先在“法律依据”中录入该条文")
            if article not in found:
                found.append(article)
        return found


def format_citations(articles: Iterable[Article]) -> str:
    """The canonical text of a list of citations, as ``ArticleIndex.parse`` reads it back."""
    return "；".join(a.citation for a in sorted(articles, key=lambda a: (a.document.cite_name, a.seq)))
