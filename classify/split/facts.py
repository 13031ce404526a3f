"""Stage 1: facts about each line, computed once, independent of any decision.

A fact is what can be read off a line and its immediate neighbours: its width against the
local column, its punctuation, whether it matches a byline, an opener, a credit, a jump marker
or a piece of page furniture, whether a blank line surrounds it. The later stages decide with
these facts; a learned tagger reads the same facts as features (`LineFacts.features()`).

Text input has no layout, so the layout fields (`font_ratio`, `bold`, `column`, `x_gap`,
`y_gap`) are None; a PDF reader that knows them fills them and every stage stays the same.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from .. import bylines
from .._lazy_re import LazyPatterns
from ..normalize import unspace_letters, width
from . import _patterns as P
from .options import DEFAULT, SplitOptions

_DIGIT = re.compile(r"\d")
_SEPARATORS = " |｜/／"  # dropped before matching page names and numbers
_LATIN = re.compile(r"[A-Za-z]")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")  # what `ch.isascii() and ch.isalnum()` accepts
_QUOTE = re.compile("[“”‘’「」\"]")


@dataclass(frozen=True)
class Layout:
    """What a PDF knows about a line and text does not. Every field is optional."""

    font_ratio: float | None = None  # font size / the page's body font size
    bold: bool | None = None
    column: int | None = None  # 0-based column on the page
    x_gap: float | None = None  # indent from the column's left edge, in character widths
    y_gap: float | None = None  # space above the line, in line heights


@dataclass(frozen=True)
class LineFacts:
    """Facts about one non-blank line. `index` is the 0-based raw line number."""

    index: int
    text: str  # normalised, letter spacing closed up
    raw: str  # normalised only
    position: int  # 0-based among non-blank lines
    n_lines: int  # non-blank lines on the page
    chars: int  # characters without spaces
    width: float  # visual width (ASCII counts half)
    column_width: float  # local column width around this line
    blank_before: bool
    blank_after: bool
    letter_spaced: bool
    ends_sentence: bool
    ends_continuing: bool  # ends on `，、：` etc.: prose cut at the column edge
    ends_question: bool  # ends on `？！`
    commas: int
    full_stops: int
    digits: int
    latin: int
    has_percent: bool
    has_quote: bool
    has_colon: bool
    starts_dash: bool  # `——副题`
    heading_shape: bool  # short, no sentence punctuation: could be (part of) a headline
    byline_line: bool  # only roles and names
    opener: str  # `本报讯（记者 …）` at the start, or ""
    open_opener: bool  # an opener whose parenthesis closes on the next line
    credit: str  # a trailing credit (`■ 本报记者 …`, `… 摄`), or ""
    photo_credit: bool
    jump: bool  # `（下转第3版）`
    furniture: str  # the furniture rule that matches, or ""
    notice_heading: bool
    region_label: bool
    column_label: bool
    box_label: bool
    source_line: bool
    qa_turn: bool
    date_lead: bool
    brief_lead: bool
    bullet_lead: bool
    contact_line: bool
    bare_date: bool
    closing: bool  # ends like a notice's signature (a phone number, a date)
    author_note: bool  # `（作者单位：…）`, also when broken over two lines
    ad_words: int
    layout: Layout = Layout()

    def __getattr__(self, name: str) -> object:
        """A fact the rules never read, asked for the first time: fill them all in now.

        `parse_page` reads a dozen facts per line (furniture, byline, opener, credit, jump, ...);
        the other two dozen only a tagger reads (`features()`). The facts stage leaves those out
        and keeps the page's memo here (`_later`): they are computed, once per distinct text of
        the page, when one of them is first read. Python calls this method only for an
        attribute the instance does not hold, so a fact once set costs nothing more."""
        if name not in _LATER_FIELDS or "_later" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        _complete(self)
        return self.__dict__[name]

    @property
    def width_ratio(self) -> float:
        return self.width / self.column_width if self.column_width else 1.0

    def features(self) -> dict[str, float | str | bool]:
        """The facts as one flat feature dict (for a sequence tagger). None layout fields are
        left out, so text and PDF input give the same keys for what they share."""
        out: dict[str, float | str | bool] = {}
        for f in fields(self):
            if f.name in ("index", "text", "raw", "layout", "n_lines", "position"):
                continue
            value = getattr(self, f.name)
            if f.name in ("opener", "credit"):
                out[f.name] = bool(value)
            elif f.name == "furniture":
                out["furniture"] = value or "none"
            else:
                out[f.name] = float(value) if isinstance(value, int) and not isinstance(value, bool) else value
        out["width_ratio"] = round(self.width_ratio, 3)
        out["rel_position"] = round(self.position / max(1, self.n_lines - 1), 3)
        out["first_char"] = self.text[:1]
        out["last_char"] = self.text[-1:]
        for f in fields(self.layout):
            value = getattr(self.layout, f.name)
            if value is not None:
                out[f.name] = value
        return out


_NO_LAYOUT = Layout()  # text input: no layout known (frozen, shared by every line)

_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
#: the marks next to Chinese characters, compiled when a line first holds a half-width mark (few
#: pages do): its two CJK classes cost milliseconds to compile (`classify._lazy_re`)
_LAZY = LazyPatterns(dict(
    _HALF_NEAR_CJK=r"(?<=[\u3400-\u9fff“”‘’）》])[,;:?!()]|[,;:?!()](?=[\u3400-\u9fff“”‘’（《])",
))
#: a line with none of the half-width marks has nothing to mend (one scan, cheaper than the sub's)
_HALF_MARK = re.compile(f"[{re.escape(''.join(_HALF))}]")


def mend_punctuation(line: str) -> str:
    """OCR reads Chinese punctuation as half-width (`诈骗,技术`, `本报讯(记者`); next to Chinese
    characters it is the full-width mark, and the rules read it so. ASCII text (`9:00`) stays."""
    if not _HALF_MARK.search(line):
        return line
    return _LAZY._HALF_NEAR_CJK.sub(lambda m: _HALF[m.group(0)], line)


def ends_sentence(line: str) -> bool:
    """A line that ends a sentence, closing quotes and brackets aside."""
    s = line.rstrip().rstrip(P.CLOSERS)
    return bool(s) and s[-1] in P.TERMINAL


def heading_shape(line: str, options: SplitOptions = DEFAULT) -> bool:
    """Could this line be (part of) a headline? Short, no sentence punctuation at its end.

    Headlines may hold digits, `%`, quotes, `：`, `——` and Latin letters and may end on `？！`;
    what they never have is a full stop, a run of commas, a trailing comma or an opener.
    """
    s = line.strip()
    compact = s.replace(" ", "")
    if not options.heading_min_chars <= len(compact) <= options.heading_max_chars:
        return False
    if s[-1] in P.CONTINUES or (ends_sentence(s) and s.rstrip(P.CLOSERS)[-1:] not in P.HEADLINE_END_OK):
        return False
    if "。" in s or s.count("，") > 1 or bylines.OPENER.match(s) or P.CONTACT.search(s):
        return False
    if s[0] in "（(" and s[-1] in "）)":
        return False  # `（数据来源：…）`: a note in brackets, never a headline
    return len(_ASCII_ALNUM.findall(compact)) <= len(compact) // 2


def is_byline(line: str) -> bool:
    """A byline line of its own; a box label (`■ 数据`) looks like a marked name but is not one."""
    compact = line.replace(" ", "")
    if _source_or_supplied(compact):
        return True  # `来源：新华社`, `（图片由…提供）`: credited like a byline
    return bylines.is_byline_line(line) and not P.BOX_LABEL.match(compact)


def _source_or_supplied(compact: str) -> bool:
    """`来源：新华社` or `（图片由…提供）` (spaces taken out). Each pattern holds its word (来源,
    提供): a line without the word, as nearly every line is, is not matched at all."""
    return ("来源" in compact and bool(P.SOURCE_LINE.match(compact))) or \
        ("提供" in compact and bool(P.SUPPLIED_LINE.match(compact)))


#: what a line matched by `CLOSING` or `FIGURE_END` may end on, besides a digit or a space: both
#: are anchored at the line's end (a phone number, a date's `日`, a figure with its percent sign)
_FIGURE_ENDS = "日-－%％‰"


def line_finishes(line: str, memo: LineMemo | None = None) -> bool:
    """Does this line close what came before it (so a heading may follow)? A finished sentence
    (a trailing jump marker aside), a credit, a notice's closing, a byline, a list item.
    With the page's `memo`, the credit and byline answers come from it.

    The patterns anchored at the line's end are tried only on a line whose last character one
    of them can end on: most lines are prose cut at the column edge, on a Chinese character."""
    if line.rstrip()[-1:] in "）)":  # a trailing jump marker ends on a bracket
        line = P.JUMP_AT_END.sub("", line)
    if ends_sentence(line):
        return True
    credit = memo.split_credit(line) if memo is not None else bylines.split_credit(line)
    if credit[1] or (memo.is_byline(line) if memo is not None else is_byline(line)):
        return True
    end = line[-1:]
    if (end.isdecimal() or end.isspace() or end in _FIGURE_ENDS) and (P.CLOSING.search(line) or P.FIGURE_END.search(line)):
        return True
    stripped = line.strip()
    if stripped[-1:] in "）)" and (P.AUTHOR_NOTE_CLOSE.match(stripped) or P.SIGNOFF_TAIL.match(stripped)):
        return True
    return (bool(P.BULLET_ITEM.match(line)) or bool(P.AUTHOR_NOTE.match(line.replace(" ", "")))
            or (line[:1] in P.BULLETS and line[-1:] not in P.CONTINUES))  # the last item of a list


def furniture_rule(line: str, near_edge: bool, options: SplitOptions = DEFAULT) -> str:
    """The name of the furniture rule a line matches, or "": page furniture is printed on every
    page (dates, editors, mastheads, page numbers, rules) and belongs to no article."""
    return furniture_rules(line, options)[0 if near_edge else 1]


def furniture_rules(line: str, options: SplitOptions = DEFAULT) -> tuple[str, str]:
    """(the furniture rule a line matches at the page edge, the one it matches inside the page).

    The rules are tried in one order; some (hotline, masthead, page number, page name) hold only
    near the page edge. One walk gives both answers, so a line is matched once, not twice.

    Most lines of a page are prose with a `，` or a `。`. Of the furniture shapes only a page note,
    an imprint, an editor line, a hotline and a masthead may hold one; the others (rule lines,
    dates, page numbers and names, section labels, stray numbers) are made of names, figures and
    marks, so prose skips them (a date line with sentence punctuation is prose by its rule)."""
    if len(line) > options.furniture_max_chars:
        return "", ""
    prose = "，" in line or "。" in line
    if not prose and P.RULE_LINE.match(line) and "…" not in line:
        return "rule_line", "rule_line"
    if line.startswith("本版"):
        return "page_note", "page_note"
    if P.IMPRINT_HINT.search(line) and P.IMPRINT.search(line):
        return "imprint", "imprint"
    if len(line) <= options.editor_line_max_chars and P.EDITOR_HINT.search(line) and P.EDITOR.search(line):
        return "editor_line", "editor_line"
    if not prose and P.DATE_LINE.search(line):
        return "date_line", "date_line"
    # a hotline's label ends on a colon
    edge = "hotline" if ("：" in line or ":" in line) and P.HOTLINE.match(line.replace(" ", "")) else ""
    if not edge and P.MASTHEAD.match(line):
        edge = "masthead"
    if prose:
        return edge, ""
    compact = _drop_separators(line)
    if not edge and (P.PAGE_NO.match(compact) or P.LATIN_MASTHEAD.match(line)):
        edge = "page_number"
    if P.SECTION.match(compact.strip("【】[]")):
        return edge or "section_label", "section_label"
    if not edge and len(compact) >= 2:
        # every page-number token holds a digit and is short: taking them out of a line with few
        # digits leaves more than a page name's length, and one without digits stays as it is
        digits = len(_DIGIT.findall(compact))
        if len(compact) - P.PAGE_NUMBER_TOKEN_MAX * digits <= options.page_name_max_chars:
            name = P.PAGE_NUMBER_TOKEN.sub("", compact) if digits else compact
            if 2 <= len(name) <= options.page_name_max_chars and P.PAGE_NAME.match(name):
                edge = "page_name"
    if P.STRAY_NUMBER.match(line):
        return edge or "stray_number", "stray_number"
    return edge, ""


def _drop_separators(line: str) -> str:
    """The line without the separators printed between page names and numbers (`A2 | 要闻`).
    (`str.replace` per separator is several times cheaper than `str.translate` with a table.)"""
    for mark in _SEPARATORS:
        if mark in line:
            line = line.replace(mark, "")
    return line


# -- one page's memo ---------------------------------------------------------------------------
# The stages ask the same questions of the same line (is it a byline? does it end on a credit?
# is it shaped like a headline? does it close what came before?) several times each, from
# different rules. Each answer depends on the line's text alone (and the page's options), so it
# is computed once per distinct text of the page and looked up after that. The memo lives in the
# page's `Ctx` and goes with it: nothing is kept from one page to the next.

class LineMemo:
    """Answers per distinct line text, for one page and its options.

    Each method looks its table up itself (`dict.get`; no answer is None) rather than through a
    shared helper: the stages ask about 1,300 questions per page, most of them already
    answered, and a second Python call per question was a good part of their cost. A
    `try: table[line]` would be as cheap for an answer found but costs a raised `KeyError` for
    every line asked about the first time, which the facts stage does for each line."""

    __slots__ = ("options", "credit", "opener", "byline", "byline_line", "shape", "finish", "widths", "later")

    def __init__(self, options: SplitOptions = DEFAULT) -> None:
        self.options = options
        self.credit: dict[str, tuple[str, str]] = {}
        self.opener: dict[str, tuple[str, str]] = {}
        self.byline: dict[str, bool] = {}
        self.byline_line: dict[str, bool] = {}
        self.shape: dict[str, bool] = {}
        self.finish: dict[str, bool] = {}
        self.widths: dict[str, float] = {}
        self.later: dict[str, dict] = {}

    def later_facts(self, text: str) -> dict:
        """`_later_facts(text)` with this page's options: the facts only a tagger reads."""
        value = self.later.get(text)
        if value is None:
            value = self.later[text] = _later_facts(text, self.options, self)
        return value

    def split_credit(self, line: str) -> tuple[str, str]:
        """`bylines.split_credit(line)`."""
        value = self.credit.get(line)
        if value is None:
            value = self.credit[line] = bylines.split_credit(line)
        return value

    def split_opener(self, line: str) -> tuple[str, str]:
        """`bylines.split_opener(line)`."""
        value = self.opener.get(line)
        if value is None:
            value = self.opener[line] = bylines.split_opener(line)
        return value

    def is_byline(self, line: str) -> bool:
        """`is_byline(line)`: a byline line of its own, box labels aside."""
        value = self.byline.get(line)
        if value is None:
            value = self.byline[line] = is_byline(line)
        return value

    def is_byline_line(self, line: str) -> bool:
        """`bylines.is_byline_line(line)`."""
        value = self.byline_line.get(line)
        if value is None:
            value = self.byline_line[line] = bylines.is_byline_line(line)
        return value

    def heading_shape(self, line: str) -> bool:
        """`heading_shape(line, options)` with this page's options."""
        value = self.shape.get(line)
        if value is None:
            value = self.shape[line] = heading_shape(line, self.options)
        return value

    def finishes(self, line: str) -> bool:
        """`line_finishes(line)`."""
        value = self.finish.get(line)
        if value is None:
            value = self.finish[line] = line_finishes(line, self)
        return value

    def width(self, line: str) -> float:
        """`normalize.width(line)`."""
        value = self.widths.get(line)
        if value is None:
            value = self.widths[line] = width(line)
        return value


