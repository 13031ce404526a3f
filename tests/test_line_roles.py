"""The learned line-role tagger: deterministic training, numpy-only model files that are
verified before they are read, decoding under the learned transitions, and that it learns."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest

from classify.line_roles import LineRoleModel, _viterbi, page_examples, train_line_roles
from classify.normalize import split_lines
from classify.simulate import simulate_pages
from classify.split import ROLES, Tagger, line_facts


@cache
def _train_pages():
    return tuple(page_examples(p.text, roles=p.roles) for p in simulate_pages(25, 1))


@cache
def _model() -> LineRoleModel:
    return train_line_roles(_train_pages())


def test_training_is_deterministic():
    a, b = _model(), train_line_roles(_train_pages())
    assert a.vocabulary == b.vocabulary
    for key, value in a.to_arrays().items():
        assert np.array_equal(value, b.to_arrays()[key]), key


def test_model_is_a_tagger_and_beats_the_majority_role_on_unseen_pages():
    model = _model()
    assert isinstance(model, Tagger)
    test = [page_examples(p.text, roles=p.roles) for p in simulate_pages(10, 99)]
    n = correct = body = 0
    for facts, labels in test:
        predicted = model.predict_roles(facts)
        assert len(predicted) == len(facts) and set(predicted) <= set(ROLES)
        n += len(labels)
        correct += sum(p == g for p, g in zip(predicted, labels, strict=True))
        body += labels.count("body")
    assert correct / n > body / n + 0.05, (correct / n, body / n)
    titles = [(p, g) for facts, labels in test for p, g in zip(model.predict_roles(facts), labels, strict=True)
              if g == "title"]
    assert sum(p == g for p, g in titles) / len(titles) > 0.5


def test_arrays_round_trip_and_file_round_trip(tmp_path):
    model = _model()
    again = LineRoleModel.from_arrays(model.to_arrays())
    facts = _train_pages()[0][0]
    assert again.predict_roles(facts) == model.predict_roles(facts)
    path = model.save(tmp_path / "roles")
    first = path.read_bytes()
    model.save(tmp_path / "roles")
    assert path.read_bytes() == first, "saving the same model twice must give the same bytes"
    loaded = LineRoleModel.load(tmp_path / "roles")
    assert loaded.predict_roles(facts) == model.predict_roles(facts)
    with np.load(path, allow_pickle=False) as arrays:  # nothing in the file needs unpickling
        assert {"weights", "vocabulary", "transitions", "start", "roles", "bias"} <= set(arrays.files)


def test_tampered_or_missing_model_is_refused(tmp_path):
    path = _model().save(tmp_path / "roles")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="sha256"):
        LineRoleModel.load(tmp_path / "roles")
    with pytest.raises(ValueError, match="train.py"):
        LineRoleModel.load(tmp_path / "absent")


def test_viterbi_never_takes_a_forbidden_transition_the_emissions_do_not_force():
    # two roles; 0 -> 1 forbidden; emissions mildly prefer 0 then 1
    emission = np.log(np.array([[0.6, 0.4], [0.4, 0.6]]))
    forbidden = np.array([[0.0, -50.0], [0.0, 0.0]])
    assert _viterbi(emission, forbidden, np.zeros(2)) in ([0, 0], [1, 1])
    free = np.zeros((2, 2))
    assert _viterbi(emission, free, np.zeros(2)) == [0, 1]


def test_decoding_follows_the_learned_transitions():
    """No decoded page has a role pair that never occurs in training (unless a line forces it)."""
    model = _model()
    seen = {(a, b) for _, labels in _train_pages() for a, b in zip(labels, labels[1:], strict=False)}
    bad = 0
    total = 0
    for page in simulate_pages(10, 98):
        facts = line_facts(split_lines(page.text))
        roles = model.predict_roles(facts)
        total += len(roles)
        bad += sum((a, b) not in seen for a, b in zip(roles, roles[1:], strict=False))
    assert bad <= total * 0.01


def test_gold_pages_give_training_examples():
    from pathlib import Path

    from classify.evaluate import load_gold
    from classify.read import read_text

    path, gold = load_gold(Path(__file__).parent / "pages")[0]
    facts, labels = page_examples(read_text(path), gold_articles=gold["articles"])
    assert len(facts) == len(labels) and "title" in labels and "body" in labels
    with pytest.raises(ValueError):
        page_examples("标题\n\n正文。\n", roles=[None, None, None])
    assert json.dumps(_model().meta)  # the manifest metadata is plain JSON
