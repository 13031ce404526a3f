"""The layout simulator: its gold agrees with its text, it is deterministic, and every
phenomenon shows up at the rate its options say."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from functools import cache

import pytest

from classify import bylines
from classify.evaluate import _canon, evaluate_pages, load_gold
from classify.normalize import normalize_line, unspace_letters
from classify.simulate import ROLE_FIELD, ROLES, SimOptions, main, simulate_pages

N_PAGES = 300


@cache
def _pages(n: int = N_PAGES, seed: int = 20261201):
    return simulate_pages(n, seed)


def _line_canon(line: str) -> str:
    return _canon(unspace_letters(normalize_line(line)))


def test_every_line_has_a_role_and_a_place():
    for page in _pages():
        lines = page.text.rstrip("\n").split("\n")
        assert len(lines) == len(page.roles) == len(page.items)
        for line, role, item in zip(lines, page.roles, page.items, strict=True):
            assert (role is None) == (not line.strip()), (page.name, line, role)
            if role is not None:
                assert role in ROLES
                assert (item is None) == (role == "furniture"), (page.name, line, role)
        furniture = [ln for ln, role in zip(lines, page.roles, strict=True) if role == "furniture"]
        assert furniture == page.gold["furniture"]


def test_heading_and_byline_lines_are_in_their_gold_field():
    """Each title, kicker, byline and jump line is part of the gold field its role names."""
    for page in _pages():
        lines = page.text.rstrip("\n").split("\n")
        for line, role, item in zip(lines, page.roles, page.items, strict=True):
            if role is None or ROLE_FIELD[role] in ("body", "furniture"):
                continue
            gold = page.gold["articles"][item][ROLE_FIELD[role]]
            text = _line_canon(bylines.clean_byline(line) if role in ("byline", "credit") else line)
            text = text.strip("（）()")
            if role == "subtitle":
                text = text.lstrip("—")
            assert text and text in _canon(gold), (page.name, role, line, gold)


def test_body_lines_are_the_gold_body_with_only_an_opener_or_credit_around_it():
    """The body lines of an article, joined, are its gold body, plus at most an opener in front
    (whose bracket is the gold byline) and a credit or sign-off behind (also the byline)."""
    for page in _pages():
        lines = page.text.rstrip("\n").split("\n")
        for k, article in enumerate(page.gold["articles"]):
            own = [ln for ln, role, item in zip(lines, page.roles, page.items, strict=True)
                   if item == k and role is not None and ROLE_FIELD[role] == "body"]
            assert own, (page.name, article["title"])
            joined = _canon("".join(normalize_line(ln) for ln in own))
            body = _canon(article["body"].replace("\n", ""))
            at = joined.find(body)
            assert at >= 0, (page.name, article["title"], joined[:40], body[:40])
            before, after = joined[:at], joined[at + len(body):]
            byline = _canon(article["byline"])
            if before:
                assert re.search(r"(?:讯|电)", before), (page.name, before)
                bracket = re.search(r"[（(](.*)[）)]", before)
                assert bracket is None or bracket.group(1) in byline, (page.name, before, byline)
            if after:
                assert _canon(bylines.clean_byline(after)).strip("（）()") in byline, (page.name, after, byline)
            assert normalize_line(own[0]) == normalize_line(article["first_line"])
            assert normalize_line(own[-1]) == normalize_line(article["last_line"])
            for paragraph in article["body"].split("\n"):
                assert _canon(paragraph) in joined


def test_gold_fields_and_kinds_follow_the_page_conventions():
    for page in _pages():
        for a in page.gold["articles"]:
            assert set(a) >= {"title", "kicker", "byline", "kind", "label", "first_line", "last_line", "body"}
            assert a["kind"] in ("article", "brief", "caption")
            assert a["body"] and "\n\n" not in a["body"]
            if a["kind"] == "brief":
                assert not a["title"]
            if a["kind"] == "article":
                assert a["title"]
            assert a["title"].count("——") <= 1  # 主题——副题


def test_same_seed_same_pages_other_seed_other_pages():
    a, b = simulate_pages(8, 5), simulate_pages(8, 5)
    assert [p.text for p in a] == [p.text for p in b]
    assert [p.gold for p in a] == [p.gold for p in b]
    assert [p.text for p in a] != [p.text for p in simulate_pages(8, 6)]
    assert [p.text for p in simulate_pages(3, 5)] == [p.text for p in a[:3]]


def test_cli_writes_the_same_bytes_twice_and_evaluate_reads_them(tmp_path):
    for out in ("one", "two"):
        assert main(["--pages", "4", "--seed", "9", "--out", str(tmp_path / out)]) == 0
    one = sorted((tmp_path / "one").iterdir())
    assert len(one) == 12
    for path in one:
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()
    assert not list(tmp_path.rglob("*.tmp"))
    assert len(load_gold(tmp_path / "one")) == 4
    roles = json.loads(next((tmp_path / "one").glob("*.roles.json")).read_text(encoding="utf-8"))
    assert set(roles) - {None} <= set(ROLES)
    assert evaluate_pages(tmp_path / "one")["gold_articles"] > 0


def test_cli_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--pages", "0", "--out", str(tmp_path)])
    assert main(["--pages", "1", "--out", str(tmp_path / "x"), "--data", str(tmp_path)]) == 1
    assert "no labeled JSONL" in capsys.readouterr().err


def _rate_names() -> list[str]:
    return [f.name for f in dataclasses.fields(SimOptions) if isinstance(f.default, float)]


@pytest.mark.parametrize("name", _rate_names())
def test_each_phenomenon_appears_at_its_configured_rate(name):
    hits = chances = 0
    for page in _pages():
        h, c = page.decisions.get(name, (0, 0))
        hits += h
        chances += c
    p = getattr(SimOptions(), name)
    assert chances >= 30, f"{name}: only {chances} chances in {N_PAGES} pages"
    sigma = math.sqrt(p * (1 - p) / chances)
    assert abs(hits / chances - p) <= 4.5 * sigma + 1e-9, f"{name}: {hits}/{chances} vs {p}"


def test_rates_change_what_is_printed():
    """The tallies are the output's: rate 0 removes a phenomenon, rate 1 puts it everywhere."""
    none = simulate_pages(30, 3, options=SimOptions(jump_in=0.0, jump_out=0.0, full_width_digits=0.0,
                                                    furniture_top=0.0, furniture_bottom=0.0,
                                                    stray_page_number=0.0))
    assert not any(r in ("jump", "furniture") for p in none for r in p.roles)
    assert not any(re.search("[０-９]", p.text) for p in none)
    full = simulate_pages(10, 3, options=SimOptions(full_width_digits=1.0))
    assert all(re.search("[０-９]", p.text) and not re.search("[0-9]", p.text) for p in full)
    jumps = sum(1 for p in _pages() for r in p.roles if r == "jump")
    tally = sum(p.decisions.get(n, (0, 0))[0] for p in _pages() for n in ("jump_in", "jump_out"))
    assert jumps == tally


