"""A day's issue: which page each article is on, and stories that run across pages.

An editor's unit is the issue, not the file. Each page's furniture usually prints its number and
name (`要闻 A1`, `城事·民生 第3版`) and the date; a story that does not fit ends with
`（下转第3版）` and goes on under `（上接第1版）` on the page named. This module reads those
markers from split pages, links the parts of a story across the pages of one issue, links front
page teasers to the article they announce, and builds one joined article per continued story so
that its label and abstract read the whole text.

Page-level facts are read in the worker that splits the page (`page_fields`, `article_jumps`);
the linking runs once per issue, in the main process, on the records (`IssueAssembler`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .sentences import split_sentences
from .split import Page

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_PAGE_NO = re.compile(r"第\s*([0-9一二三四五六七八九十]{1,3})\s*版|(?<![0-9A-Za-z])[A-H]?\s?(\d{1,2})\s*版?(?![0-9年月日])")
_JUMP = re.compile(r"(上接|下转|转|接)\s*(?:第\s*)?([A-H]?\s?[0-9一二三四五六七八九十]{1,3})\s*版")
# one whole marker as printed, brackets included when there are any
_JUMP_MARKER = re.compile(r"[（(]?\s*(?:上接|下转|转|接)\s*(?:第\s*)?[A-H]?\s?[0-9一二三四五六七八九十]{1,3}\s*版[）)]?")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# what a page is called: a section word, possibly with a qualifier (`城事·民生`, `文化·综合`)
_SECTION_WORDS = ("要闻|综合|经济|民生|文化|体育|社会|城事|副刊|时评|专版|专题|国内|国际|视点|财经|法治"
                  "|教育|健康|农村|县区|新闻|分类广告|广告|评论|理论|关注|文旅|文体|周刊|深读|乡镇|城市|图片")
_PAGE_NAME = re.compile(rf"^[\u4e00-\u9fff·]{{0,6}}(?:{_SECTION_WORDS})[\u4e00-\u9fff·]{{0,6}}$")
_MASTHEAD_END = re.compile(r"(?:日报|晚报|都市报|商报|时报|早报|周报|报)$")
_TEASER_TAG = re.compile(r"^[【\[（(■□●◆\s]*(?:本期)?导\s*读[】\]）)：:\s]*")
_SEE_PAGE = re.compile(r"(?:详见|见|转)\s*第?\s*([A-H]?\s?[0-9一二三四五六七八九十]{1,3})\s*版")


@dataclass(frozen=True)
class IssueOptions:
    """Thresholds of the issue linker, each with its reason."""

    # A teaser repeats its article's headline, sometimes shortened or with a word changed; below
    # this bigram overlap two headlines are different stories.
    teaser_title_similarity: float = 0.6
    # Headlines and lead sentences of two parts of one story share words; the similarity only
    # breaks ties between several pages' `上接` parts, so any positive overlap may decide.
    continuation_min_similarity: float = 0.0


def _number(token: str) -> int | None:
    """`3`, `A3`, `三`, `十二` -> int."""
    token = re.sub(r"[\sA-H]", "", token)
    if token.isdigit():
        return int(token)
    if token and all(c in _CN_DIGITS or c == "十" for c in token):
        if "十" in token:
            tens, _, ones = token.partition("十")
            return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
        return _CN_DIGITS[token] if len(token) == 1 else None
    return None


def page_fields(page: Page) -> dict:
    """`page` (printed number or None), `page_name` and `issue_date` (ISO) from the furniture."""
    number = name = date = None
    for _, line in page.furniture:
        text = line.strip()
        if _JUMP.search(text):
            continue
        found = _DATE.search(text)
        if found and date is None:
            y, m, d = (int(g) for g in found.groups())
            date = f"{y:04d}-{m:02d}-{d:02d}"
            continue  # a date line's digits are not a page number
        if number is None:
            hit = _PAGE_NO.search(text)
            if hit:
                number = _number(hit.group(1) or hit.group(2))
        rest = re.sub(r"第\s*[0-9一二三四五六七八九十]{1,3}\s*版|[A-H]?\s?\d{1,2}\s*版?|[\s|｜/／]", "", text)
        if name is None and 2 <= len(rest) <= 12 and _PAGE_NAME.match(rest) and not _MASTHEAD_END.search(rest):
            name = rest
    return {"page": number, "page_name": name or "", "issue_date": date}


def article_jumps(page: Page) -> list[list[str]]:
    """The jump markers (`（下转第3版）`, `（上接第1版）`) of each article of a split page.

    The splitter gives each story its own markers (`Article.jump`, the marker lines or inline
    markers joined by spaces); this splits them back into one marker each."""
    return [[m.group(0) for m in _JUMP_MARKER.finditer(a.jump)] for a in page.articles]


def parse_jump(text: str) -> tuple[str, int | None] | None:
    """`（下转第3版）` -> ("to", 3); `（上接第1版）` -> ("from", 1)."""
    hit = _JUMP.search(text)
    if not hit:
        return None
    return ("to" if hit.group(1) in ("下转", "转") else "from"), _number(hit.group(2))


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\W_]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    """Dice overlap of character bigrams (0..1), blind to spaces and punctuation."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _ref(record: dict) -> dict:
    return {"source": record["source"], "index": record["index"]}


