"""A learned line-role tagger: a linear model over line facts with Viterbi decoding.

The splitter's rules read facts off each line (`classify.split.line_facts`); here those same
facts are the features of a multinomial logistic regression, together with the facts of the
lines before and after (a headline is short *and* followed by a blank and a long line). Roles
are then decoded for the whole page at once under a transition matrix learned from the training
pages, so a role sequence never seen there (a subtitle before its title, a pretitle after the
body) costs a large penalty and runs such as a title group stay contiguous.

At prediction time the model is three numpy arrays and a vocabulary (feature name -> column):
no pickled object is loaded, so a model file never runs code (`to_arrays`/`from_arrays`,
`save`/`load` with a sha256 manifest). scikit-learn is used only to fit.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# neighbour offsets whose facts join a line's own: a role depends on the lines around it
_OFFSETS = (-2, -1, 1, 2)
# facts copied from the neighbours (the most telling ones; all of them would triple the model)
_NEIGHBOUR_KEYS = ("heading_shape", "ends_sentence", "byline_line", "opener", "credit", "blank_before",
                   "blank_after", "width_ratio", "chars", "starts_dash", "region_label", "column_label",
                   "box_label", "jump", "furniture", "date_lead", "brief_lead", "letter_spaced", "full_stops")
_SHORT_BLOCK = 8  # lines; a block this long is prose, its shape says nothing of headlines
_COUNT_KEYS = ("chars", "width", "column_width", "commas", "full_stops", "digits", "latin", "ad_words")


@dataclass(frozen=True)
class TaggerOptions:
    """Fitting settings, each with its reason."""

    c: float = 2.0  # inverse L2 strength: features are few and dense, mild regularisation suffices
    max_iter: int = 400  # lbfgs converges well before this on a few hundred pages
    min_count: int = 5  # a one-hot value (first character, ...) seen fewer times is noise
    unseen_transition: float = -8.0  # log-penalty of a transition never seen in training: allowed
    # only when the emissions insist (a page unlike any we trained on), never by default
    transition_smoothing: float = 0.5  # add-k smoothing of transition counts seen at least once
    use_rules: bool = True  # the rule splitter's per-line decisions as features (stacking): the
    # tagger then starts from the rules and learns where they fail


def _blocks(facts: Sequence) -> list[tuple[int, int]]:
    """(start, end) positions of the run of lines between blank lines holding each line."""
    out: list[tuple[int, int]] = []
    start = 0
    for p in range(len(facts)):
        if p and facts[p].blank_before:
            start = p
        out.append((start, -1))
    end = len(facts) - 1
    for p in range(len(facts) - 1, -1, -1):
        out[p] = (out[p][0], end)
        if facts[p].blank_before:
            end = p - 1
    return out


def rule_decisions(facts: Sequence) -> list[tuple[str, str]]:
    """(role, rule) the rule splitter gives each line: the rules as features of the tagger.

    The page is rebuilt from the facts' normalised lines (normalising is idempotent), so the
    tagger needs nothing but the facts, as the `Tagger` protocol says."""
    from .split import parse_page

    if not facts:
        return []
    lines = [""] * (facts[-1].index + 1)
    for f in facts:
        lines[f.index] = f.raw
    by_line = {d.line - 1: (d.role, d.rule) for d in parse_page("\n".join(lines), explain=True).decisions}
    return [by_line.get(f.index, ("body", "none")) for f in facts]


def page_features(facts: Sequence, rules: Sequence[tuple[str, str]] | None = None) -> list[dict[str, float]]:
    """Feature dicts of every line of a page (linear in the page: blocks are summed up once).

    With `rules` (from `rule_decisions`), the rule splitter's role and rule for the line and its
    neighbours' roles join the features: the tagger learns where to trust the rules."""
    blocks = _blocks(facts)
    summary: dict[tuple[int, int], dict[str, float]] = {}
    for start, end in dict.fromkeys(blocks):
        span = range(start, end + 1)
        short = end - start < _SHORT_BLOCK
        summary[(start, end)] = {
            "block_len": math.log1p(end - start + 1),
            "block_all_heading": float(short and all(facts[q].heading_shape for q in span)),
            "block_max_ratio": max(facts[q].width_ratio for q in span) if short else 1.0,
            "block_photo_credit": float(any(facts[q].photo_credit for q in span)),
            "block_opener": float(any(facts[q].opener for q in span)),
            "block_byline": float(any(facts[q].byline_line for q in span)),
        }
    own = [f.features() for f in facts]
    out = []
    for p in range(len(facts)):
        feats = line_features(facts, p, own)
        start, end = blocks[p]
        feats.update(summary[(start, end)])
        feats["block_first"] = float(p == start)
        feats["block_last"] = float(p == end)
        for name, q in (("prev_block", start - 1), ("next_block", end + 1)):
            if 0 <= q < len(facts):
                other = summary[blocks[q]]
                feats[f"{name}_heading"] = other["block_all_heading"]
                feats[f"{name}_len"] = other["block_len"]
                feats[f"{name}_opener"] = other["block_opener"]
        f = facts[p]
        # conjunctions a linear model cannot form itself
        feats["heading_alone"] = float(f.heading_shape and start == end)
        feats["heading_after_sentence"] = float(f.heading_shape and p > 0 and facts[p - 1].ends_sentence)
        feats["heading_before_opener"] = float(f.heading_shape and p + 1 < len(facts) and bool(facts[p + 1].opener))
        if rules is not None:
            feats[f"rule_role={rules[p][0]}"] = 1.0
            feats[f"rule={rules[p][1]}"] = 1.0
            for off in (-1, 1):
                if 0 <= p + off < len(facts):
                    feats[f"{off}:rule_role={rules[p + off][0]}"] = 1.0
        out.append(feats)
    return out


