from __future__ import annotations

import math
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from helpers import TEXTS

from classify.features import CharNgrams, WordNgrams


def test_scores_are_probabilities(small_predictor):
    for pred in small_predictor.predict_many([t for ts in TEXTS.values() for t in ts[:2]]):
        assert math.isclose(sum(pred.scores.values()), 1.0, abs_tol=1e-9)
        assert set(pred.scores) == set(small_predictor.labels)
        assert pred.confidence == max(pred.scores.values())
        assert pred.label == max(pred.scores, key=pred.scores.get)
        assert pred.uncertain == (pred.confidence < small_predictor.threshold)


def test_top_terms_are_readable_evidence(small_predictor):
    pred = small_predictor.predict("民警提醒：刷单返利都是诈骗，不要向陌生账户转账。")
    assert pred.label == "anti_fraud"
    assert pred.top_terms and all(" " not in t for t in pred.top_terms)
    assert any(len(t) >= 2 for t in pred.top_terms)


def test_predict_many_matches_predict(small_predictor):
    texts = [ts[0] for ts in TEXTS.values()]
    assert small_predictor.predict_many(texts) == [small_predictor.predict(t) for t in texts]


def test_threshold_override(small_bundle):
    from classify import Predictor

    strict = Predictor.load(small_bundle, threshold=1.01)
    assert all(p.uncertain for p in strict.predict_many([ts[0] for ts in TEXTS.values()]))


def test_thread_safe(small_predictor):
    texts = [t for ts in TEXTS.values() for t in ts] * 3
    serial = [small_predictor.predict(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(small_predictor.predict, texts))
    assert parallel == serial


def test_to_dict_is_json_ready(small_predictor):
    import json

    d = small_predictor.predict("招聘会提供岗位两千个。").to_dict()
    assert set(d) == {"label", "label_name", "confidence", "uncertain", "scores", "top_terms"}
    json.dumps(d, ensure_ascii=False)


def test_analyzers_pickle():
    for analyzer in (WordNgrams((1, 2)), CharNgrams((1, 3))):
        clone = pickle.loads(pickle.dumps(analyzer))
        assert clone("反诈宣传进社区") == analyzer("反诈宣传进社区")


def test_import_is_light():
    code = ("import sys, classify; from classify import Predictor, split_page; "
            "print(any(m in sys.modules for m in ('jieba', 'jieba_fast', 'sklearn', 'numpy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
