"""The labeling round trip: export to Label Studio / doccano / CSV, human labels back, retrain."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import TEXTS, examples, write_jsonl

from classify.cli import main
from classify.data import article_id

ROOT = Path(__file__).resolve().parents[1]

# a label the model has never seen, written for this test
SPORTS = [
    "市运动会田径比赛开赛，八百名运动员参加短跑和跳远项目角逐。",
    "足球联赛第五轮，市队主场二比一战胜对手，球迷看台欢呼。",
    "全民健身马拉松鸣枪开跑，一万名跑者沿江奔跑全程四十二公里。",
    "游泳馆举办少年游泳锦标赛，运动员刷新三项市纪录。",
    "乒乓球公开赛决赛打满七局，老将逆转夺得男单冠军。",
    "篮球俱乐部签下两名外援，新赛季目标打进季后赛。",
]
HELD_OUT_SPORTS = "羽毛球锦标赛落幕，运动员在决赛中发挥出色夺得冠军，田径和足球比赛下周开赛。"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def articles(tmp_path):
    """One article per file (tagged with --whole), and the label a person would give each."""
    folder = tmp_path / "articles"
    folder.mkdir()
    truth = {}
    rows = [(t, lab) for t, lab in examples()] + [(t, "sports") for t in SPORTS]
    for i, (text, label) in enumerate(rows):
        (folder / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
        truth[article_id(text)] = label
    return folder, truth


def _simulate_labelstudio_json(tasks: list[dict], truth: dict[str, str]) -> list[dict]:
    """What Label Studio exports after a person labels every task: one annotation each (the
    prediction left untouched), one task given two disagreeing annotations, one cancelled."""
    out = []
    for n, task in enumerate(tasks, 1):
        aid = task["data"]["article_id"]
        label = truth[aid]
        ann = [{"id": 100 + n, "was_cancelled": False, "completed_by": 1,
                "result": [{"from_name": "label", "to_name": "text", "type": "choices",
                            "value": {"choices": [label]}}]}]
        if n == 1:  # a second annotator disagrees: a conflict
            ann.append({"id": 900, "was_cancelled": False, "completed_by": 2,
                        "result": [{"from_name": "label", "to_name": "text", "type": "choices",
                                    "value": {"choices": ["culture" if label != "culture" else "other"]}}]})
        if n == 2:  # skipped by the annotator
            ann = [{"id": 901, "was_cancelled": True, "result": []}]
        out.append({"id": n, "data": task["data"], "annotations": ann, "predictions": task["predictions"]})
    return out


def _min_rows(export: list[dict]) -> list[dict]:
    """Label Studio's JSON-MIN/CSV shape: one flat row per annotation, the choice under `label`."""
    rows = []
    for task in export:
        for a in task["annotations"]:
            if a.get("was_cancelled"):
                continue
            choices = a["result"][0]["value"]["choices"]
            rows.append({**task["data"], "id": task["id"], "label": choices[0] if len(choices) == 1 else
                         json.dumps([{"choices": choices}]), "annotator": a["completed_by"],
                         "annotation_id": a["id"], "created_at": "", "updated_at": "", "lead_time": 3.2})
    return rows


def _write(path: Path, fmt: str, tasks_file: Path, truth: dict[str, str]) -> Path:
    if fmt in ("labelstudio-json", "labelstudio-csv", "labelstudio-json-min"):
        tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
        export = _simulate_labelstudio_json(tasks, truth)
        if fmt == "labelstudio-json":
            path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
        elif fmt == "labelstudio-json-min":
            path.write_text(json.dumps(_min_rows(export), ensure_ascii=False), encoding="utf-8")
        else:
            rows = _min_rows(export)
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
            path.write_text(buf.getvalue(), encoding="utf-8")
        return path
    # doccano: the person fixes `label` on every line; one line comes twice with another label
    lines = [json.loads(x) for x in tasks_file.read_text(encoding="utf-8").splitlines()]
    out = []
    for n, row in enumerate(lines):
        row = {"id": n + 1, **row, "label": [truth[row["article_id"]]], "Comments": []}
        out.append(row)
    out.append({**out[0], "id": 999, "label": ["culture" if out[0]["label"] != ["culture"] else "other"]})
    out.append({**out[1], "id": 998, "label": []})  # not labeled yet
    return write_jsonl(path, out)


