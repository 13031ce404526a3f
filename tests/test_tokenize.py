from __future__ import annotations

import os
import pickle
import subprocess
import sys

from classify.tokenize import cut, tokenize, words


def test_cut_reassembles_the_text():
    text = "本报讯 市图书馆开设城市书房，AI 导览上线。"
    assert "".join(cut(text)) == text


def test_tokenize_drops_spaces_and_lowercases():
    toks = tokenize("城市书房 AI导览")
    assert " " not in toks and "ai" in toks
    assert words([" ", "AI", "书房"]) == ["ai", "书房"]


def test_tokenizer_pickles_by_reference():
    assert pickle.loads(pickle.dumps(tokenize)) is tokenize


def _run(env_extra: dict) -> subprocess.CompletedProcess:
    # jieba is the backend with a dictionary cache (rjieba builds its dictionary in memory)
    env = {**os.environ, "CLASSIFY_TOKENIZER": "jieba", **env_extra}
    code = "from classify.tokenize import tokenize; print('|'.join(tokenize('反诈宣传进社区')))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_unwritable_cache_is_not_an_error(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    out = _run({"CLASSIFY_CACHE": str(blocker / "cache")})  # a folder inside a file: cannot exist
    assert out.returncode == 0 and "反诈" in out.stdout
    assert out.stderr == ""  # jieba's log is silenced, even its cache-write traceback


def test_cache_goes_to_the_per_user_directory(tmp_path):
    out = _run({"CLASSIFY_CACHE": str(tmp_path)})
    assert out.returncode == 0
    assert any(p.name.endswith(".cache") for p in tmp_path.iterdir())


def test_backend_is_chosen_by_environment_and_recorded():
    code = ("from classify.tokenize import get_tokenizer; t = get_tokenizer(); "
            "print(t.backend, '|'.join(t.cut('2024-05-01')))")
    for backend in ("jieba", "rjieba"):
        out = _run({"CLASSIFY_TOKENIZER": backend})
        assert out.returncode == 0
        env = {**os.environ, "CLASSIFY_TOKENIZER": backend}
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert res.stdout.split()[0] == backend
    bad = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "CLASSIFY_TOKENIZER": "nltk"})
    assert bad.returncode != 0 and "CLASSIFY_TOKENIZER='nltk' is not a tokenizer" in bad.stderr


def test_malformed_user_dictionary_names_the_line():
    import pytest

    from classify.tokenize import TokenizerError, parse_user_dict

    assert parse_user_dict("云计算\n数智 5\n服务站 3 n\n\n") == (("云计算", None, None), ("数智", 5, None),
                                                               ("服务站", 3, "n"))
    with pytest.raises(TokenizerError, match="dict.txt:2"):
        parse_user_dict("好\n一 二 三 四\n", "dict.txt")
