"""Stage 4: cut the blocks into article bodies, with heading groups between them.

A body ends at strong signals only: an opener (`本报讯（记者 …）`), a trailing credit, a
standalone byline, a bullet item, a heading group that is clearly a title, or an untitled item
(a brief, a caption) whose vocabulary differs from the story before it. A heading between two
stretches of one story without such a signal is a sub-heading and stays in the body.

Linear: the segment being built keeps its text lines and bigram counts as it grows, and every
look-ahead is precomputed right to left once.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import bylines
from . import _patterns as P
from ._types import Block, Ctx, Group, Segment
from .blocks import Blocks, is_adlike, is_author_note, large_font
from .facts import ends_sentence
from .options import SplitOptions


def _bigrams(lines: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in lines:
        for run in P.HAN.findall(line):
            for k in range(len(run) - 1):
                out[run[k:k + 2]] = out.get(run[k:k + 2], 0) + 1
    return out


def cosine(ga: dict[str, int], gb: dict[str, int]) -> float:
    """Cosine similarity of two bigram count maps."""
    if len(ga) > len(gb):
        ga, gb = gb, ga
    dot = sum(v * gb.get(k, 0) for k, v in ga.items())
    norm = (sum(v * v for v in ga.values()) * sum(v * v for v in gb.values())) ** 0.5
    return dot / norm if norm else 0.0


@dataclass
class _Open:
    """A segment being built (private to `cut_segments`)."""

    items: list = field(default_factory=list)
    text: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    counted: int = 0  # text lines already in `counts`
    title: Group | None = None

    def add(self, ctx: Ctx, item: Block | Group) -> None:
        self.items.append(item)
        if isinstance(item, Block) and item.kind == "text":
            self.text.extend(item.lines)

    def grams(self, ctx: Ctx) -> dict[str, int]:
        """Bigram counts of the text so far, brought up to date lazily (each line counted once)."""
        if self.counted < len(self.text):
            for gram, v in _bigrams([ctx.lines[i] for i in self.text[self.counted:]]).items():
                self.counts[gram] = self.counts.get(gram, 0) + v
            self.counted = len(self.text)
        return self.counts

    def freeze(self) -> Segment:
        return Segment(tuple(self.items), self.title)


@dataclass(frozen=True)
class Segments:
    """Segments and the heading groups between them, in page order."""

    seq: tuple[Segment | Group, ...]
    forced: frozenset[int]  # heading lines that always title what follows (notices, ads)
    notes: dict


def cut_segments(ctx: Ctx, blocks: Blocks) -> Segments:
    """Cut the items into article bodies, with title groups between them."""
    items = blocks.items
    notes: dict[int, str] = {}
    forced = set(blocks.forced) | ad_headings(ctx, items)
    next_text = _next_text_index(items)
    jumps_out = sorted(i for i in blocks.jumps if not P.JUMP_BACK.search(ctx.lines[i]))
    run_end = _run_ends(ctx, items)
    seq: list[_Open | Group] = []
    floats: list[_Open] = []  # captions set inside a story, placed after it

    def land() -> None:
        seq.extend(floats)
        floats.clear()

    for n, item in enumerate(items):
        if isinstance(item, Group):
            land()
            prev = seq[-1] if seq and isinstance(seq[-1], _Open) else None
            if prev is not None and all(i in blocks.subheadings for i in item.lines):
                prev.add(ctx, item)  # the tagger's sub-heading
                continue
            if prev is not None and next_text[n] is not None and not is_title(ctx, item, prev, items, n, forced):
                prev.add(ctx, item)  # a sub-heading inside a story
                for i in item.lines:
                    notes[i] = "segments.subheading_no_edge_signal"
                continue
            units = headline_units(ctx, item, forced)
            if len(units) > 1 and seq and isinstance(seq[-1], _Open) and seq[-1].title is None:
                # two headline groups printed back to back: the first closes the story above
                seq[-1].title = Group(tuple(b for u in units[:-1] for b in u))
                for i in seq[-1].title.lines:
                    notes[i] = "segments.back_to_back_headlines"
                item = Group(tuple(units[-1]))
            if seq and isinstance(seq[-1], Group) and is_forced_right(ctx, item, forced):
                # the heading above a notice's own heading closes the story before it
                before = seq.pop()
                assert isinstance(before, Group)
                if seq and isinstance(seq[-1], _Open) and seq[-1].title is None:
                    seq[-1].title = before
                elif seq and isinstance(seq[-1], _Open):
                    seq[-1].add(ctx, before)
                else:
                    item = Group(before.blocks + item.blocks)
                seq.append(item)
            elif seq and isinstance(seq[-1], Group) and len(seq) > 1 and isinstance(seq[-2], _Open) \
                    and seq[-2].title is None and seq[-2].text:
                # two headings kept apart (by furniture between them): the first closes the story above
                closing = seq.pop()
                story = seq[-1]
                assert isinstance(closing, Group) and isinstance(story, _Open)
                story.title = closing
                for i in closing.lines:
                    notes[i] = "segments.heading_apart_closes_story"
                seq.append(item)
            elif seq and isinstance(seq[-1], Group):
                seq[-1] = Group(seq[-1].blocks + item.blocks)
            else:
                seq.append(item)
            continue
        cur = seq[-1] if seq and isinstance(seq[-1], _Open) else None
        if cur is not None and cur.text and is_author_signoff(ctx, item):
            cur.add(ctx, item)  # a commentary's author note, set apart below it, signs it off
            notes[item.lines[0]] = "segments.author_note_signs_off"
            continue
        if cur is not None and cur.text and byline_signs_off(ctx, items, n):
            cur.add(ctx, item)
            notes[item.lines[0]] = "segments.byline_before_heading_signs_off"
            continue
        if cur is not None and cur.text and is_floating_caption(ctx, items, n):
            caption = _Open()
            assert isinstance(item, Block)
            head = photo_headline(ctx, item)
            if head:
                caption.title = Group(((item.lines[0],),))  # `脐橙挂满枝 果农采摘忙` / `11月16日，…`
                item = Block("text", item.lines[1:])
            caption.add(ctx, item)
            floats.append(caption)  # the story goes on around its photo
            notes[item.lines[0]] = "segments.caption_inside_story"
            continue
        rule = "" if cur is None else (after_jump_out(ctx, item, cur, jumps_out) or starts_article(ctx, item, cur)
                                       or topic_break(ctx, items, n, cur, run_end))
        if cur is None or rule:
            land()
            new = _Open()
            new.add(ctx, item)
            seq.append(new)
            if rule:
                notes[item.lines[0]] = rule
        else:
            cur.add(ctx, item)
    land()
    return Segments(tuple(s.freeze() if isinstance(s, _Open) else s for s in seq), frozenset(forced), notes)


def photo_headline(ctx: Ctx, block: Block) -> bool:
    """A caption's own headline on its first line: short, headline-shaped, a dated caption under it."""
    if len(block.lines) < 3:
        return False
    first, second = ctx.lines[block.lines[0]], ctx.lines[block.lines[1]]
    return ctx.memo.heading_shape(first) and "，" not in first and bool(P.BRIEF_LEAD.match(second.replace(" ", "")))


