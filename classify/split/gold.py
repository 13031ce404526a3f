"""Gold line roles, derived from a gold page's article fields.

Gold pages (`tests/pages/*.gold.json`) give each article's title, kicker, byline and body as
text, not per line. The role of a raw line is read back from which field its text falls in:

1. a jump marker (`（下转第3版）`) is `jump`;
2. a line whose text is inside a gold title is `title`, or `subtitle` when it is inside the part
   after `——`;
3. inside a gold kicker: `kicker` for a region or column label, else `pretitle`;
4. inside a gold byline (a byline line of its own): `byline`, or `credit` for a photo credit
   or a bracketed sign-off (`roles.byline_role`);
5. inside a gold body, once openers and trailing credits are cut off: `body`, or `caption` when
   the article is a caption, or `subheading` when the line is a whole body paragraph shaped
   like a heading;
6. anything else is `furniture`, or "" (unknown) when the gold lacks `kicker` or `byline`
   fields (as `data/samples/labels.jsonl` does), since such a line may be either; there a short
   label-shaped line found only inside a body is unknown too (it may be an unrecorded kicker).

Texts are compared as `evaluate._canon` does (normalised, letter spacing and spaces removed).
Titles are tried before bodies, since a headline's words usually recur in its story. Lines of
one character are too ambiguous to place by text and are read as their neighbours' role when the
two agree, else as `body` when they are inside some body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import bylines
from ..normalize import normalize_line, unspace_letters
from . import _patterns as P
from .facts import ends_sentence, heading_shape
from .roles import byline_role, kicker_role

_WS = re.compile(r"\s+")


def _canon(text: str) -> str:
    return _WS.sub("", "".join(unspace_letters(normalize_line(line)) for line in text.split("\n")))


def gold_roles(lines: Sequence[str], articles: Sequence[dict]) -> list[str]:
    """One role per non-blank line of `lines` (normalised page lines), in order ("" where the
    gold cannot tell)."""
    fields = []
    for a in articles:
        title = a.get("title", "")
        main, _, sub = title.partition("——")
        body = a.get("body", "")
        paragraphs = [_canon(p) for p in body.split("\n") if _canon(p)]
        fields.append({
            "main": _canon(main), "sub": _canon(sub), "kicker": _canon(a.get("kicker", "")),
            "byline": _canon(a.get("byline", "")), "body": _canon(body),
            # the last two paragraphs may be a notice's signature and date, never sub-headings
            "inner": set(paragraphs[:-2]), "caption": a.get("kind") == "caption",
        })
    complete = all("kicker" in a and "byline" in a for a in articles)
    roles: list[str] = []
    prev_title = True  # the line before is a title line or a blank line
    for n, line in enumerate(lines):
        if not line:
            prev_title = True
            continue
        role = _role_of(line, fields, prev_title)
        if not complete and (role == "furniture" or role == "body" and _label_shaped(line)):
            role = ""  # without kicker and byline fields the gold cannot place these
        roles.append(role)
        prev_title = role in ("title", "subtitle")
        del n
    return roles


def _role_of(line: str, fields: list[dict], prev_title: bool) -> str:
    text = unspace_letters(line)
    c = _canon(text)
    if P.JUMP.match(c):
        return "jump"
    if P.STRAY_NUMBER.match(c):
        return "furniture"  # a page number, wherever it is printed
    # exact matches first: a line that is a whole kicker, title or byline
    for f in fields:
        if c == f["kicker"]:
            return kicker_role(text)
        if c == f["main"]:
            return "title"
        if c.lstrip("—-") and c.lstrip("—-") == f["sub"]:
            return "subtitle"
    if bylines.OPEN_OPENER.match(text) or bylines.split_opener(text)[0]:
        return "caption" if _owner_is_caption(text, fields) else "body"  # a body's first line
    rest = bylines.split_credit(bylines.split_opener(text)[1])[0]
    rest = P.JUMP_AT_END.sub("", P.JUMP_AT_START.sub("", rest))
    m = P.SIGNOFF_HEAD.search(rest)
    if m:
        rest = rest[: m.start() + 1]
    r = _canon(rest).lstrip(P.BULLETS)
    in_body = [f for f in fields if r and r in f["body"]]
    closed, after = bylines.close_opener(rest)
    if closed and not in_body:
        if not _canon(after):
            return "body"  # the rest of an opener broken over two lines
        r = _canon(after)
        in_body = [f for f in fields if r and r in f["body"]]
    in_title = any(c and c in f["main"] for f in fields)
    if in_title and (not in_body or prev_title):
        return "title"
    if not in_body:
        for f in fields:
            if c and c.lstrip("—-") and c.lstrip("—-") in f["sub"]:
                return "subtitle"
        for f in fields:
            if c and c in f["kicker"]:
                return kicker_role(text)
    if in_body:
        f = in_body[0]
        if f["caption"]:
            return "caption"
        shaped = heading_shape(text) and (not ends_sentence(text) or text.rstrip(P.CLOSERS)[-1:] in "？！?!") \
            and not P.QA_TURN.match(c) and "：" not in c  # interview turns and list lines are text
        return "subheading" if r in f["inner"] and shaped else "body"
    cred = _canon(bylines.clean_byline(text)).strip("（）()")
    for f in fields:
        if cred and cred in f["byline"]:
            return byline_role(text)
    if P.SIGNOFF_TAIL.match(c):
        return "byline"
    return "furniture"


def _label_shaped(line: str) -> bool:
    compact = _canon(line)
    return len(compact) <= 8 and heading_shape(line)  # labels (`东昌府区`, `记者手记`) are a few characters


def _owner_is_caption(text: str, fields: list[dict]) -> bool:
    rest = _canon(bylines.split_opener(text)[1])
    return any(rest and rest in f["body"] and f["caption"] for f in fields)