def link_issue(pages: Sequence[list[dict]], options: IssueOptions | None = None,
               order: Sequence[int] | None = None) -> None:
    """Set `page` (file order when not printed), `continued_from`/`continued_to` and
    `teaser_of` on the records of one issue, in place. `pages` holds each page's records and
    `order` each page's position in its issue (default: its position in `pages`)."""
    options = options or IssueOptions()
    numbered: list[tuple[int, dict]] = []
    for position, records in zip(order or range(1, len(pages) + 1), pages, strict=True):
        for r in records:
            if "error" in r:
                continue
            if r.get("page") is None:
                r["page"] = position
            numbered.append((r["page"], r))
    # Only parts of the same day's paper are linked (a folder may hold many days), and a part is
    # compared only with the pages its markers name: linking stays linear in the issue's size.
    by_page: dict[int, list[tuple[int, dict]]] = {}
    for i, (page_no, r) in enumerate(numbered):
        by_page.setdefault(page_no, []).append((i, r))

    def on_pages(pages: Iterable[int | None]) -> list[tuple[int, dict]]:
        """The records on these pages, in the issue's order."""
        return sorted((item for p in set(pages) for item in by_page.get(p, ())), key=lambda item: item[0])

    def same_day(a: dict, b: dict) -> bool:
        return a.get("issue_date") is None or b.get("issue_date") is None or a["issue_date"] == b["issue_date"]

    # continuations: every `下转第N版` part against every `上接` part on page N, best first
    pairs = []
    for page_no, r in numbered:
        for marker in r.get("jump") or []:
            jump = parse_jump(marker)
            if not jump or jump[0] != "to":
                continue
            for _, o in on_pages([jump[1]]):
                if o is r or not same_day(r, o):
                    continue
                backs = [parse_jump(m) for m in o.get("jump") or []]
                froms = [b[1] for b in backs if b and b[0] == "from"]
                if not froms:
                    continue
                named = page_no in froms  # `上接第1版` names the page it came from
                sim = similarity(f"{r['title']}\n{r['body'][:200]}", f"{o['title']}\n{o['body'][:200]}")
                if sim >= options.continuation_min_similarity:
                    pairs.append((named, sim, id(r), id(o), r, o))
    pairs.sort(key=lambda t: (not t[0], -t[1]))
    for *_, r, o in pairs:
        if r.get("continued_to") is None and o.get("continued_from") is None:
            r["continued_to"], o["continued_from"] = _ref(o), _ref(r)
    # teasers: a short item that repeats another page's headline and names the page (or is
    # tagged 导读, when any other page may hold the story)
    for page_no, r in numbered:
        title = _TEASER_TAG.sub("", r.get("title") or "")
        if not title or r.get("continued_from") or r.get("continued_to"):
            continue
        tagged = title != (r.get("title") or "")
        seen = {_number(m) for m in _SEE_PAGE.findall(r.get("body") or "")}
        if not tagged and not seen:
            continue
        candidates = numbered if tagged else [(p, o) for _, o in on_pages(seen) for p in (o["page"],)]
        best, best_sim = None, options.teaser_title_similarity
        for other_page, o in candidates:
            if other_page == page_no or o.get("teaser_of") is not None or not same_day(r, o):
                continue
            sim = similarity(title, o.get("title") or "")
            shorter = len(r.get("body") or "") < len(o.get("body") or "")
            if sim >= best_sim and shorter:
                best, best_sim = o, sim
        if best is not None:
            r["teaser_of"] = _ref(best)