def is_floating_caption(ctx: Ctx, items: Sequence[Block | Group], n: int) -> bool:
    """A photo caption set inside a story: a short block of its own that ends on a photo credit
    (`本报记者 向阳 摄`), with more text of the story after it. It is an item of its own; the
    story continues after it."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    item = items[n]
    if not (isinstance(item, Block) and item.kind == "text") or len(item.lines) > options.caption_credit_max_lines:
        return False
    nxt = items[n + 1] if n + 1 < len(items) else None
    if not (isinstance(nxt, Block) and nxt.kind == "text"):
        return False  # at a story's end a caption is simply the next item
    first, last = ctx.lines[item.lines[0]], ctx.lines[item.lines[-1]]
    if ctx.memo.split_opener(first)[0]:
        return False  # an item with an opener is a brief of its own
    credit = ctx.memo.split_credit(last)[1] or (last if ctx.memo.is_byline(last) else "")
    return bool(credit) and ("摄" in credit or bool(P.SUPPLIED_LINE.match(credit.replace(" ", ""))))


def _next_text_index(items: Sequence[Block | Group]) -> list[int | None]:
    """For each item, the index of the next `Block` after it (None if none)."""
    out: list[int | None] = [None] * len(items)
    nxt: int | None = None
    for n in range(len(items) - 1, -1, -1):
        out[n] = nxt
        if isinstance(items[n], Block):
            nxt = n
    return out


def ad_headings(ctx: Ctx, items: Sequence[Block | Group]) -> set[int]:
    """The last heading above ad copy is the ad's own title: it always takes what follows."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    out: set[int] = set()
    run: list[str] = []  # text of the text blocks after the current position, up to a non-text item
    for n in range(len(items) - 1, -1, -1):
        item = items[n]
        if isinstance(item, Group):
            if is_adlike(run, options):
                out.add(item.blocks[-1][0])
            run = []
        elif item.kind != "text":
            run = []
        else:
            run = ([ctx.lines[i] for i in item.lines] + run)[: options.ad_window_lines]
    return out