def test_headline_shapes_and_forms_cover_the_failure_classes():
    titles = [a["title"] for p in _pages() for a in p.gold["articles"]]
    for pattern in (r"\d", "%|％", "[“”]", "：", "[？！]", "[A-Za-z]", "——"):
        assert any(re.search(pattern, t) for t in titles), pattern
    text = "".join(p.text for p in _pages())
    for form in ("新华社", "中新网", "光明网讯", "人民网", "来源：", "下转", "上接", "摄/光明图片", "文/", "实习记者",
                 "本 报 记 者", "遗失声明", "咨询热线", "【数说】", "时评"):
        assert form in text, form
    roles = {r for p in _pages() for r in p.roles} - {None}
    assert roles == set(ROLES)


def test_column_widths_span_the_range_and_mix_on_one_page():
    def widths(page):
        from classify.normalize import width
        out = {}
        for line, role, item in zip(page.text.split("\n"), page.roles, page.items, strict=False):
            if role == "body":
                out.setdefault(item, []).append(width(line))
        return [max(v) for v in out.values() if len(v) >= 3]

    every = [w for p in _pages() for w in widths(p)]
    assert min(every) <= 11 and max(every) >= 34
    assert any(max(ws) - min(ws) >= 15 for p in _pages() if (ws := widths(p)))