def _column_widths(widths: list[float], options: SplitOptions) -> list[float]:
    """Local column width per line: a high percentile of the widths in a window around it.

    A sliding sorted window keeps this linear in the page (the window has a fixed size)."""
    k = options.column_window
    out: list[float] = []
    window: list[float] = []
    lo = hi = 0  # window covers widths[lo:hi]
    for i in range(len(widths)):
        while hi < len(widths) and hi <= i + k:
            bisect.insort(window, widths[hi])
            hi += 1
        while lo < i - k:
            del window[bisect.bisect_left(window, widths[lo])]
            lo += 1
        out.append(window[min(len(window) - 1, int(len(window) * options.column_percentile))])
    return out


def author_note_positions(texts: Sequence[str]) -> set[int]:
    """Positions of author-note lines: a whole note, or an open one and the line closing it."""
    out: set[int] = set()
    for pos, text in enumerate(texts):
        if "作" not in text:
            continue  # every author note, whole or open, holds `作者` (nearly no line does)
        compact = text.replace(" ", "")
        if P.AUTHOR_NOTE_OPEN.match(compact) and pos + 1 < len(texts) and \
                P.AUTHOR_NOTE_CLOSE.match(texts[pos + 1].replace(" ", "")):
            out.update((pos, pos + 1))
        elif P.AUTHOR_NOTE.match(compact):
            out.add(pos)
    return out