@pytest.mark.parametrize("fmt", ["labelstudio-json", "labelstudio-json-min", "labelstudio-csv", "doccano"])
def test_round_trip_teaches_a_new_label(fmt, articles, small_bundle, tmp_path, capsys):
    folder, truth = articles
    tool = "doccano" if fmt == "doccano" else "labelstudio"
    tasks_file = tmp_path / ("tasks.jsonl" if tool == "doccano" else "tasks.json")
    code, _, err = run(capsys, "label", "export", str(folder), "--out", str(tasks_file), "--format", tool,
                       "--whole", "--model", str(small_bundle), "--add-label", "sports")
    assert code == 0, err
    if tool == "labelstudio":
        config = tasks_file.with_name("tasks.config.xml").read_text(encoding="utf-8")
        assert '<Choice value="sports"/>' in config and 'toName="text"' in config
        first = json.loads(tasks_file.read_text(encoding="utf-8"))[0]
        assert first["predictions"][0]["result"][0]["value"]["choices"][0] in TEXTS
    suffix = {"labelstudio-json": ".json", "labelstudio-json-min": ".json", "labelstudio-csv": ".csv",
              "doccano": ".jsonl"}[fmt]
    export = _write(tmp_path / f"export{suffix}", fmt, tasks_file, truth)
    mine = tmp_path / "mine.jsonl"
    code, out, err = run(capsys, "label", "import", str(export), "--out", str(mine), "--tasks", str(tasks_file))
    assert code == 0, err
    assert "conflict" in err and "conflicts: 1" in out
    rows = [json.loads(x) for x in mine.read_text(encoding="utf-8").splitlines()]
    by_id = {r["article_id"]: r for r in rows}
    # every row is a human label joined back to its article; the conflicted one is left out
    assert all(truth[article_id(r["text"])] == r["label"] for r in rows)
    assert set(by_id) == {r["article_id"] for r in rows} and all(r["source"] for r in rows)
    assert len(rows) == len(truth) - (2 if fmt.startswith("labelstudio") else 1)
    assert sum(r["label"] == "sports" for r in rows) >= 4
    model = tmp_path / "retrained"
    code, _, err = run(capsys, "train", "--data", str(mine), "--out", str(model), "--cv", "0", "-q")
    assert code == 0, err
    from classify import Predictor

    retrained = Predictor.load(model)
    assert "sports" in retrained.labels
    assert retrained.predict(HELD_OUT_SPORTS).label == "sports"


def test_export_orders_by_margin_then_confidence_and_is_deterministic():
    from classify.label import candidates

    def rec(body, scores, uncertain=False):
        best = max(scores, key=scores.get)
        return {"source": "p.txt", "index": 1, "title": "", "body": body, "label": best,
                "confidence": scores[best], "scores": scores, "uncertain": uncertain}

    recs = [rec("甲文章", {"a": 0.9, "b": 0.1}), rec("乙文章", {"a": 0.5, "b": 0.45, "c": 0.05}, True),
            rec("丙文章", {"a": 0.6, "b": 0.3, "c": 0.1}), rec("乙文章", {"a": 0.5, "b": 0.5}),
            {"source": "bad.txt", "error": "is empty"}]
    picked = candidates(recs)
    assert [c.text for c in picked] == ["乙文章", "丙文章", "甲文章"]  # the repeat is offered once
    assert [c.margin for c in picked] == [0.05, 0.3, 0.8]
    assert [c.text for c in candidates(recs, "uncertain")] == ["乙文章"]
    assert [c.text for c in candidates(recs, "all")] == ["甲文章", "乙文章", "丙文章"]
    assert [c.text for c in candidates(recs, limit=1)] == ["乙文章"]
    ties = [rec(f"文章{i}", {"a": 0.7, "b": 0.3}) for i in range(5)]
    ids = [c.article_id for c in candidates(ties)]
    assert ids == sorted(ids) and ids == [c.article_id for c in candidates(list(reversed(ties)))]


def test_article_id_ignores_layout():
    assert article_id("第一段\n第二段") == article_id(" 第一段 第二段\r\n") != article_id("第一段")


