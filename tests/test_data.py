from __future__ import annotations

import json

import pytest
from helpers import TEXTS, write_jsonl

from classify.data import check_examples, fingerprint, load_examples
from classify.errors import DataError


def _rows():
    return [{"text": t, "label": lab} for lab, ts in TEXTS.items() for t in ts[:2]]


def test_jsonl_with_title_and_id(tmp_path):
    rows = [{"id": "a1", "title": "标题", "text": "正文内容。", "label": "other"}]
    ex = load_examples([write_jsonl(tmp_path / "d.jsonl", rows)])
    assert (ex[0].id, ex[0].title, ex[0].label) == ("a1", "标题", "other")
    assert ex[0].document.startswith("标题\n")


def test_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text('text,label\n"含有,逗号的正文。",culture\n第二条。,other\n', encoding="utf-8")
    ex = load_examples([path])
    assert [(e.text, e.label) for e in ex] == [("含有,逗号的正文。", "culture"), ("第二条。", "other")]


def test_tsv(tmp_path):
    path = tmp_path / "d.tsv"
    path.write_text("第一条正文。\tindustry\n第二条正文。\temployment\n", encoding="utf-8")
    assert [e.label for e in load_examples([path])] == ["industry", "employment"]


def test_label_folders(tmp_path):
    for label in ("culture", "other"):
        (tmp_path / label).mkdir()
        (tmp_path / label / "a.txt").write_text(f"{label}的一篇文章。", encoding="utf-8")
    ex = load_examples([tmp_path])
    assert sorted(e.label for e in ex) == ["culture", "other"]


def test_folder_of_jsonl_files(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", _rows()[:3])
    write_jsonl(tmp_path / "b.jsonl", _rows()[3:5])
    assert len(load_examples([tmp_path])) == 5


def test_missing_label_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "好", "label": "other"}) + "\n" + json.dumps({"text": "没有标签"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_examples([path])
    assert str(path) in str(err.value) and ":2:" in str(err.value) and "label" in str(err.value)


def test_empty_text_and_bad_json_are_errors(tmp_path):
    with pytest.raises(DataError, match=":1:.*empty text"):
        load_examples([write_jsonl(tmp_path / "e.jsonl", [{"text": "  ", "label": "other"}])])
    bad = tmp_path / "j.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=":1:.*JSON"):
        load_examples([bad])


def test_unreadable_encoding_is_an_error(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_bytes(b"\xff\xfe\xfa\x00\x80abc\tother\n")
    with pytest.raises(DataError):
        load_examples([path])


def test_fingerprint_changes_with_data(tmp_path):
    a = load_examples([write_jsonl(tmp_path / "a.jsonl", _rows())])
    b = load_examples([write_jsonl(tmp_path / "b.jsonl", _rows()[:-1])])
    assert fingerprint(a) == fingerprint(list(a)) and fingerprint(a) != fingerprint(b)


def test_check_finds_duplicates_and_near_duplicates(tmp_path):
    base = "市图书馆今天开设城市书房，市民可以二十四小时借阅图书，还能参加周末读书会和亲子阅读活动。"
    rows = [
        {"text": base, "label": "culture"},
        {"text": base, "label": "culture"},
        {"text": base.replace("周末", "每周六"), "label": "culture"},
        {"text": "气象台预报明天有中到大雨。", "label": "weather"},
    ]
    report = check_examples([write_jsonl(tmp_path / "c.jsonl", rows)], known_labels=["culture", "other"])
    assert len(report.duplicates) == 1
    assert len(report.near_duplicates) == 1
    assert report.unknown_labels == {"weather": 1}
    assert not report.ok


def test_check_reports_bad_rows_but_keeps_checking(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "好文章。", "label": "other"}) + "\n{oops\n", encoding="utf-8")
    report = check_examples([path])
    assert report.counts == {"other": 1} and report.problems and not report.ok


def test_shipped_corpus_is_clean():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "data" / "labeled"
    report = check_examples([root], known_labels=list(TEXTS))
    assert report.ok, report.to_dict()
    assert all(report.counts[lab] >= 100 for lab in TEXTS if lab != "other")
    assert report.counts["other"] >= 150


def test_jsonl_keeps_unicode_line_separators_inside_strings(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "甲乙\u2028丙", "label": "a"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_examples([path])[0].text == "甲乙\u2028丙"


@pytest.mark.parametrize("rows, words", [
    ([{"text": "只有一个标签。", "label": "a"}] * 1, "only one label"),
    ([{"text": f"第{i}篇。", "label": lab} for i, lab in enumerate("aabb")], "at least 4 per label"),
])
def test_too_little_training_data_is_a_data_error(tmp_path, rows, words):
    from classify.training import train

    with pytest.raises(DataError, match=words):
        train(load_examples([write_jsonl(tmp_path / "d.jsonl", rows)]), cv=5)


def test_csv_error_names_the_first_line_of_a_multiline_row(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text('text,label\n第一条。,other\n"跨行的\n正文。",\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"d\.csv:3:"):
        load_examples([path])
