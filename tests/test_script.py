"""Traditional-Chinese pages: read through a simplified copy, reported in their own script."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.script import Restorer, _table, is_traditional, to_simplified

ROOT = Path(__file__).resolve().parents[1]


def to_traditional(text: str) -> str:
    """A traditional twin of a simplified page: OpenCC's s2t when installed, else the built-in
    table read backwards (its frequent characters only)."""
    try:
        import opencc
    except ImportError:
        back = {s: t for t, s in _table().items()}
        return "".join(back.get(ch, ch) for ch in text)
    return opencc.OpenCC("s2t").convert(text)


@pytest.fixture(scope="module")
def page() -> str:
    from classify.read import read_text

    return read_text(ROOT / "data" / "samples" / "02_jingji.txt")


def test_detection_tells_the_scripts_apart(page):
    assert not is_traditional(page)
    assert is_traditional(to_traditional(page))
    assert not is_traditional("記者")  # too short to tell


def test_simplified_copy_keeps_positions_and_restores(page):
    trad = to_traditional(page)
    simple = to_simplified(trad)
    assert len(simple) == len(trad) and simple.count("\n") == trad.count("\n")
    restore = Restorer(trad, simple).restore
    line = next(s for s in simple.split("\n") if len(s) > 10)
    assert restore(line) == trad.split("\n")[simple.split("\n").index(line)]


def test_traditional_page_is_labeled_as_its_simplified_twin(default_model, page):
    from classify import Predictor
    from classify.tag import tag_text

    predictor = Predictor.load(default_model)
    simple = tag_text(predictor, page, "s.txt")
    trad_text = to_traditional(page)
    trad = tag_text(predictor, trad_text, "t.txt")
    assert [r["label"] for r in trad] == [r["label"] for r in simple]
    assert all(r["script"] == "traditional" for r in trad)
    assert all("script" not in r for r in simple)
    for s, t in zip(simple, trad, strict=True):
        assert t["title"] == to_traditional(s["title"])  # the record keeps the printed script
        assert t["body"] == to_traditional(s["body"])
        assert t["body"] != s["body"]


def test_share_of_traditional_characters_decides_at_the_threshold():
    # 20 ideographs (the least that say anything) with exactly 2 traditional ones: a tenth
    trad = [ch for ch in _table() if "\u4e00" <= ch <= "\u9fff"][:3]
    simplified = "的一是在不了有和人这中大为上个国我以要他"
    assert is_traditional(trad[0] + trad[1] + simplified[:18])
    assert not is_traditional(trad[0] + simplified[:19])
    assert not is_traditional(trad[0] + trad[1] + simplified[:17])  # 19 ideographs: too few
    assert is_traditional("abc，。" * 5 + trad[0] + trad[1] + simplified[:18])
