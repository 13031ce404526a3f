"""Traditional-Chinese pages: do they get the labels of their simplified twins?

    python bench/traditional.py

Every gold page (tests/pages, data/samples) is written in traditional characters with OpenCC
(s2t) and tagged three ways: as `classify tag` reads it (converted with OpenCC), converted with
the built-in table only (OpenCC absent), and raw (no conversion). Prints how many articles keep
the label of the simplified page in each case, and how many records keep the traditional text.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import opencc

    from classify import script
    from classify.predictor import Predictor
    from classify.read import read_text
    from classify.tag import tag_text

    s2t = opencc.OpenCC("s2t")
    predictor = Predictor.load()
    pages = [*sorted((ROOT / "tests" / "pages").glob("*.txt")), *sorted((ROOT / "data" / "samples").glob("*.txt"))]
    same = {"opencc": 0, "table": 0, "raw": 0}
    kept = total = 0
    for page in pages:
        text = read_text(page)
        simple = tag_text(predictor, text, "s")
        trad = s2t.convert(text)
        if len(trad) != len(text):
            continue
        runs = {"opencc": tag_text(predictor, trad, "t")}
        with mock.patch.object(script, "_opencc", lambda: None):
            runs["table"] = tag_text(predictor, trad, "t")
        with mock.patch.object(script, "is_traditional", lambda _t: False):
            import classify.tag as tag_module

            with mock.patch.object(tag_module, "is_traditional", lambda _t: False):
                runs["raw"] = tag_text(predictor, trad, "t")
        for how, recs in runs.items():
            if len(recs) == len(simple):
                same[how] += sum(a["label"] == b["label"] for a, b in zip(recs, simple, strict=True))
        total += len(simple)
        kept += sum(r["body"] == s2t.convert(s["body"]) for r, s in zip(runs["opencc"], simple, strict=False))
    print(f"{len(pages)} pages, {total} articles; labels as the simplified twin: OpenCC {same['opencc']}/{total}, "
          f"built-in table {same['table']}/{total}, unconverted {same['raw']}/{total}")
    print(f"records whose body is the traditional text (OpenCC run): {kept}/{total}")


if __name__ == "__main__":
    main()