def story_chains(records: Iterable[dict]) -> list[list[dict]]:
    """The parts of each continued story, in order (head first)."""
    by_ref = {(r["source"], r["index"]): r for r in records if "error" not in r}
    chains = []
    for r in by_ref.values():
        if r.get("continued_to") and not r.get("continued_from"):
            chain, seen = [r], {id(r)}
            nxt = r["continued_to"]
            while nxt:
                part = by_ref.get((nxt["source"], nxt["index"]))
                if part is None or id(part) in seen:
                    break
                chain.append(part)
                seen.add(id(part))
                nxt = part.get("continued_to")
            chains.append(chain)
    return chains


Analyze = Callable[..., list[dict]]  # (title, body) pairs, max_sentences=None -> record fields


def joined_records(pages: Sequence[list[dict]], analyze: Analyze) -> None:
    """Append one joined article per continued story to its first part's page, in place.

    `analyze` turns (title, body) pairs into the label and abstract fields of a record. The joined
    record takes the next free `index` of its first part's page, so (source, index) stays unique;
    `parts` lists the parts and each part's `joined` points back.
    """
    all_records = [r for records in pages for r in records]
    chains = story_chains(all_records)
    if not chains:
        return
    texts = [(chain[0]["title"], "\n".join(p["body"] for p in chain)) for chain in chains]
    fields = analyze(texts)
    # The abstract must tell how the story goes on: a later part that none of the abstract's
    # sentences comes from adds its own best sentence (ranking alone favours the lead part).
    later = [(c, p) for c, chain in enumerate(chains) for p in chain[1:]]
    leads = analyze([(p["title"], p["body"]) for _, p in later], max_sentences=1) if later else []
    for (c, part), lead in zip(later, leads, strict=True):
        summary = fields[c]["summary"]
        if lead["summary"] and not any(s in part["body"] for s in split_sentences(summary) if len(s) > 1):
            fields[c] = {**fields[c], "summary": summary + lead["summary"]}
    for chain, (title, body), extra in zip(chains, texts, fields, strict=True):
        head = chain[0]
        home = next(records for records in pages if any(r is head for r in records))
        joined = {**head, **extra, "index": max(r.get("index", 0) for r in home) + 1, "title": title,
                  "body": body, "jump": [], "continued_from": None, "continued_to": None,
                  "teaser_of": None, "parts": [_ref(p) for p in chain], "joined": None}
        for part in chain:
            part["joined"] = _ref(joined)
        home.append(joined)


def issue_of(source: str, directory_args: Sequence[str]) -> str:
    """Which issue an input belongs to: the folder it was found in when it came from a folder
    argument (a folder of pages is an issue; sub-folders are issues of their own); all files
    named directly on the command line together form one issue."""
    for d in directory_args:
        root = os.path.abspath(d)
        if os.path.abspath(source).startswith(root + os.sep):
            return os.path.dirname(os.path.abspath(source))
    return ""


class IssueAssembler:
    """Holds each issue's outcomes until its last page is in, links them, then lets them go.

    Outcomes leave in input order within an issue; an issue leaves as soon as it is complete, so a
    batch of many issues never holds more than one issue (plus any issue still waiting) in memory.
    """

    def __init__(self, sources: Sequence[str], keys: dict[str, str], analyze: Analyze | None,
                 options: IssueOptions | None = None, all_sources: Sequence[str] | None = None) -> None:
        """`sources` are the inputs still to come; `all_sources` every input of the batch (with
        those already done by `--resume`), which fixes each page's position in its issue."""
        self.keys = keys
        self.analyze = analyze
        self.options = options or IssueOptions()
        self.waiting: dict[str, int] = {}
        for s in sources:
            self.waiting[keys[s]] = self.waiting.get(keys[s], 0) + 1
        self.held: dict[str, list] = {}
        self.position: dict[str, int] = {}
        seen: dict[str, int] = {}
        for s in all_sources if all_sources is not None else sources:
            key = keys.get(s, s)
            seen[key] = seen.get(key, 0) + 1
            self.position[s] = seen[key]

    def feed(self, outcome) -> list:
        key = self.keys[outcome.source]
        self.held.setdefault(key, []).append(outcome)
        self.waiting[key] -= 1
        if self.waiting[key] > 0:
            return []
        outcomes = self.held.pop(key)
        pages = [o.records for o in outcomes]
        link_issue(pages, self.options, [self.position[o.source] for o in outcomes])
        if self.analyze is not None:
            joined_records(pages, self.analyze)
        return outcomes
