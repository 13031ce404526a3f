"""Keywords an editor accepts: no function words, pronouns, bare reporting verbs or numbers.

TextRank ranks words by how central they are, and words like `不会`, `接到` or `三天` are
central in any news text. This filter needs no part-of-speech tagger: a word list
(`resources/keyword_stopwords.txt`, on top of the summarizer's stopwords) and a pattern for
tokens that are only a number, a count or an ordinal (`三天`, `二十多名`, `第二场`, `86.4万`).
"""

from __future__ import annotations

import functools
import re

from .base import package_stopwords, read_word_list

_DIGITS = "0-9０-９.．%％〇零一二三四五六七八九十百千万亿两几"
# a number with at most an approximation and one measure word: counts, dates and ordinals
_NUMBERISH = re.compile(
    rf"^(?:第)?[{_DIGITS}]+(?:多|余|来)?(?:个|名|次|天|年|月|日|号|部|家|项|人|元|岁|户|场|批|位|条|件|处|只|种"
    rf"|辆|台|座|间|套|份|届|期|轮|成|倍|周|小时|分钟|万人次|人次|万元|亿元)?$"
)


@functools.lru_cache(maxsize=1)
def editor_stopwords() -> frozenset[str]:
    """The summarizer's stopwords plus the words editors strike from keywords."""
    return package_stopwords() | read_word_list("keyword_stopwords.txt")


def editor_accepts(word: str) -> bool:
    """Would an editor keep this keyword? Not a listed word, not a bare number or count."""
    return len(word) >= 2 and word.lower() not in editor_stopwords() and not _NUMBERISH.match(word)