#: the facts of a line's text that only a tagger reads (`LineFacts.features()`): `parse_page`
#: leaves them out and `LineFacts.__getattr__` fills them in when one is first read
_LATER_FIELDS = frozenset((
    "chars", "ends_continuing", "ends_question", "commas", "full_stops", "latin", "has_percent", "has_quote",
    "has_colon", "starts_dash", "heading_shape", "photo_credit", "notice_heading", "region_label", "column_label",
    "box_label", "source_line", "qa_turn", "date_lead", "brief_lead", "bullet_lead", "contact_line", "bare_date",
    "closing", "ad_words",
))


def _rule_facts(text: str, options: SplitOptions, memo: LineMemo) -> dict:
    """The facts of a line's text alone (not of its place on the page) that the rules read."""
    compact = text.replace(" ", "")
    # is_byline(text), from the matches made here anyway
    byline_line = memo.byline[text] = _source_or_supplied(compact) \
        or memo.is_byline_line(text) and not P.BOX_LABEL.match(compact)
    plain = dict(
        ends_sentence=ends_sentence(text),
        digits=len(_DIGIT.findall(compact)),
        byline_line=byline_line,
        opener=memo.split_opener(text)[0],
        open_opener=bool(bylines.OPEN_OPENER.match(text)),
        credit=memo.split_credit(text)[1],
        jump=bool(P.JUMP.match(compact)),
    )
    # furniture depends on the line's place only through whether it is near the page edge
    edge, inner = furniture_rules(text, options)
    return {"plain": plain, "furniture_edge": edge, "furniture_inner": inner}


