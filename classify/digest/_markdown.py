"""The Markdown digest: a per-page table of contents, then the stories grouped by domain."""

from __future__ import annotations

import io
from typing import IO

from ._items import TEXT, digest_items, issue_dates, label_order, page_names


def _pages_text(pages: list[int], t: dict) -> str:
    return t["sep"].join(t["page"].format(n=p) for p in pages)


class MarkdownWriter:
    """Collects records (the digest groups by domain, so it must see them all), writes on close."""

    def __init__(self, stream: IO[str], label_order: list[str] | None = None, lang: str = "zh") -> None:
        self.stream = stream
        self.label_order = label_order or []
        self.text = TEXT.get(lang, TEXT["zh"])
        self.records: list[dict] = []

    def write(self, records: list[dict]) -> None:
        self.records.extend(records)

    def close(self) -> None:
        t = self.text
        items = digest_items(self.records)
        errors = [r for r in self.records if "error" in r]
        names = page_names(self.records)
        dates = "、".join(issue_dates(self.records)) or t["nodate"]
        out = io.StringIO()
        out.write(f"# {t['title']}：{dates}，{len(items)} {t['articles']}\n" if t is TEXT["zh"]
                  else f"# {t['title']}: {dates}, {len(items)} {t['articles']}\n")
        anchors = {it.key: f"a{n}" for n, it in enumerate(items, 1)}
        out.write(f"\n## {t['toc']}\n\n")
        for page, name in names.items():
            on_page = [it for it in items if it.page == page]
            out.write(f"- **{t['page'].format(n=page)}{(' ' + name) if name else ''}**（{len(on_page)}）\n")
            for it in on_page:
                out.write(f"  - [{it.title or t['untitled']}](#{anchors[it.key]})\n")
        for label in label_order(items, self.label_order):
            group = [it for it in items if it.record["label"] == label]
            out.write(f"\n## {group[0].record['label_name']}（{label}），{len(group)} {t['articles']}\n")
            for it in group:
                r = it.record
                flags = [f"{t['confidence']} {r['confidence']:.2f}"]
                if r.get("uncertain"):
                    flags.append(t["uncertain"])
                if len(it.pages) > 1:
                    flags.append(t["continued"])
                if it.teased:
                    flags.append(t["teaser"])
                page_name = names.get(it.page, "")
                where = _pages_text(it.pages, t) + (f" {page_name}" if page_name else "")
                out.write(f'\n<a id="{anchors[it.key]}"></a>\n### {it.title or t["untitled"]}\n\n'
                          f"*{where} · {' · '.join(flags)}*\n\n")
                if r.get("summary"):
                    out.write(f"{r['summary']}\n\n")
                if r.get("keywords"):
                    out.write(f"{t['keywords']}{t['colon']}{'、'.join(r['keywords'])}\n\n")
                if r.get("byline"):
                    out.write(f"{t['byline']}{t['colon']}{r['byline']}\n")
        if errors:
            out.write(f"\n## {t['failed']}，{len(errors)}\n\n")
            for e in errors:
                out.write(f"- `{e['source']}`: {e['error']}\n")
        self.stream.write(out.getvalue())
        self.stream.flush()
