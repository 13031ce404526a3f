"""Split article text into sentences for abstracts.

Chinese sentences end on 。！？；…; a comma never ends one. Closing quotes and brackets belong to
the sentence they close (`…很满意！”`), a paragraph end always ends a sentence, and a tail with no
end punctuation is kept as a sentence of its own rather than dropped. An ASCII full stop ends a
sentence only before a space or the paragraph end and not after a digit, so numbers are safe
(`3.6亿元`) and English text still splits; an ASCII `!` or `?` between Latin letters or digits
belongs to a name (`YES!IC`) and ends nothing.

Text with no end marks at all (a scraped run of clauses) would otherwise be one enormous
"sentence"; past `MAX_SENTENCE` characters it is cut at the next comma instead, the only place
where a comma ends a piece.
"""

from __future__ import annotations

import re

_END = "。！？；…!?;"
_CLOSE = "”’」』）)》】〉\"'"
_SOFT = "，,、："
MAX_SENTENCE = 300
_CANDIDATE = re.compile("[" + re.escape(_END) + ".]")
_SOFT_MARK = re.compile("[" + re.escape(_SOFT) + "]")


def _latin_inside(p: str, i: int) -> bool:
    """An ASCII `!`/`?` between Latin letters or digits is part of a name (`YES!IC`), not an end."""
    return 0 < i < len(p) - 1 and p[i - 1].isascii() and p[i - 1].isalnum() \
        and p[i + 1].isascii() and p[i + 1].isalnum()


def _ends_at(p: str, i: int) -> bool:
    ch = p[i]
    if ch in "!?":
        return not _latin_inside(p, i)
    if ch in _END:
        return True
    return ch == "." and (i + 1 == len(p) or p[i + 1].isspace()) and i > 0 and not p[i - 1].isdigit()


def _pieces(paragraph: str) -> list[str]:
    """Jump from one possible end mark to the next with a regex (the character loop in Python
    was the summarizer's largest single cost); between them, only the rare over-long piece
    needs a look for a soft mark."""
    out: list[str] = []
    start = i = 0
    n = len(paragraph)
    while True:
        m = _CANDIDATE.search(paragraph, i)
        e = m.start() if m else n
        while e - start > MAX_SENTENCE:  # a soft mark at or past start + MAX_SENTENCE ends a piece
            soft = _SOFT_MARK.search(paragraph, max(i, start + MAX_SENTENCE), e)
            if soft is None:
                break
            out.append(paragraph[start:soft.end()])
            start = i = soft.end()
        if m is None:
            break
        if _ends_at(paragraph, e):
            j = e + 1
            while j < n and (paragraph[j] in _END or paragraph[j] in _CLOSE or paragraph[j] == "."):
                j += 1
            out.append(paragraph[start:j])
            start = i = j
        else:
            i = e + 1
    if start < n:
        out.append(paragraph[start:])
    return out


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` in order, stripped, none empty; paragraphs never merge."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        first = len(out)  # sentences before this index belong to earlier paragraphs
        for piece in _pieces(paragraph):
            s = piece.strip()
            if not s:
                continue
            if len(out) > first and not any(ch.isalnum() for ch in s) and out[-1][-1:] in _END + _CLOSE:
                out[-1] += s  # stray closers or marks (`”`) belong to the sentence before
            else:
                out.append(s)
    return out