def _later_facts(text: str, options: SplitOptions, memo: LineMemo) -> dict:
    """The facts of a line's text alone that only a tagger reads (`_LATER_FIELDS`)."""
    compact = text.replace(" ", "")
    credit = memo.split_credit(text)[1]
    stripped = text.rstrip().rstrip(P.CLOSERS)
    shape = memo.heading_shape(text)
    return dict(
        chars=len(compact),
        ends_continuing=text[-1] in P.CONTINUES,
        ends_question=stripped[-1:] in P.HEADLINE_END_OK,
        commas=text.count("，") + text.count(","),
        full_stops=text.count("。"),
        latin=len(_LATIN.findall(compact)),
        has_percent="%" in text,
        has_quote=bool(_QUOTE.search(text)),
        has_colon="：" in text or ":" in text,
        starts_dash=text.startswith(P.SUBTITLE_DASH),
        heading_shape=shape,
        photo_credit=bool(credit) and bylines.is_photo_credit(credit),
        notice_heading=len(compact) <= options.notice_heading_max_chars and bool(P.NOTICE.search(compact)) and shape,
        region_label=bool(P.REGION.match(compact)),
        column_label=bool(P.COLUMN_KICKER.match(compact)),
        box_label=bool(P.BOX_LABEL.match(compact)),
        source_line=bool(P.SOURCE_LINE.match(compact)),
        qa_turn=bool(P.QA_TURN.match(compact)),
        date_lead=bool(P.DATE_LEAD.match(compact)),
        brief_lead=bool(P.BRIEF_LEAD.match(compact)),
        bullet_lead=bool(P.BULLET.match(text)),
        contact_line=bool(P.CONTACT_LINE.search(text)),
        bare_date=bool(P.BARE_DATE.match(text)),
        closing=bool(P.CLOSING.search(text)),
        ad_words=len(P.AD.findall(text)),
    )


