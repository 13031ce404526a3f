"""Train the shipped default model: `python train.py`.

Reads every labeled file in data/labeled/, cross-validates (5 folds), fits the classifier and the
summarizer, and writes models/domains.joblib with its manifest models/domains.json. The same data
gives the same model and the same manifest metrics on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from classify.cli import main

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.exit(main(["train", "--data", str(ROOT / "data" / "labeled"), "--out", str(ROOT / "models" / "domains"),
                   "--cv", "5", *sys.argv[1:]]))