def _run_ends(ctx: Ctx, items: Sequence[Block | Group]) -> list[int]:
    """For each text block n, the last block of the untitled-item run that starts at n: the run
    extends over text blocks until one ends on a credit, or the next opens like a new item."""
    out = list(range(len(items)))
    for n in range(len(items) - 2, -1, -1):
        item, nxt = items[n], items[n + 1]
        if not (isinstance(item, Block) and item.kind == "text"):
            continue
        if ctx.memo.split_credit(ctx.lines[item.lines[-1]])[1]:
            continue
        if not (isinstance(nxt, Block) and nxt.kind == "text"):
            continue
        first = ctx.lines[nxt.lines[0]]
        if ctx.memo.split_opener(first)[0] or P.BRIEF_LEAD.match(first.replace(" ", "")):
            continue
        out[n] = out[n + 1]
    return out


def headline_units(ctx: Ctx, group: Group, forced: set[int]) -> list[list[tuple[int, ...]]]:
    """Cut a run of heading blocks into headline units (kicker?, main, subtitle?).

    A region or column kicker (`溱北区`, `记者手记`) binds to the block after it and a `——`
    subtitle to the block before it; such a unit is complete. A notice's or ad's heading
    always starts a unit. Of the plain blocks left, two are one unit (kicker and main, as
    most pages print them); three are two units, cut so that the kicker is the shorter line.
    """
    def text(block: tuple[int, ...]) -> str:
        return "".join(ctx.lines[i] for i in block).replace(" ", "")

    def is_sub(block: tuple[int, ...]) -> bool:
        return ctx.lines[block[0]].startswith(("——", "—"))

    def is_box(block: tuple[int, ...]) -> bool:
        return len(block) == 1 and bool(P.BOX_LABEL.match(text(block)))

    def is_kicker(block: tuple[int, ...]) -> bool:
        return len(block) == 1 and bool(P.REGION.match(text(block)) or P.COLUMN_KICKER.match(text(block))) \
            or is_box(block)

    atoms: list[tuple[list[tuple[int, ...]], bool]] = []  # (blocks, complete)
    for block in group.blocks:
        if atoms and is_sub(block) or atoms and len(atoms[-1][0]) == 1 and is_kicker(atoms[-1][0][0]) \
                and not atoms[-1][1] and block[0] not in forced:
            atoms[-1] = (atoms[-1][0] + [block], True)
        else:
            has_sub = any(ctx.lines[i].startswith(("——", "—")) for i in block[1:])
            atoms.append(([block], has_sub or block[0] in forced and not is_box(block)))
    units: list[list[tuple[int, ...]]] = []
    plain: list[list[tuple[int, ...]]] = []

    def flush_plain() -> None:
        k = 0
        while k < len(plain):
            if len(plain) - k >= 3:
                size = [len(text(b[0])) for b in plain[k:k + 3]]
                cut = 1 if size[1] < size[2] else 2
            else:
                cut = len(plain) - k
            units.append([b for a in plain[k:k + cut] for b in a])
            k += cut
        plain.clear()

    for blocks, complete in atoms:
        if complete:
            if plain and blocks[0][0] not in forced and len(plain) == 1 and not is_kicker(blocks[0]):
                # a plain line right before a complete headline is its kicker
                units.append([*plain.pop(), *blocks])
                continue
            flush_plain()
            units.append(blocks)
        else:
            plain.append(blocks)
    flush_plain()
    return units


