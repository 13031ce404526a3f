"""Digests for people: the HTML page (also in a real browser), the Markdown digest, the CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from classify.digest import digest_items, render_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def issue(sample_issue_records, tmp_path_factory):
    """The sample issue's records, and its HTML digest written by `classify digest`."""
    from classify.cli import main

    html = tmp_path_factory.mktemp("digest") / "issue.html"
    assert main(["digest", str(SAMPLES), "-o", str(html), "--jobs", "1", "-q"]) == 0
    return sample_issue_records, html


def test_html_is_self_contained(issue):
    _, html_path = issue
    html = html_path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<script src" not in html and "<link" not in html
    assert "<svg" in html and "诈骗" in html and 'lang="zh-CN"' in html


def test_html_shows_each_story_once(issue):
    records, html_path = issue
    html = html_path.read_text(encoding="utf-8")
    items = digest_items(records)
    shown = re.findall(r'<article class="item"[^>]*data-key="([^"]+)"', html)
    assert len(shown) == len(set(shown)) == len(items)
    parts = [r for r in records if r["joined"]]
    teasers = [r for r in records if r["teaser_of"]]
    assert parts and teasers
    for r in parts + teasers:
        assert f"{r['source']}#{r['index']}" not in shown
    story = next(it for it in items if len(it.pages) > 1)
    assert story.pages == [1, 3] and story.record["parts"]


def test_html_escapes_text():
    record = {"source": "a.txt", "index": 1, "title": "<script>alert(1)</script>", "label": "other",
              "label_name": "其他", "confidence": 0.5, "uncertain": True, "summary": "a & b", "keywords": ["<k>"],
              "byline": "", "body": "x", "page": 1, "page_name": "要闻", "line_start": 1}
    html = render_html([record])
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html and "待核" in html


def test_english_interface():
    record = {"source": "a.txt", "index": 1, "title": "t", "label": "other", "label_name": "其他",
              "confidence": 0.5, "uncertain": False, "summary": "", "keywords": [], "byline": "", "body": "x",
              "page": 1, "page_name": "", "line_start": 1}
    html = render_html([record], lang="en")
    assert 'lang="en"' in html and "By page" in html and "按版面" not in html


def test_markdown_digest_is_chinese_with_contents(issue):
    from classify.digest import MarkdownWriter

    records, _ = issue
    out = io.StringIO()
    writer = MarkdownWriter(out)
    writer.write(records)
    writer.close()
    md = out.getvalue()
    assert md.startswith("# 版面摘要")
    assert "## 目录（按版面）" in md and "- **第3版 城事·民生**" in md
    assert "关键词：" in md and "置信度" in md and "Keywords" not in md
    assert md.count("我市“一件事一次办”扩至120项") == 2  # once in the contents, once as a story
    assert "第1版、第3版" in md


def _csv(default_model, tmp_path, *extra):
    from classify.cli import main

    path = tmp_path / "issue.csv"
    assert main(["tag", str(SAMPLES / "02_jingji.txt"), "--format", "csv", "-o", str(path), "--jobs", "1",
                 "-q", *extra]) == 0
    return path


def test_csv_score_columns_and_bom(default_model, tmp_path):
    from classify.tag import OPTIONAL_KEYS, RECORD_KEYS

    path = _csv(default_model, tmp_path, "--excel", "--csv-lists", "json")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:len(RECORD_KEYS)] == list(RECORD_KEYS)
    labels = json.loads((ROOT / "models" / "domains.json").read_text(encoding="utf-8"))["labels"]
    assert header[len(RECORD_KEYS):len(RECORD_KEYS) + len(OPTIONAL_KEYS) + 1] == [*OPTIONAL_KEYS, "error"]
    assert header[len(RECORD_KEYS) + len(OPTIONAL_KEYS) + 1:] == [f"score_{lab}" for lab in labels]
    for row in rows:
        scores = json.loads(row["scores"])
        assert {lab: float(row[f"score_{lab}"]) for lab in labels} == scores
        assert isinstance(json.loads(row["keywords"]), list)


def test_csv_default_is_unchanged_pipe_without_bom(default_model, tmp_path):
    raw = _csv(default_model, tmp_path).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert " | " in row["keywords"]


def test_csv_reads_back_in_pandas_with_the_readme_snippet(default_model, tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install -e '.[dev]' has it)")
    path = _csv(default_model, tmp_path, "--excel", "--csv-lists", "json")
    # the README snippet
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    df["keywords"] = df["keywords"].map(json.loads)
    assert df["keywords"].map(len).gt(0).all()
    assert df["title"].str.contains("香菇").any()
    assert abs(df.filter(like="score_").sum(axis=1) - 1).max() < 1e-3


# -- in a real browser ---------------------------------------------------------------------------

def _chromium() -> str | None:
    for name in (os.environ.get("CLASSIFY_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def test_digest_in_chromium(issue, tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium on PATH (CI installs Debian's chromium: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[dev]' has it)")
    records, html_path = issue
    labels = {it.record["label"] for it in digest_items(records)}
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(html_path.as_uri())
            bars = page.eval_on_selector_all("#chart g.bar", "gs => gs.map(g => g.dataset.label)")
            assert sorted(bars) == sorted(labels)
            items = page.locator("article.item")
            total = items.count()
            page.fill("#q", "诈骗")
            visible = page.eval_on_selector_all(
                "article.item", "els => els.filter(e => !e.hidden).map(e => e.dataset.search)")
            hidden = page.eval_on_selector_all(
                "article.item", "els => els.filter(e => e.hidden).map(e => e.dataset.search)")
            assert visible and hidden and len(visible) + len(hidden) == total
            assert all("诈骗" in s for s in visible) and not any("诈骗" in s for s in hidden)
            assert page.locator("article.item:visible").count() == len(visible)
            page.fill("#q", "")
            story = page.locator("article.item", has_text="“一件事一次办”扩至120项")
            assert story.count() == 1
            assert "第1版、第3版" in story.inner_text()
            first = sorted(labels)[0]
            page.uncheck(f'.filter input[value="{first}"]')
            kept = page.eval_on_selector_all(
                "article.item", "els => els.filter(e => !e.hidden).map(e => e.dataset.label)")
            assert kept and first not in kept and len(kept) < total
            page.check(f'.filter input[value="{first}"]')
            page.click("#by-page")
            assert page.locator("#groups-page").is_visible() and not page.locator("#groups-label").is_visible()
            assert page.locator("article.item").count() == total
            page.click("#by-label")
            if os.environ.get("CLASSIFY_SCREENSHOT"):
                page.screenshot(path=os.environ["CLASSIFY_SCREENSHOT"], full_page=False)
        finally:
            browser.close()
    assert errors == []
