"""The `uncertain` rule: a threshold that fires, and out-of-domain input flagged whatever its score."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classify.features import Doc
from classify.uncertainty import (
    UncertaintyOptions,
    choose_threshold,
    known_share,
    out_of_domain,
    precision_cut,
)


def test_threshold_is_raised_to_the_low_quantile_of_right_answers():
    rng = np.random.default_rng(0)
    confidence = np.concatenate([rng.uniform(0.9, 1.0, 200), rng.uniform(0.3, 0.6, 10)])
    correct = np.concatenate([np.ones(200, bool), np.zeros(10, bool)])
    cut = precision_cut(confidence, correct, 0.9)
    chosen = choose_threshold(confidence, correct, UncertaintyOptions(correct_quantile=0.05))
    assert cut < 0.9 < chosen  # the precision cut alone sits under every right answer
    assert chosen == pytest.approx(np.quantile(confidence[:200], 0.05), abs=1e-4)
    # with the quantile at 0, the old rule comes back
    assert choose_threshold(confidence, correct, UncertaintyOptions(correct_quantile=0.0)) >= cut


@pytest.mark.parametrize("text, tokens, reason", [
    ("", [], "empty"),
    (" \n\u3000 ", [], "empty"),
    ("通知", ["通知"], "short"),
    ("The quick brown fox jumps over the lazy dog", ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"],
     "unknown words"),
    ("市人社局举办春风行动招聘会提供岗位", ["市", "人社局", "举办", "春风行动", "招聘会"], None),
])
def test_out_of_domain_reasons(text, tokens, reason):
    known = {"市", "人社局", "举办", "招聘会", "通知"}
    assert out_of_domain(text, tokens, known) == reason


def test_known_share_counts_distinct_words():
    assert known_share(["a", "a", "b"], {"a"}) == 0.5
    assert known_share([], {"a"}) == 1.0


def test_predictor_flags_empty_short_and_foreign_text(small_predictor):
    for text in ("", "招聘", "The quick brown fox jumps over the lazy dog by the river today"):
        assert small_predictor.predict(text).uncertain, text
    assert not small_predictor.out_of_domain(Doc.of("春风行动专场招聘会提供岗位两千多个，现场达成就业意向。"))


def test_rule_is_plain_numbers_in_the_manifest(small_bundle):
    manifest = json.loads(small_bundle.with_suffix(".json").read_text(encoding="utf-8"))
    rule = manifest["uncertainty"]
    assert set(rule) == {"threshold", "precision_target", "correct_quantile", "min_chars", "min_known_share"}
    assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rule.values())
    assert rule["threshold"] == manifest["threshold"]


def test_manifest_rule_is_applied(small_bundle):
    from classify import Predictor
    from classify.bundle import load_bundle

    bundle = load_bundle(small_bundle)
    bundle.manifest = {**bundle.manifest, "uncertainty": {**bundle.manifest["uncertainty"], "min_chars": 200}}
    strict = Predictor(bundle, threshold=0.0)
    assert strict.predict("春风行动专场招聘会提供岗位两千多个，现场达成就业意向三百人。").uncertain
    bundle.manifest["uncertainty"]["min_chars"] = 1
    assert not Predictor(bundle, threshold=0.0).predict("春风行动专场招聘会提供岗位两千多个，现场达成就业意向三百人。").uncertain


def _naive_known_share(tokens, known):
    distinct = {t for t in tokens if t.strip()}
    return sum(t in known for t in distinct) / len(distinct) if distinct else 1.0


@pytest.mark.parametrize("known", [{"a", "c"}, frozenset({"a", "c"}), ["a", "c"], {"a": 1, "c": 2}])
def test_known_share_is_the_same_for_every_kind_of_vocabulary(known):
    tokens = ["a", "a", "b", " ", "", "\u3000", "c", "d", "d"]
    assert known_share(tokens, known) == _naive_known_share(tokens, known) == 0.5


def test_short_text_counts_characters_without_any_blank():
    # 9 characters once spaces, tabs, line breaks and ideographic spaces are out: short
    assert out_of_domain("一二\t三 四\r\n五\u3000六七八九", ["一"], None) == "short"
    assert out_of_domain("一二\t三 四\r\n五\u3000六七八九十", ["一"], None) is None
    assert out_of_domain(" \t\r\n\u3000", [], None) == "empty"
