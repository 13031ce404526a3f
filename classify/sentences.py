"""Split article text into sentences for abstracts.

Chinese sentences end on 。！？；…; a comma never ends one. Closing quotes and brackets belong to
the sentence they close (`…很满意！”`), a paragraph end always ends a sentence, and a tail with no
end punctuation is kept as a sentence of its own rather than dropped. Numbers are safe because
`.` is not an end mark here (`3.6亿元`).
"""

from __future__ import annotations

import re

_END = "。！？；…!?;"
_CLOSE = "”’」』）)》】〉\"'"
_SENTENCE = re.compile(rf"[^{_END}\n]*(?:[{_END}]+[{_CLOSE}]*)+|[^{_END}\n]+")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` in order, stripped, none empty; paragraphs never merge."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        first = len(out)  # sentences before this index belong to earlier paragraphs
        for m in _SENTENCE.finditer(paragraph):
            s = m.group(0).strip()
            if not s:
                continue
            if len(out) > first and not any(ch.isalnum() for ch in s) and out[-1][-1:] in _END + _CLOSE:
                out[-1] += s  # stray closers or marks (`”`) belong to the sentence before
            else:
                out.append(s)
    return out