def test_our_csv_round_trip_skips_rows_nobody_labeled(tmp_path, capsys, small_bundle, articles):
    folder, truth = articles
    sheet = tmp_path / "sheet.csv"
    assert run(capsys, "label", "export", str(folder), "--out", str(sheet), "--format", "csv", "--whole",
               "--model", str(small_bundle), "--limit", "10")[0] == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    assert len(rows) == 10 and all(r["label"] == "" and r["predicted"] for r in rows)
    for r in rows[:6]:
        r["label"] = truth[r["article_id"]]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    sheet.write_text(buf.getvalue(), encoding="utf-8")
    code, out, _ = run(capsys, "label", "import", str(sheet), "--out", str(tmp_path / "m.jsonl"))
    assert code == 0 and "imported 6 " in out and "4 no human label" in out


def test_later_export_overrides_earlier(tmp_path):
    from classify.label import import_labels

    a = write_jsonl(tmp_path / "a.jsonl", [{"text": "同一篇文章。", "label": ["other"]},
                                           {"text": "另一篇文章。", "label": ["culture"]}])
    b = write_jsonl(tmp_path / "b.jsonl", [{"text": "同一篇文章。", "label": ["sports"]}])
    report = import_labels([a, b])
    assert {r.text: r.label for r in report.rows} == {"同一篇文章。": "sports", "另一篇文章。": "culture"}
    assert report.overridden == 1 and not report.conflicts


def test_import_with_no_labels_is_an_error(tmp_path, capsys):
    empty = write_jsonl(tmp_path / "e.jsonl", [{"text": "没有标注的文章。", "label": []}])
    code, _, err = run(capsys, "label", "import", str(empty), "--out", str(tmp_path / "o.jsonl"))
    assert code == 1 and "e.jsonl" in err and "no human labels" in err
    assert not (tmp_path / "o.jsonl").exists()


def test_tag_output_trains_directly(default_model, tmp_path, capsys):
    tagged = tmp_path / "t.jsonl"
    code, _, err = run(capsys, "tag", str(ROOT / "data" / "samples"), "-o", str(tagged), "--jobs", "1", "-q")
    assert code == 0, err
    code, out, err = run(capsys, "train", "--data", str(tagged), "--out", str(tmp_path / "m"))
    assert code == 0, err
    assert "too noisy to trust" in err  # the sample issue has a handful of articles per label
    manifest = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert manifest["display_names"]["culture"] == "文化文旅"


def test_sources_merge_later_overrides_and_conflicts_name_both_lines(tmp_path):
    from classify.data import load_sources

    base = write_jsonl(tmp_path / "base.jsonl", [
        {"text": "甲", "label": "other"}, {"text": "乙", "label": "culture"},
        {"text": "丙", "label": "other"}, {"text": "丙", "label": "culture"}])
    mine = write_jsonl(tmp_path / "mine.jsonl", [{"text": "甲", "label": "sports"}])
    merged = load_sources([base, mine])
    assert {e.text: e.label for e in merged.examples} == {"甲": "sports", "乙": "culture"}
    (a, b), = merged.conflicts
    assert (a.line, b.line, a.label, b.label) == (3, 4, "other", "culture")
    assert len(merged.overridden) == 1


def test_label_field_and_tag_csv(tmp_path):
    from classify.data import load_examples

    sheet = tmp_path / "t.csv"
    sheet.write_text("source,index,title,label,corrected,body,error\n"
                     "p.txt,1,标题,other,culture,正文内容,\n"
                     "bad.txt,,,,,,is empty\n", encoding="utf-8")
    (e,) = load_examples([sheet], label_field="corrected")
    assert (e.title, e.text, e.label) == ("标题", "正文内容", "culture")


def test_display_names_from_a_file_and_a_trustworthy_column(tmp_path):
    from classify.data import Example, display_names_from_rows, read_display_names

    names = tmp_path / "names.csv"
    names.write_text("label,name\nsports,体育\n", encoding="utf-8")
    assert read_display_names(names) == {"sports": "体育"}
    rows = [Example("a", "culture", label_name="文化文旅"), Example("b", "other", label_name="其他"),
            Example("c", "sports", label_name="其他")]  # relabeled from `other`, name left behind
    assert display_names_from_rows(rows) == {"culture": "文化文旅"}


