"""`classify evaluate` (several models, top-k, errors), `train --param/--search/--stopwords`,
`summarize` (many files, stdin, text), and `Predictor.warmup`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import TEXTS, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
LABELS = sorted(TEXTS)

# An article written for these tests: one clear topic word (`书房`) that TextRank ranks high.
ARTICLE = (
    "城市书房开进老街区\n"
    "本报讯（记者 周宁）昨天，东门街道第三家城市书房开门迎客。城市书房里有图书八千册，"
    "市民刷借书证就能进门，二十四小时都能借阅。\n"
    "书房管理员说，晚上来看书的多是附近的学生和上夜班的工人。书房还定期举办读书会和亲子阅读活动。\n"
    "街道计划明年再建两家城市书房，让居民步行十分钟就能找到一个读书的地方。"
)


def classify(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "classify", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=300)


def lines(out: bytes | str) -> list[dict]:
    text = out.decode("utf-8") if isinstance(out, bytes) else out
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def run(capsys):
    """`classify ARGS` in this process (no interpreter start, imports shared): (code, out, err)."""
    from classify.cli import main

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.fixture(scope="module")
def data_file(tmp_path_factory) -> Path:
    """The test texts, with every third row given another label so that any model errs."""
    rows = []
    for i, (label, texts) in enumerate((lab, TEXTS[lab]) for lab in LABELS):
        for j, text in enumerate(texts):
            gold = LABELS[(i + 1) % len(LABELS)] if j % 3 == 0 else label
            rows.append({"text": text, "label": gold, "id": f"{label}-{j}"})
    return write_jsonl(tmp_path_factory.mktemp("eval") / "mixed.jsonl", rows)


@pytest.fixture(scope="module")
def train_file(tmp_path_factory) -> Path:
    rows = [{"text": t, "label": lab} for lab, ts in TEXTS.items() for t in ts]
    return write_jsonl(tmp_path_factory.mktemp("train") / "d.jsonl", rows)


# ---------------------------------------------------------------------------------------------
# evaluate


def test_evaluate_two_models_reports_and_errors(run, default_model, small_bundle, data_file, tmp_path):
    errors = tmp_path / "e.jsonl"
    models = [str(default_model), str(small_bundle)]
    out = classify("evaluate", "--data", str(data_file), "--model", models[0], "--model", models[1],
                   "--errors", str(errors), "--k", "2")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    for name in models:
        assert f"== {name}" in text  # one full report per model
    assert "top-2 accuracy" in text and "ECE" in text
    _, ev, _ = run("evaluate", "--data", str(data_file), "--model", models[0], "--model", models[1],
                   "--format", "json")
    reports = json.loads(ev)["models"]
    assert [r["model"] for r in reports] == models
    wrong = {r["model"]: r["n"] - sum(r["confusion"][i][i] for i in range(len(r["labels"]))) for r in reports}
    rows = lines(errors.read_bytes())
    assert len(rows) == sum(wrong.values()) > 0
    for name in models:
        assert sum(r["model"] == name for r in rows) == wrong[name]
    confidences = [r["confidence"] for r in rows]
    assert confidences == sorted(confidences, reverse=True)
    gold = {json.loads(line)["id"]: json.loads(line)["label"] for line in data_file.read_text("utf-8").splitlines()}
    for r in rows:
        assert r["gold"] == gold[r["id"]] != r["predicted"]
        assert r["text"] and r["source"] == str(data_file) and r["line"] >= 1
        assert isinstance(r["top_terms"], list) and 0 <= r["gold_score"] <= 1
    for r in reports:
        assert r["accuracy"] <= r["top_k_accuracy"] <= 1 and r["k"] == 2 and "ece" in r["calibration"]


def test_evaluate_single_model_json_keeps_its_shape(run, small_bundle, data_file):
    _, out, _ = run("evaluate", "--data", str(data_file), "--model", str(small_bundle), "--format", "json",
                    "--k", str(len(LABELS)))
    report = json.loads(out)
    assert report["n"] == sum(len(t) for t in TEXTS.values()) and "per_label" in report
    assert report["top_k_accuracy"] == 1.0  # every label is among the top len(labels)


def test_top_k_accuracy_counts_the_gold_label_among_the_best():
    from classify.evaluate import top_k_accuracy

    scores = [{"a": 0.6, "b": 0.3, "c": 0.1}, {"a": 0.2, "b": 0.3, "c": 0.5}, {"a": 0.4, "b": 0.4, "c": 0.2}]
    gold = ["b", "a", "b"]
    assert top_k_accuracy(gold, scores, 1) == 0.0
    assert top_k_accuracy(gold, scores, 2) == round(2 / 3, 4)  # the a/b tie goes to a, then b
    assert top_k_accuracy(gold, scores, 3) == 1.0


def test_evaluate_usage_errors(run, small_bundle, data_file):
    assert run("evaluate", "--data", str(data_file), "--model", str(small_bundle), "--k", "0")[0] == 2
    code, _, err = run("evaluate", "--pages", "tests/pages", "--errors", "x.jsonl")
    assert code == 2 and "--data" in err


# ---------------------------------------------------------------------------------------------
# train --param / --search


def test_train_params_reach_the_model_and_manifest(run, train_file, tmp_path):
    from classify.bundle import load_bundle

    code, _, err = run("train", "--data", str(train_file), "--out", str(tmp_path / "m"), "--cv", "0", "-q",
                       "--param", "C=0.25", "--param", "char_ngrams=1,4", "--param", "max_chars=80")
    assert code == 0, err
    manifest = json.loads((tmp_path / "m.json").read_text("utf-8"))
    assert manifest["params"]["C"] == 0.25 and manifest["params"]["char_ngrams"] == [1, 4]
    assert manifest["summarizer_params"]["max_chars"] == 80
    bundle = load_bundle(tmp_path / "m")
    assert {t.kind: tuple(t.ngram_range) for t in bundle.classifier.tables}["char"] == (1, 4)
    assert bundle.summarizer.max_chars == 80
    assert run("train", "--data", str(train_file), "--out", str(tmp_path / "d"), "--cv", "0", "-q")[0] == 0
    assert load_bundle(tmp_path / "d").classifier.coef.tolist() != bundle.classifier.coef.tolist()


@pytest.mark.parametrize("args, named", [
    (["--param", "Cee=1"], "char_ngrams"),            # unknown key: the valid keys are listed
    (["--param", "C=-1"], "C="),                      # out of range: says what it must be
    (["--param", "char_ngrams=4,1"], "char_ngrams"),
    (["--param", "C"], "KEY=VALUE"),
    (["--search", "max_chars=80,120"], "classifier"),  # only the classifier is scored
    (["--search", "C=1,2", "--cv", "0"], "--cv"),
    (["--stopwords-replace"], "--stopwords"),
])
def test_bad_parameters_are_usage_errors(run, train_file, tmp_path, args, named):
    code, _, err = run("train", "--data", str(train_file), "--out", str(tmp_path / "m"), *args)
    assert code == 2
    assert named in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m.joblib").exists()


def test_unknown_key_lists_every_valid_key():
    from classify._params import ParameterError
    from classify.classifier import DomainClassifier
    from classify.summarizers import TextRankSummarizer
    from classify.training import parse_params

    with pytest.raises(ParameterError) as exc:
        parse_params(["alpha=1"])
    for key in [*DomainClassifier._parameter_constraints, *TextRankSummarizer._parameter_constraints]:
        assert key in str(exc.value)


def test_constraints_are_checked_at_fit():
    from classify._params import ParameterError
    from classify.classifier import DomainClassifier
    from classify.summarizers import TextRankSummarizer

    texts = [t for ts in TEXTS.values() for t in ts]
    labels = [lab for lab, ts in TEXTS.items() for _ in ts]
    with pytest.raises(ParameterError, match="C"):
        DomainClassifier(C=0).fit(texts, labels)
    with pytest.raises(ParameterError, match="word_ngrams or char_ngrams"):
        DomainClassifier(word_ngrams=None, char_ngrams=None).fit(texts, labels)
    with pytest.raises(ParameterError, match="damping"):
        TextRankSummarizer(damping=1.5).fit(texts)


def test_parse_values_by_constraint():
    from classify.training import parse_params, parse_search

    clf, summ = parse_params(["C=2", "word_ngrams=none", "min_df=3", "use_idf=false",
                              "max_ranked_sentences=none"])
    assert clf == {"C": 2.0, "word_ngrams": None, "min_df": 3}
    assert summ == {"use_idf": False, "max_ranked_sentences": None}
    assert parse_search(["char_ngrams=1-3,2-4", "C=1,0.5,1"]) == {"char_ngrams": [(1, 3), (2, 4)], "C": [1.0, 0.5]}
    from classify._params import ParameterError

    for bad in ("C=inf", "C=nan", "min_df=1.5", "use_idf=maybe", "window=1"):
        with pytest.raises(ParameterError, match=bad.split("=")[0]):
            parse_params([bad])


def test_search_keeps_the_best_and_stores_the_grid(run, train_file, tmp_path):
    code, _, err = run("train", "--data", str(train_file), "--out", str(tmp_path / "m"), "--cv", "2", "-q",
                       "--search", "C=0.001,1", "--search", "word_ngrams=1-1,1-2")
    assert code == 0, err
    manifest = json.loads((tmp_path / "m.json").read_text("utf-8"))
    search = manifest["search"]
    assert search["grid"] == {"C": [0.001, 1.0], "word_ngrams": [[1, 1], [1, 2]]}
    scores = search["scores"]
    assert len(scores) == 4 and [s["params"]["C"] for s in scores] == [0.001, 0.001, 1.0, 1.0]
    best = max(range(len(scores)), key=lambda i: (scores[i]["macro_f1"], -i))  # first wins a tie
    assert search["best"] == scores[best]["params"]
    assert {k: manifest["params"][k] for k in search["best"]} == search["best"]
    assert manifest["cv"]["macro_f1"] == scores[best]["macro_f1"]


# ---------------------------------------------------------------------------------------------
# --stopwords, tag and summarize


def _keywords(run, model: Path, article: Path) -> tuple[list[str], list[str]]:
    tag = run("tag", "--whole", "--jobs", "1", "-q", "--model", str(model), str(article))
    summ = run("summarize", "--model", str(model), str(article))
    assert tag[0] == 0 and summ[0] == 0, (tag[2], summ[2])
    return lines(tag[1])[0]["keywords"], lines(summ[1])[0]["keywords"]


def test_stopwords_at_training_change_tag_and_summarize_alike(run, train_file, tmp_path):
    from classify.bundle import load_bundle
    from classify.summarizers.base import package_stopwords

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    plain = tmp_path / "plain"
    assert run("train", "--data", str(train_file), "--out", str(plain), "--cv", "0", "-q")[0] == 0
    tag_before, summ_before = _keywords(run, plain, article)
    assert tag_before == summ_before and len(tag_before) >= 3
    dropped = tag_before[:2]  # the two best keywords become stopwords
    words = tmp_path / "stop.txt"
    words.write_text("# our list\n" + "\n".join(dropped) + "\n", encoding="utf-8")
    listed = tmp_path / "listed"
    code, _, err = run("train", "--data", str(train_file), "--out", str(listed), "--cv", "0", "-q",
                       "--stopwords", str(words))
    assert code == 0, err
    tag_after, summ_after = _keywords(run, listed, article)
    assert tag_after == summ_after
    assert tag_after and not set(dropped) & set(tag_after)
    manifest = json.loads((tmp_path / "listed.json").read_text("utf-8"))
    assert manifest["stopwords"]["words"] == 2 and manifest["summarizer_params"]["stop_words"]["words"] == 2

    replaced = tmp_path / "replaced"
    code, _, err = run("train", "--data", str(train_file), "--out", str(replaced), "--cv", "0", "-q",
                       "--stopwords", str(words), "--stopwords-replace")
    assert code == 0, err
    stop = load_bundle(replaced).summarizer._stopwords()
    assert set(dropped) <= stop and not package_stopwords() <= stop


def test_user_dict_at_training_is_used_by_tag_and_summarize(run, train_file, tmp_path):
    from classify.bundle import load_bundle

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    words = tmp_path / "dict.txt"
    words.write_text("东门街道 50000 ns\n亲子阅读 50000 n\n", encoding="utf-8")
    model = tmp_path / "m"
    code, _, err = run("train", "--data", str(train_file), "--out", str(model), "--cv", "0", "-q",
                       "--user-dict", str(words))
    assert code == 0, err
    assert "东门街道" in load_bundle(model).make_tokenizer().cut(ARTICLE)
    tag, summ = _keywords(run, model, article)
    assert tag == summ


# ---------------------------------------------------------------------------------------------
# summarize


def test_summarize_many_files_as_text(run, default_model):
    pages = sorted(SAMPLES.glob("*.txt"))[:2]
    text = classify("summarize", *map(str, pages), "--format", "text")  # the acceptance command
    assert text.returncode == 0, text.stderr
    blocks = text.stdout.decode().split("\n\n")
    assert len(blocks) == 2
    js = lines(run("summarize", *map(str, pages))[1])
    for block, page, rec in zip(blocks, pages, js, strict=True):
        head, *body = block.strip().splitlines()
        assert head == f"== {page}" and rec["source"] == str(page)
        assert body[:-1] == rec["sentences"] and body[-1] == "keywords: " + " ".join(rec["keywords"])


def test_summarize_reads_stdin(run, default_model, monkeypatch):
    out = classify("summarize", "-", "--format", "text", "--keywords", "0", stdin=ARTICLE.encode("utf-8"))
    assert out.returncode == 0, out.stderr
    printed = out.stdout.decode().strip().splitlines()
    assert printed and all(s in ARTICLE.replace("\n", "") for s in printed)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    js = lines(run("summarize", "-")[1])
    assert js[0]["source"] == "-" and js[0]["sentences"] == printed


def test_summarize_has_tag_defaults(run, default_model):
    page = sorted(SAMPLES.glob("*.txt"))[2]
    tag = lines(run("tag", "--whole", "--jobs", "1", "-q", str(page))[1])[0]
    summ = lines(run("summarize", str(page))[1])[0]
    assert (summ["summary"], summ["keywords"]) == (tag["summary"], tag["keywords"])
    short = lines(run("summarize", str(page), "--sentences", "1", "--keywords", "3")[1])[0]
    assert len(short["sentences"]) == 1 and len(short["keywords"]) == 3


def test_summarize_goes_on_after_a_bad_file(run, default_model, tmp_path):
    good = sorted(SAMPLES.glob("*.txt"))[0]
    code, out, _ = run("summarize", str(tmp_path / "missing.txt"), str(good))
    recs = lines(out)
    assert code == 1 and "error" in recs[0] and recs[1]["summary"]
    assert run("summarize", str(good), "--max-chars", "0")[0] == 2


# ---------------------------------------------------------------------------------------------
# warmup


def test_warmup_returns_the_predictor_and_changes_no_result(default_model):
    from classify import Predictor

    text = ARTICLE
    cold = Predictor.load(default_model)
    expected = cold.predict(text)
    warm = Predictor.load(default_model, warmup=True)
    assert warm.warmup() is warm
    assert warm.predict(text) == expected
    assert warm.analyze_many([("", text)]) == cold.analyze_many([("", text)])