def is_forced_right(ctx: Ctx, group: Group, forced: set[int]) -> bool:
    """A notice's or ad's heading always titles the text after it."""
    if any(i in forced for i in group.lines):
        return True
    return any(P.NOTICE.search(ctx.lines[i].replace(" ", "")) for i in group.blocks[-1])


def is_title(ctx: Ctx, group: Group, prev: _Open, items: Sequence[Block | Group], n: int,
             forced: set[int]) -> bool:
    """A heading between two stretches of text is a title only if an edge signal says so."""
    if len(group.lines) == 1 and P.ORDINAL_HEADING.match(ctx.lines[group.lines[0]].strip()):
        return False  # `四、考试方式`: a numbered section inside a notice or a story
    if len(group.blocks) > 1 or len(group.lines) > 1:
        return True
    line = ctx.lines[group.lines[0]]
    if P.NOTICE.search(line.replace(" ", "")) or any(i in forced for i in group.lines):
        return True
    if large_font(ctx, group.lines):
        return True  # layout evidence: set at headline size, not as a sub-heading of the text
    if prev.text and ctx.memo.split_credit(ctx.lines[prev.text[-1]])[1]:
        return True
    nxt = items[n + 1] if n + 1 < len(items) else None
    if isinstance(nxt, Group):
        return True  # another heading follows (a notice's): this one closes the story above
    if isinstance(nxt, Block):
        if nxt.kind == "byline":
            return True
        first = ctx.lines[nxt.lines[0]]
        if ctx.memo.split_opener(first)[0] or P.TITLE_LEAD.match(first.replace(" ", "")):
            return True
    return title_by_topic_change(ctx, group, prev, items, n)


