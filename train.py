"""Train the shipped default model: `python train.py`.

Reads every labeled file in data/labeled/, cross-validates (5 folds), fits the classifier and the
summarizer, and writes models/domains.joblib with its manifest models/domains.json. Then fits the
line-role tagger of the splitter on simulated pages and the gold pages of tests/pages and writes
models/line_roles.npz (plain arrays) with its manifest models/line_roles.json. The same data
gives the same models and the same manifests on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from classify.cli import main

ROOT = Path(__file__).resolve().parent


def train_line_role_model() -> Path:
    """Simulated pages (seed 1) plus tests/pages gold -> models/line_roles.{npz,json}."""
    from classify.line_roles import train_line_roles, training_pages

    model = train_line_roles(training_pages(gold_dirs=[ROOT / "tests" / "pages"]))
    path = model.save(ROOT / "models" / "line_roles")
    print(f"line-role tagger: {model.meta['lines']} lines from {model.meta['pages']} pages -> {path}",
          file=sys.stderr)
    return path


if __name__ == "__main__":
    code = main(["train", "--data", str(ROOT / "data" / "labeled"), "--out", str(ROOT / "models" / "domains"),
                 "--cv", "5", *sys.argv[1:]])
    if code == 0:
        train_line_role_model()
    sys.exit(code)
