"""Gold line roles, derived from a gold page's article fields.

Gold pages (`tests/pages/*.gold.json`) give each article's title, kicker, byline and body as
text, not per line. The role of a raw line is read back from which field its text falls in:

1. a jump marker (`（下转第3版）`) is `jump`;
2. a line whose text is inside a gold title is `title`, or `subtitle` when it is inside the part
   after `——`;
3. inside a gold kicker: `kicker` for a region or column label, else `pretitle`;
4. inside a gold byline (a byline line of its own): `byline`, or `credit` for a photo credit;
5. inside a gold body, once openers and trailing credits are cut off: `body`, or `caption` when
   the article is a caption, or `subheading` when the line is a whole body paragraph shaped
   like a heading;
6. anything else is `furniture`.

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
from .facts import heading_shape
from .roles import kicker_role

_WS = re.compile(r"\s+")


def _canon(text: str) -> str:
    return _WS.sub("", "".join(unspace_letters(normalize_line(line)) for line in text.split("\n")))


def gold_roles(lines: Sequence[str], articles: Sequence[dict]) -> list[str]:
    """One role per non-blank line of `lines` (normalised page lines), in order."""
    fields = []
    for a in articles:
        title = a.get("title", "")
        main, _, sub = title.partition("——")
        body = a.get("body", "")
        fields.append({
            "main": _canon(main), "sub": _canon(sub), "kicker": _canon(a.get("kicker", "")),
            "byline": _canon(a.get("byline", "")), "body": _canon(body),
            "paragraphs": {_canon(p) for p in body.split("\n")}, "caption": a.get("kind") == "caption",
        })
    roles: list[str] = []
    for line in lines:
        if not line:
            continue
        roles.append(_role_of(line, fields))
    return roles


def _role_of(line: str, fields: list[dict]) -> str:
    text = unspace_letters(line)
    c = _canon(text)
    if P.JUMP.match(c):
        return "jump"
    for f in fields:
        if c and c in f["main"]:
            return "title"
    for f in fields:
        if c and c.lstrip("—-") and c.lstrip("—-") in f["sub"]:
            return "subtitle"
    for f in fields:
        if c and c in f["kicker"]:
            return kicker_role(text)
    if bylines.OPEN_OPENER.match(text):
        return "byline"  # an opener whose bracket closes on the next line holds no text
    rest = bylines.split_credit(bylines.split_opener(text)[1])[0]
    r = _canon(rest).lstrip(P.BULLETS)
    closed, after = bylines.close_opener(rest)
    if closed and not any(r in f["body"] for f in fields):
        r = _canon(after)  # the rest of an opener broken over two lines
    for f in fields:
        if r and r in f["body"]:
            if f["caption"]:
                return "caption"
            if r in f["paragraphs"] and heading_shape(text) and not r.endswith(tuple(P.TERMINAL)):
                return "subheading"
            return "body"
    cred = _canon(bylines.clean_byline(text)).strip("（）()")
    for f in fields:
        if cred and cred in f["byline"]:
            return "credit" if bylines.is_photo_credit(text) and "记者" not in text[:4] else "byline"
    return "furniture"
