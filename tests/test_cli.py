from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_jsonl

from classify.tag import RECORD_KEYS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


def classify(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "classify", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env=env, timeout=300)


def records(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]


def test_help_lists_every_verb():
    out = classify("--help")
    assert out.returncode == 0
    text = out.stdout.decode()
    for verb in ("tag", "split", "summarize", "train", "evaluate", "model info", "model verify", "data check"):
        assert f"classify {verb}" in text


def test_tag_sample_issue_has_every_key(default_model):
    out = classify("tag", str(SAMPLES), "--jobs", "1", "-q")
    assert out.returncode == 0, out.stderr
    recs = records(out.stdout)
    assert len(recs) >= 20
    for r in recs:
        assert tuple(r) == RECORD_KEYS
        assert r["summary"] and r["keywords"] and r["body"] and r["line_start"] <= r["line_end"]
    first = [r for r in recs if r["source"].endswith("01_yaowen.txt")]
    assert [r["index"] for r in first] == list(range(1, len(first) + 1))


def test_whole_keeps_one_article_per_file(default_model):
    out = classify("tag", "--whole", "--jobs", "1", "-q", str(next(SAMPLES.glob("*.txt"))))
    assert out.returncode == 0 and len(records(out.stdout)) == 1


def test_tag_reads_stdin(default_model):
    page = next(SAMPLES.glob("*.txt")).read_bytes()
    out = classify("tag", "-", "-q", stdin=page)
    assert out.returncode == 0 and {r["source"] for r in records(out.stdout)} == {"-"}


def test_tampered_model_is_refused_with_exit_2(default_model, tmp_path):
    import shutil

    for suffix in (".joblib", ".json"):
        shutil.copy(str(default_model) + suffix, tmp_path / f"m{suffix}")
    data = bytearray((tmp_path / "m.joblib").read_bytes())
    data[100] ^= 1
    (tmp_path / "m.joblib").write_bytes(bytes(data))
    out = classify("tag", "--model", str(tmp_path / "m"), str(next(SAMPLES.glob("*.txt"))))
    assert out.returncode == 2
    assert "m.joblib" in out.stderr.decode() and "sha256" in out.stderr.decode()
    assert classify("model", "verify", str(tmp_path / "m")).returncode == 2
    info = classify("model", "info", str(tmp_path / "m"))
    assert info.returncode == 0 and json.loads(info.stdout)["labels"]


def test_train_reports_missing_label_with_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "一", "label": "a"}, {"text": "二"}])
    out = classify("train", "--data", str(path), "--out", str(tmp_path / "m"))
    assert out.returncode == 1
    assert f"{path}:2" in out.stderr.decode()
    assert not (tmp_path / "m.joblib").exists()


def test_train_evaluate_round_trip(tmp_path):
    from helpers import TEXTS

    rows = [{"text": t, "label": lab} for lab, ts in TEXTS.items() for t in ts]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    out = classify("train", "--data", str(path), "--out", str(tmp_path / "m"), "--cv", "2", "-q")
    assert out.returncode == 0, out.stderr
    assert "macro-F1" in out.stdout.decode()
    ev = classify("evaluate", "--data", str(path), "--model", str(tmp_path / "m"), "--format", "json")
    assert ev.returncode == 0
    report = json.loads(ev.stdout)
    assert report["n"] == len(rows) and report["accuracy"] > 0.9


def test_split_verb_text_and_jsonl():
    page = str(next(SAMPLES.glob("*.txt")))
    out = classify("split", page)
    recs = records(out.stdout)
    assert out.returncode == 0 and recs and all("body" in r and "title" in r for r in recs)
    text = classify("split", page, "--format", "text")
    assert text.stdout.decode().count("== ") == len(recs)


def test_data_check_exit_codes(tmp_path):
    ok = write_jsonl(tmp_path / "ok.jsonl", [{"text": "第一篇。", "label": "other"}, {"text": "第二篇。", "label": "culture"}])
    assert classify("data", "check", str(ok)).returncode == 0
    dup = write_jsonl(tmp_path / "dup.jsonl", [{"text": "同一篇。", "label": "other"}] * 2)
    out = classify("data", "check", str(dup))
    assert out.returncode == 1 and "duplicate" in out.stdout.decode()


def test_evaluate_pages_prints_the_figures(default_model):
    out = classify("evaluate", "--pages", "tests/pages", "--model", str(default_model), "--format", "json")
    assert out.returncode == 0
    result = json.loads(out.stdout)
    assert result["pages"] >= 10 and 0 <= result["recall"] <= 1 and "label_accuracy" in result


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_other_formats(default_model, tmp_path, fmt):
    out_path = tmp_path / f"out.{fmt}"
    out = classify("tag", str(SAMPLES), "-o", str(out_path), "--format", fmt, "--jobs", "1", "-q")
    assert out.returncode == 0, out.stderr
    text = out_path.read_text(encoding="utf-8")
    if fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and set(RECORD_KEYS) <= set(rows[0]) and json.loads(rows[0]["scores"])
    else:
        assert text.startswith("# Digest") and "## " in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_evaluate_pages_needs_gold_pages(tmp_path):
    out = classify("evaluate", "--pages", str(tmp_path))
    assert out.returncode == 1 and "gold" in out.stderr.decode()


def test_model_path_that_is_a_directory_is_refused(tmp_path):
    out = classify("model", "verify", str(tmp_path))
    assert out.returncode == 2 and "is a directory" in out.stderr.decode()


def test_evaluate_pages_prints_a_per_role_confusion_of_lines():
    out = classify("evaluate", "--pages", "tests/layouts")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "line roles" in text and "confusion (rows: true, columns: predicted)" in text
    report = json.loads(classify("evaluate", "--pages", "tests/layouts", "--format", "json").stdout)["line_roles"]
    assert {"title", "body", "byline"} <= set(report["labels"]) and 0.9 <= report["accuracy"] <= 1


def test_split_explain_gives_each_line_a_role_and_a_rule():
    page = ROOT / "tests" / "layouts" / "stack_box_jump.txt"
    out = classify("split", "--explain", str(page))
    assert out.returncode == 0, out.stderr
    rows = records(out.stdout)
    nonblank = [n for n, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1) if line.strip()]
    assert [r["line"] for r in rows] == nonblank
    assert {r["role"] for r in rows} >= {"title", "pretitle", "subtitle", "body", "jump"}
    assert all(r["rule"] for r in rows)