def test_data_check_accepts_custom_labels_and_reports_conflicts(tmp_path, capsys):
    rows = [{"text": f"{lab}的第{i}篇文章，内容各不相同{i * 7}。", "label": lab}
            for lab in ("sports", "health", "weather") for i in range(10)]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    code, out, _ = run(capsys, "data", "check", str(corpus))
    assert code == 0, out
    bad = write_jsonl(tmp_path / "bad.jsonl", rows + [{**rows[0], "label": "health"}])
    code, out, _ = run(capsys, "data", "check", str(bad))
    assert code == 1 and "conflicts (one text, two labels): 1" in out and "'sports'" in out


def test_evaluate_with_labels_the_model_does_not_know_exits_1(small_bundle, tmp_path, capsys):
    held = write_jsonl(tmp_path / "h.jsonl", [{"text": SPORTS[0], "label": "sports"},
                                              {"text": TEXTS["culture"][0], "label": "culture"}])
    code, _, err = run(capsys, "evaluate", "--data", str(held), "--model", str(small_bundle))
    assert code == 1 and "does not know the labels 'sports' (1 rows)" in err


def test_doccano_16_export_without_metadata_joins_back_through_the_tasks(tmp_path, small_bundle, articles, capsys):
    folder, truth = articles
    tasks = tmp_path / "tasks.jsonl"
    assert run(capsys, "label", "export", str(folder), "--out", str(tasks), "--format", "doccano", "--whole",
               "--model", str(small_bundle))[0] == 0
    lines = [json.loads(x) for x in tasks.read_text(encoding="utf-8").splitlines()]
    # doccano 1.6 writes `id`, `data` (the text as shown) and `label`, and drops our other keys
    old = write_jsonl(tmp_path / "old.jsonl", [{"id": n, "data": r["text"], "label": [truth[r["article_id"]]]}
                                               for n, r in enumerate(lines, 1)])
    from classify.label import import_labels

    report = import_labels([old], [tasks])
    assert len(report.rows) == len(truth)
    assert all(truth.get(r.article_id) == r.label and article_id(r.text) == r.article_id for r in report.rows)


def test_export_reads_tag_output_and_refuses_other_jsonl(small_bundle, tmp_path, capsys):
    tagged = write_jsonl(tmp_path / "t.jsonl", [
        {"source": "p.txt", "index": 1, "title": "", "body": "正文一", "label": "other", "confidence": 0.6,
         "scores": {"other": 0.6, "culture": 0.4}, "uncertain": True},
        {"source": "bad.txt", "error": "is empty"}])
    out = tmp_path / "x.csv"
    code, _, err = run(capsys, "label", "export", str(tagged), "--out", str(out), "--format", "csv",
                       "--model", str(small_bundle))
    assert code == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    training = write_jsonl(tmp_path / "train.jsonl", [{"text": "正文", "label": "other"}])
    code, _, err = run(capsys, "label", "export", str(training), "--out", str(out), "--model", str(small_bundle))
    assert code == 1 and "train.jsonl:1" in err and "not a `classify tag` record" in err


def test_export_of_split_pages_offers_every_article_once(small_bundle, tmp_path, capsys):
    tagged = tmp_path / "t.jsonl"
    pages = ROOT / "data" / "samples"
    assert run(capsys, "tag", str(pages), "-o", str(tagged), "--model", str(small_bundle), "--jobs", "1", "-q")[0] == 0
    recs = [json.loads(x) for x in tagged.read_text(encoding="utf-8").splitlines()]
    tasks_file = tmp_path / "tasks.json"
    assert run(capsys, "label", "export", str(pages), "--out", str(tasks_file), "--model", str(small_bundle))[0] == 0
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    # every printed article once; a continued story's joined record is derived, not printed
    printed = {article_id(r["body"]) for r in recs if not r.get("parts")}
    assert sorted(t["data"]["article_id"] for t in tasks) == sorted(printed)
    by_id = {article_id(r["body"]): r for r in recs}
    for t in tasks:
        r = by_id[t["data"]["article_id"]]
        assert (t["data"]["title"], t["data"]["text"], t["data"]["predicted"]) == (r["title"], r["body"], r["label"])
    margins = [round(max(r["scores"].values()) - sorted(r["scores"].values())[-2], 4) for r in
               (by_id[t["data"]["article_id"]] for t in tasks)]
    assert margins == sorted(margins)  # least sure first
