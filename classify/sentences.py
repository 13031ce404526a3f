"""Split article text into sentences for abstracts.

Chinese sentences end on 。！？；…; a comma never ends one. Closing quotes and brackets belong to
the sentence they close (`…很满意！”`), a paragraph end always ends a sentence, and a tail with no
end punctuation is kept as a sentence of its own rather than dropped. An ASCII full stop ends a
sentence only before a space or the paragraph end and not after a digit, so numbers are safe
(`3.6亿元`) and English text still splits.

Text with no end marks at all (a scraped run of clauses) would otherwise be one enormous
"sentence"; past `MAX_SENTENCE` characters it is cut at the next comma instead, the only place
where a comma ends a piece.
"""

from __future__ import annotations

_END = "。！？；…!?;"
_CLOSE = "”’」』）)》】〉\"'"
_SOFT = "，,、："
MAX_SENTENCE = 300


def _ends_at(p: str, i: int) -> bool:
    ch = p[i]
    if ch in _END:
        return True
    return ch == "." and (i + 1 == len(p) or p[i + 1].isspace()) and i > 0 and not p[i - 1].isdigit()


def _pieces(paragraph: str) -> list[str]:
    out: list[str] = []
    start = i = 0
    n = len(paragraph)
    while i < n:
        if _ends_at(paragraph, i):
            j = i + 1
            while j < n and (paragraph[j] in _END or paragraph[j] in _CLOSE or paragraph[j] == "."):
                j += 1
            out.append(paragraph[start:j])
            start = i = j
            continue
        if i - start >= MAX_SENTENCE and paragraph[i] in _SOFT:
            out.append(paragraph[start:i + 1])
            start = i + 1
        i += 1
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