def line_features(facts: Sequence, p: int, own: Sequence[dict] | None = None) -> dict[str, float]:
    """Feature dict of line `p`: its facts and some facts of its neighbours, all numeric.
    `own` holds every line's `features()` when the caller has them already."""
    own = own if own is not None else [f.features() for f in facts]
    out: dict[str, float] = {"bias": 1.0}
    _add(out, "", own[p])
    for off in _OFFSETS:
        q = p + off
        if 0 <= q < len(facts):
            nb = own[q]
            _add(out, f"{off}:", {k: nb[k] for k in _NEIGHBOUR_KEYS if k in nb})
        else:
            out[f"{off}:edge"] = 1.0
    return out


def _add(out: dict[str, float], prefix: str, feats: dict) -> None:
    for k, v in feats.items():
        if isinstance(v, bool):
            if v:
                out[prefix + k] = 1.0
        elif isinstance(v, (int, float)):
            out[prefix + k] = math.log1p(max(0.0, float(v))) if k in _COUNT_KEYS else float(v)
        else:
            out[f"{prefix}{k}={v}"] = 1.0


def _viterbi(emission: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> list[int]:
    """Best role path: emission (n, k) log-probabilities, transitions (k, k), start (k,)."""
    n, k = emission.shape
    score = start + emission[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + transitions  # (from, to)
        back[t] = np.argmax(cand, axis=0)
        score = cand[back[t], np.arange(k)] + emission[t]
    path = [int(np.argmax(score))]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


@dataclass
class LineRoleModel:
    """Linear line-role model: `predict_roles(facts)` satisfies `classify.split.Tagger`."""

    roles: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (n_features, n_roles)
    bias: np.ndarray  # (n_roles,)
    transitions: np.ndarray  # (n_roles, n_roles) log-scores, from -> to
    start: np.ndarray  # (n_roles,) log-scores of the first line's role
    use_rules: bool = True  # the rule splitter's decisions are features
    meta: dict = field(default_factory=dict)

    def scores(self, facts: Sequence) -> np.ndarray:
        """Per-line linear scores of each role: the weights of the features each line has."""
        rules = rule_decisions(facts) if self.use_rules else None
        z = np.tile(self.bias, (len(facts), 1))
        for p, feats in enumerate(page_features(facts, rules)):
            cols, vals = [], []
            for k, v in feats.items():
                j = self.vocabulary.get(k)
                if j is not None:
                    cols.append(j)
                    vals.append(v)
            z[p] += np.asarray(vals) @ self.weights[cols]
        return z

    def emissions(self, facts: Sequence) -> np.ndarray:
        """Per-line log-probabilities of each role (no sequence constraints)."""
        z = self.scores(facts)
        z -= z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def predict_roles(self, facts: Sequence) -> list[str]:
        if not facts:
            return []
        path = _viterbi(self.emissions(facts), self.transitions, self.start)
        return [self.roles[i] for i in path]

    # -- plain arrays, no pickle ----------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {"roles": np.array(self.roles), "vocabulary": np.array(names), "weights": self.weights,
                "bias": self.bias, "transitions": self.transitions, "start": self.start,
                "use_rules": np.array([int(self.use_rules)])}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict | None = None) -> LineRoleModel:
        names = [str(s) for s in arrays["vocabulary"]]
        return cls(tuple(str(r) for r in arrays["roles"]), {n: i for i, n in enumerate(names)},
                   np.asarray(arrays["weights"], dtype=float), np.asarray(arrays["bias"], dtype=float),
                   np.asarray(arrays["transitions"], dtype=float), np.asarray(arrays["start"], dtype=float),
                   bool(np.ravel(arrays["use_rules"])[0]) if "use_rules" in arrays else False, dict(meta or {}))

    def save(self, path: str | Path) -> Path:
        """`PATH.npz` (arrays) and `PATH.json` (manifest with its sha256), each written whole."""
        path = Path(path)
        npz, manifest = path.with_suffix(".npz"), path.with_suffix(".json")
        tmp = npz.with_name(npz.name + ".tmp")
        _write_npz(tmp, self.to_arrays())
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        tmp.replace(npz)
        info = {"format": "classify.line_roles/1", "file": npz.name, "sha256": digest, **self.meta}
        tmp = manifest.with_name(manifest.name + ".tmp")
        tmp.write_text(json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(manifest)
        return npz

    @classmethod
    def load(cls, path: str | Path) -> LineRoleModel:
        """Verify the sha256 in the manifest, then read the arrays with pickling disabled."""
        path = Path(path)
        npz, manifest = path.with_suffix(".npz"), path.with_suffix(".json")
        try:
            info = json.loads(manifest.read_text(encoding="utf-8"))
            data = npz.read_bytes()
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the line-role model ({exc}); run `python train.py`") from exc
        if hashlib.sha256(data).hexdigest() != info.get("sha256"):
            raise ValueError(f"{npz}: sha256 does not match {manifest.name}; retrain with `python train.py`")
        import io

        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return cls.from_arrays({k: arrays[k] for k in arrays.files}, info)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An `.npz` that `np.load` reads, with fixed zip timestamps (`np.savez` stamps the current
    time, so the same model would get a new sha256 on every run)."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(arrays[name]), allow_pickle=False)


# ---------------------------------------------------------------------------------------------
# Training


def page_examples(text: str, roles: Sequence[str | None] | None = None,
                  gold_articles: Sequence[dict] | None = None) -> tuple[list, list[str]]:
    """Line facts of a page and their roles: from per-raw-line roles (simulated pages) or
    derived from gold article fields (`classify.split.gold.gold_roles`)."""
    from .normalize import split_lines
    from .split import line_facts
    from .split.gold import gold_roles

    lines = split_lines(text)
    facts = line_facts(lines)
    if roles is not None:
        labels = [roles[f.index] for f in facts]
        if any(r is None for r in labels):
            raise ValueError("a non-blank line has no role")
        labels = [_credit_or_byline(f.text) if r in ("byline", "credit") else r for f, r in zip(facts, labels, strict=True)]
    else:
        labels = gold_roles(lines, gold_articles or [])
    return facts, list(labels)


def _credit_or_byline(text: str) -> str:
    """A reporter's line of its own is `byline`, a photo credit `credit`: the convention of the
    gold roles (`classify.split.gold`), applied to simulated pages too so both teach the same."""
    from . import bylines

    return "credit" if bylines.is_photo_credit(text) and "记者" not in text[:4] else "byline"


def train_line_roles(pages: Iterable[tuple], options: TaggerOptions | None = None,
                     roles: Sequence[str] | None = None) -> LineRoleModel:
    """Fit on (facts, roles) or (facts, roles, weight) pages. Deterministic: same pages in the
    same order, same model."""
    from scipy.sparse import csr_matrix, diags
    from sklearn.linear_model import LogisticRegression

    from .split import ROLES

    options = options or TaggerOptions()
    roles = tuple(roles or ROLES)
    index = {r: i for i, r in enumerate(roles)}
    pages = [(f, r, w) for f, r, w in (_weighted(page) for page in pages) if f]
    rows: list[dict[str, float]] = []
    y: list[int] = []
    sample_weight: list[float] = []
    counts: dict[str, int] = {}
    for facts, labels, weight in pages:
        rules = rule_decisions(facts) if options.use_rules else None
        for p, feats in enumerate(page_features(facts, rules)):
            rows.append(feats)
            sample_weight.append(weight)
            y.append(index[labels[p]])
            for k in feats:
                counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, c in counts.items() if c >= options.min_count or "=" not in k)
    vocabulary = {k: i for i, k in enumerate(names)}
    indptr, indices, values = [0], [], []
    for feats in rows:
        for k, v in sorted(feats.items()):
            j = vocabulary.get(k)
            if j is not None and v:
                indices.append(j)
                values.append(v)
        indptr.append(len(indices))
    x = csr_matrix((np.array(values), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                   shape=(len(rows), len(names)))
    y_arr = np.array(y)
    # columns scaled to at most 1 in absolute value for the solver; folded back into the weights
    scale = np.asarray(abs(x).max(axis=0).todense()).ravel()
    scale[scale == 0] = 1.0
    x = x @ diags(1.0 / scale)
    present = sorted(set(y))
    clf = LogisticRegression(C=options.c, max_iter=options.max_iter)
    clf.fit(x, y_arr, sample_weight=np.array(sample_weight))
    weights = np.full((len(names), len(roles)), 0.0)
    bias = np.full(len(roles), -30.0)  # a role absent from training is never predicted
    coef = clf.coef_ / scale
    weights[:, present] = coef.T if len(present) > 2 else np.column_stack([-coef[0], coef[0]])
    bias[present] = clf.intercept_ if len(present) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
    k = len(roles)
    trans = np.zeros((k, k))
    start = np.zeros(k)
    for _, labels, _ in pages:
        start[index[labels[0]]] += 1
        for a, b in zip(labels, labels[1:], strict=False):
            trans[index[a], index[b]] += 1
    totals = trans.sum(axis=1, keepdims=True) + options.transition_smoothing * k
    log_t = np.full((k, k), options.unseen_transition)
    seen = trans > 0
    log_t[seen] = (np.log(trans + options.transition_smoothing) - np.log(totals))[seen]
    log_s = np.full(k, options.unseen_transition)
    log_s[start > 0] = np.log(start[start > 0] / start.sum())
    meta = {"lines": len(y), "pages": len(pages), "features": len(names),
            "role_counts": {r: int((y_arr == i).sum()) for r, i in index.items()}}
    return LineRoleModel(roles, vocabulary, weights, bias, log_t, log_s, options.use_rules, meta)


def _weighted(page: tuple) -> tuple:
    """(facts, roles) or (facts, roles, weight); a page without a weight weighs 1."""
    return page if len(page) == 3 else (*page, 1.0)


def training_pages(sim_pages: int = 300, sim_seed: int = 1, gold_dirs: Sequence[str | Path] = (),
                   gold_weight: float = 5.0) -> list:
    """Simulated pages (roles exact) plus gold pages (roles derived from their fields), the
    latter weighted up: they are real layouts, and few against hundreds of simulated pages."""
    from .evaluate import load_gold
    from .read import read_text
    from .simulate import simulate_pages

    out = [page_examples(p.text, roles=p.roles) for p in simulate_pages(sim_pages, sim_seed)]
    for directory in gold_dirs:
        for path, gold in load_gold(directory):
            out.append((*page_examples(read_text(path), gold_articles=gold["articles"]), gold_weight))
    return out
