"""The HTML digest: one self-contained file (inline CSS, JS and SVG; no network, no server)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from ._items import TEXT, digest_items, issue_dates, label_order, page_names

# Colours of the shipped labels; other labels take the spare colours in order.
_COLOURS = {"industry": "#2f6fb0", "anti_fraud": "#c0392b", "gov_services": "#7d5ba6",
            "employment": "#2e8b57", "culture": "#d4880f", "other": "#7f8c8d"}
_SPARE = ("#16a085", "#8e44ad", "#b7950b", "#a04000", "#1f618d", "#641e16")


@dataclass(frozen=True)
class ChartLayout:
    """Sizes of the inline SVG chart, in SVG units (the chart scales to the page width)."""

    width: int = 640
    label_width: int = 110  # room for a six-character Chinese domain name
    bar_height: int = 22
    gap: int = 10
    count_width: int = 40  # room for the total after each bar


def _chart(items, labels: list[str], names: dict[str, str], pages: list[int], colours: dict[str, str],
           t: dict, layout: ChartLayout) -> dict:
    """Bars (one per domain) made of one segment per page, scaled to the largest domain."""
    counts = {lab: {p: 0 for p in pages} for lab in labels}
    for it in items:
        counts[it.record["label"]][it.page] = counts[it.record["label"]].get(it.page, 0) + 1
    most = max((sum(c.values()) for c in counts.values()), default=1) or 1
    span = layout.width - layout.label_width - layout.count_width
    bars = []
    for row, lab in enumerate(labels):
        x = layout.label_width
        segments = []
        for p, n in counts[lab].items():
            if n:
                w = span * n / most
                segments.append({"x": round(x, 1), "w": round(w, 1), "n": n, "page": p,
                                 "tip": f"{names[lab]} · {t['page'].format(n=p)}：{n}"})
                x += w
        bars.append({"label": lab, "name": names[lab], "y": row * (layout.bar_height + layout.gap),
                     "total": sum(counts[lab].values()), "end": round(x, 1), "segments": segments,
                     "colour": colours[lab]})
    height = max(len(labels), 1) * (layout.bar_height + layout.gap)
    return {"bars": bars, "height": height, "layout": layout}


def render_html(records: Sequence[dict], preferred_labels: Sequence[str] = (), lang: str = "zh",
                layout: ChartLayout | None = None) -> str:
    """The digest page of these records."""
    import jinja2

    t = TEXT.get(lang, TEXT["zh"])
    items = digest_items(records)
    labels = label_order(items, preferred_labels)
    names = {it.record["label"]: it.record["label_name"] for it in items}
    spare = iter(_SPARE * (1 + len(labels) // len(_SPARE)))
    colours = {lab: _COLOURS.get(lab) or next(spare) for lab in labels}
    pages = page_names(records)
    env = jinja2.Environment(loader=jinja2.PackageLoader("classify.digest", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    template = env.get_template("digest.html.j2")
    return template.render(
        t=t, items=items, labels=labels, names=names, colours=colours, pages=pages,
        dates=issue_dates(records), errors=[r for r in records if "error" in r],
        chart=_chart(items, labels, names, list(pages), colours, t, layout or ChartLayout()),
        search_text=lambda it: " ".join([it.title, it.record.get("summary") or "",
                                         " ".join(it.record.get("keywords") or []),
                                         it.record.get("body") or "", it.record.get("byline") or ""]).lower(),
    )


class HtmlWriter:
    """Collects records and writes the digest page on close."""

    def __init__(self, stream: IO[str], label_order: list[str] | None = None, lang: str = "zh") -> None:
        self.stream = stream
        self.label_order = label_order or []
        self.lang = lang
        self.records: list[dict] = []

    def write(self, records: list[dict]) -> None:
        self.records.extend(records)

    def close(self) -> None:
        self.stream.write(render_html(self.records, self.label_order, self.lang))
        self.stream.flush()