def title_by_topic_change(ctx: Ctx, group: Group, prev: _Open, items: Sequence[Block | Group], n: int) -> bool:
    """A lone heading between two stretches of text that share almost no vocabulary is a title
    between two stories, even with no opener: a story's sub-headings sit inside one topic.
    Parallel-phrase headings (`一捧泥 祖辈传下的功夫`) are the shape of sub-headings and stay."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    if P.PARALLEL_PHRASES.match(ctx.lines[group.lines[0]].strip()):
        return False
    if len(prev.text) < options.title_topic_min_lines:
        return False
    run: list[str] = []
    for k in range(n + 1, len(items)):
        item = items[k]
        if not isinstance(item, Block) or item.kind != "text" or len(run) >= options.topic_window_lines:
            break
        run.extend(ctx.lines[i] for i in item.lines)
    if len(run) < options.title_topic_min_lines:
        return False
    return cosine(prev.grams(ctx), _bigrams(run[: options.topic_window_lines])) < options.title_topic_similarity


def byline_signs_off(ctx: Ctx, items: Sequence[Block | Group], n: int) -> bool:
    """A byline block after text with a headline (or the page end) right after it cannot lead
    the next story, whose text it does not touch: it signs off the story above."""
    item = items[n]
    if not (isinstance(item, Block) and item.kind == "byline"):
        return False
    last = _last_text_line(items, n)
    if last < 0 or not ends_sentence(ctx.lines[last]):
        return False
    return n + 1 >= len(items) or isinstance(items[n + 1], Group)


def _last_text_line(items: Sequence[Block | Group], n: int) -> int:
    prev = items[n - 1] if n > 0 else None
    if isinstance(prev, Block) and prev.kind == "text":
        return prev.lines[-1]
    return -1


def after_jump_out(ctx: Ctx, block: Block, cur: _Open, jumps_out: Sequence[int]) -> str:
    """`（下转第6版）` after a story: its text on this page is over, even mid-sentence; what
    follows is another item."""
    if not cur.text:
        return ""
    last = cur.text[-1]
    if P.JUMP_AT_END.search(ctx.lines[last]) and not P.JUMP_BACK.search(ctx.lines[last]):
        return "segments.after_jump_out"
    k = bisect.bisect_right(jumps_out, last)
    return "segments.after_jump_out" if k < len(jumps_out) and jumps_out[k] < block.lines[0] else ""


def is_author_signoff(ctx: Ctx, item: Block | Group) -> bool:
    """A byline block that opens with an author note (`（作者单位：…）`)."""
    return isinstance(item, Block) and item.kind == "byline" and \
        is_author_note(ctx, item.lines[0])


def starts_article(ctx: Ctx, block: Block, cur: _Open) -> str:
    """The rule that makes `block` start a new article after `cur`, or ""."""
    if not cur.text:
        return ""  # bylines printed before the body of the same article
    if is_author_signoff(ctx, cur.items[-1]):
        return "segments.after_author_note"
    last_line = ctx.lines[cur.text[-1]]
    rest, credit = ctx.memo.split_credit(last_line)
    if credit and ends_sentence(rest or "。"):
        return "segments.after_credit"
    if ctx.memo.is_byline_line(last_line) and last_line.lstrip()[:1] in "（(":
        return "segments.after_signoff"  # `（杨帆）` on a line of its own signs off the item above
    if len(cur.text) > 1 and P.SIGNOFF_TAIL.match(last_line.strip()) and P.SIGNOFF_HEAD.search(ctx.lines[cur.text[-2]]):
        return "segments.after_signoff"
    if is_author_note(ctx, cur.text[-1]):
        return "segments.after_author_note"
    if block.kind == "byline":
        return "segments.byline_starts"
    first = ctx.lines[block.lines[0]]
    if ctx.memo.split_opener(first)[0]:
        return "segments.opener_starts"
    if P.BULLET_BRIEF.match(first):
        return "segments.bullet_starts"  # (a bullet before a name or a label lists items of one story)
    if P.JUMP_AT_START.match(first) and P.JUMP_BACK.search(first):
        return "segments.continuation_starts"  # `（上接第1版）…`: a story continued from a page before
    return ""


def topic_break(ctx: Ctx, items: Sequence[Block | Group], n: int, cur: _Open, run_end: Sequence[int]) -> str:
    """An untitled item (a brief, a caption) after a finished article, found by a lead phrase or
    a photo credit and confirmed by a change of vocabulary. Returns the rule, or ""."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    block = items[n]
    assert isinstance(block, Block)
    if block.kind != "text" or not cur.text or not ends_sentence(ctx.lines[cur.text[-1]]):
        return ""
    lead = bool(P.BRIEF_LEAD.match(ctx.lines[block.lines[0]].replace(" ", "")))
    end = run_end[n]
    last_block = items[end]
    assert isinstance(last_block, Block)
    last = ctx.lines[last_block.lines[-1]]
    credit = ctx.memo.split_credit(last)[1] or (last if ctx.memo.is_byline_line(last) else "")
    photo = bylines.is_photo_credit(credit)
    if not (lead or photo):
        return ""  # a sign-off alone proves nothing: stories end with one too
    run = [i for k in range(n, end + 1) for i in items[k].lines]  # type: ignore[union-attr]
    if lead and credit and len(run) <= options.brief_signed_max_lines:
        return "segments.signed_brief"  # a dated item that signs off: a brief or a caption
    if cosine(cur.grams(ctx), _bigrams([ctx.lines[i] for i in run])) < options.topic_similarity:
        return "segments.topic_change"
    return ""