def _complete(fact: LineFacts) -> None:
    """Set the facts only a tagger reads, from the memo the facts stage left (if not yet set)."""
    memo = fact.__dict__.pop("_later", None)
    if memo is not None:
        fact.__dict__.update(memo.later_facts(fact.__dict__["text"]))


def line_facts(lines: Sequence[str], options: SplitOptions = DEFAULT,
               layouts: Sequence[Layout] | None = None) -> list[LineFacts]:
    """Facts for every non-blank line of a page, in order.

    `lines` are the page's lines, normalised (`normalize.split_lines`); blank lines count for
    `blank_before`/`blank_after` and are otherwise skipped. `layouts`, when given, has one entry
    per line of `lines`.
    """
    mended = [mend_punctuation(unspace_letters(line)) for line in lines]
    facts = page_facts(lines, mended, options, layouts, LineMemo(options))
    for fact in facts:
        _complete(fact)  # a caller of the public API gets every field set
    return facts


def page_facts(lines: Sequence[str], mended: Sequence[str], options: SplitOptions,
               layouts: Sequence[Layout] | None, memo: LineMemo) -> list[LineFacts]:
    """`line_facts`, given each line's decision text (`mend_punctuation(unspace_letters(line))`,
    which the page's `Ctx` keeps too) and the page's memo, which this fills on the way.

    The facts only a tagger reads (`_LATER_FIELDS`) are left for `LineFacts.__getattr__` to
    fill in from the memo when first read: the rules never read them."""
    nonblank = [i for i, line in enumerate(lines) if line]
    texts = [mended[i] for i in nonblank]
    widths = [memo.width(t) for t in texts]
    cols = _column_widths(widths, options)
    n = len(nonblank)
    notes = author_note_positions(texts)
    out: list[LineFacts] = []
    known: dict[str, dict] = {}  # facts of a line's text alone, computed once per distinct text
    for pos, (i, text) in enumerate(zip(nonblank, texts, strict=True)):
        raw = lines[i]
        own = known.get(text)
        if own is None:
            own = known[text] = _rule_facts(text, options, memo)
        near_edge = pos < options.edge_lines or n - 1 - pos < options.edge_lines
        # `LineFacts(**own, index=i, ...)` without the frozen dataclass's per-field `__setattr__`
        # and without a call's keyword dict (most of the cost of a page's facts): every field is
        # set here, or left to `_later` (a test checks the result equals the constructor's)
        fact = object.__new__(LineFacts)
        state = fact.__dict__
        state.update(own["plain"])
        state["index"] = i
        state["text"] = text
        state["raw"] = raw
        state["position"] = pos
        state["n_lines"] = n
        state["width"] = widths[pos]
        state["column_width"] = cols[pos]
        state["blank_before"] = i == 0 or not lines[i - 1]
        state["blank_after"] = i + 1 >= len(lines) or not lines[i + 1]
        state["letter_spaced"] = text != raw and bool(P.SPACED_CJK.search(raw))
        state["furniture"] = own["furniture_edge"] if near_edge else own["furniture_inner"]
        state["author_note"] = pos in notes
        state["layout"] = layouts[i] if layouts is not None else _NO_LAYOUT
        state["_later"] = memo  # the facts only a tagger reads come later, from this memo (`__getattr__`)
        out.append(fact)
    return out
