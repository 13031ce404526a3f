"""From records to what a digest shows: one item per story, pages, domains, interface text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Interface text. Chinese is the default: the digest is for the paper's editors.
TEXT = {
    "zh": {
        "title": "版面摘要", "articles": "篇", "pages": "版面", "page": "第{n}版", "page_short": "{n}版", "chart": "各领域稿件数（色块为各版）",
        "search": "搜索标题、摘要、关键词…", "by_label": "按领域", "by_page": "按版面", "domains": "领域",
        "confidence": "置信度", "uncertain": "待核", "keywords": "关键词", "byline": "署名",
        "teaser": "头版导读", "shown": "显示 {shown} / {total} 篇", "failed": "未能处理的文件",
        "toc": "目录（按版面）", "untitled": "（无标题）", "continued": "跨版连载", "lang": "zh-CN",
        "nodate": "日期未印", "sep": "、", "colon": "：",
    },
    "en": {
        "title": "Issue digest", "articles": "articles", "pages": "Pages", "page": "page {n}",
        "page_short": "p{n}", "chart": "Articles per domain (blocks are pages)", "search": "Search titles, abstracts, keywords…",
        "by_label": "By domain", "by_page": "By page", "domains": "Domains", "confidence": "confidence",
        "uncertain": "uncertain", "keywords": "Keywords", "byline": "Byline", "teaser": "front-page teaser",
        "shown": "{shown} of {total} shown", "failed": "Inputs that failed", "toc": "Contents by page",
        "untitled": "(untitled)", "continued": "continued story", "lang": "en", "nodate": "date not printed",
        "sep": ", ", "colon": ": ",
    },
}


@dataclass
class DigestItem:
    """One story as shown: a record, the pages it runs on and whether a teaser announces it."""

    record: dict
    pages: list[int] = field(default_factory=list)
    teased: bool = False

    @property
    def key(self) -> str:
        return f"{self.record['source']}#{self.record['index']}"

    @property
    def title(self) -> str:
        r = self.record
        return r.get("title") or (r.get("summary", "")[:24] + "…" if r.get("summary") else "")

    @property
    def page(self) -> int:
        return self.pages[0] if self.pages else 0


def _ref(r: dict | None) -> tuple | None:
    return (r["source"], r["index"]) if r else None


def digest_items(records: Sequence[dict]) -> list[DigestItem]:
    """Each story once, in reading order (page, then position): parts of a joined story give way
    to the joined article, later parts of an unjoined one to its first part, teasers to their
    article (which is marked)."""
    ok = [r for r in records if "error" not in r]
    by_ref = {(r["source"], r["index"]): r for r in ok}
    teased = {_ref(r.get("teaser_of")) for r in ok if r.get("teaser_of")}
    items = []
    for r in ok:
        if r.get("joined") or r.get("continued_from") or r.get("teaser_of"):
            continue
        if r.get("parts"):
            chain = [by_ref.get(_ref(p)) for p in r["parts"]]
        else:
            chain, nxt = [r], r.get("continued_to")
            while nxt and _ref(nxt) in by_ref and len(chain) <= len(ok):
                chain.append(by_ref[_ref(nxt)])
                nxt = chain[-1].get("continued_to")
        pages = [p["page"] for p in chain if p is not None and p.get("page") is not None]
        pages = list(dict.fromkeys(pages))
        items.append(DigestItem(r, pages, any(_ref(p) in teased for p in chain if p is not None)))
    items.sort(key=lambda it: (it.page, it.record["source"], it.record.get("line_start") or 0))
    return items


def label_order(items: Sequence[DigestItem], preferred: Sequence[str] = ()) -> list[str]:
    present = {it.record["label"] for it in items}
    order = [lab for lab in preferred if lab in present]
    return order + sorted(present - set(order))


def page_names(records: Sequence[dict]) -> dict[int, str]:
    names: dict[int, str] = {}
    for r in records:
        if "error" not in r and r.get("page") is not None:
            names.setdefault(r["page"], r.get("page_name") or "")
            if not names[r["page"]] and r.get("page_name"):
                names[r["page"]] = r["page_name"]
    return dict(sorted(names.items()))


def issue_dates(records: Sequence[dict]) -> list[str]:
    return sorted({r["issue_date"] for r in records if "error" not in r and r.get("issue_date")})
