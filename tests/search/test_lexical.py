"""The lexical index: tokens for code and ML jargon, BM25 over people, phrases, normalisation, evidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from models.records import CommitText, Profile
from models.settings import Settings
from search.engine import SearchEngine
from search.lexical import LexicalEvidence, LexicalIndex, fold, tokenize
from search.memory import HashingEncoder, MemorySource, MemoryVectors


def commit(sha: str, subject: str, text: str = "", repo: str = "acme/tensorkit") -> CommitText:
    return CommitText(repo, sha.ljust(40, "0"), subject, text, date(2025, 1, 1))


# Fictional people; filler commits make the corpus big enough for idf to mean something.
FILLER = [
    "Fix typo in README",
    "Bump version to 0.4.1",
    "Refactor tensor layout helpers",
    "Add tests for matmul broadcasting",
    "Update CI workflow cache",
]
DOCS = {
    "gh:ada": [
        commit("a1", "Add NCCL all-reduce for tensor parallel", "Uses ncclAllReduce on each rank.\nsrc/dist/nccl.rs"),
        commit("a2", "Shard embeddings across ranks"),
        commit("a3", "Fix typo in README"),
    ],
    "gh:bo": [
        commit("b1", "Enable gradient checkpointing in the trainer", "train/checkpointing.py"),
        commit("b2", "Add tests for matmul broadcasting"),
    ],
    "gh:cy": [
        commit("c1", "Save a checkpoint every epoch"),
        commit("c2", "Clip the gradient norm before the optimizer step"),
    ],
    "gh:di": [
        commit("d1", "Q4_K dequantization with AVX512", "kernels/q4_k.c\n_mm512_fmadd_ps"),
        commit("d2", "fp8 e4m3 matmul on sm_90", "kernels/fp8_gemm.cu"),
    ],
    "gh:ed": [commit("e1", "Port the C++ backend to Metal", "backend/metal/ops.metal")],
    **{f"gh:filler{i}": [commit(f"f{i}{j}", s) for j, s in enumerate(FILLER)] for i in range(6)},
}


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(DOCS)


def top(scores: dict[str, float]) -> str:
    return max(scores, key=lambda pid: scores[pid])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all_reduce", {"all", "reduc", "allreduc"}),
        ("ncclAllReduce", {"nccl", "all", "reduc", "ncclall", "allreduc", "ncclallreduc"}),
        ("fp8", {"fp8", "fp"}),
        ("bf16", {"bf16", "bf"}),
        ("Q4_K", {"q4", "q4k"}),
        ("sm_90", {"sm", "sm90"}),
        ("AVX512", {"avx512", "avx"}),
        ("C++ code", {"cpp", "code", "cppcode"}),
        ("ggml/src/ggml-cuda/fattn.cu", {"ggml", "src", "cuda", "ggmlcuda", "fattn", "cu"}),
        ("Qwen2 support", {"qwen2", "qwen", "support", "qwen2support"}),
        ("HTTPServer", {"http", "server", "httpserver"}),
    ],
)
def test_tokens_split_code_words_and_keep_the_joined_word(text: str, expected: set[str]) -> None:
    assert set(tokenize(text)) == expected


def test_phrase_hyphenated_word_and_identifier_share_one_token() -> None:
    joined = {"allreduc"}
    for text in ("all reduce", "all-reduce", "all_reduce", "AllReduce", "allreduce"):
        assert joined <= set(tokenize(text)), text
    assert "gradientcheckpoint" in tokenize("gradient checkpointing")
    assert "gradientcheckpoint" in tokenize("gradient_checkpointing")


def test_stopwords_hashes_and_numbers_are_dropped_and_plurals_folded() -> None:
    assert tokenize("the and of 1234 a3f9c2e81b") == []
    assert fold("kernels") == fold("kernel") == "kernel"
    assert fold("checkpointing") == "checkpoint"
    assert fold("autotuning") == fold("autotuned") == fold("autotune")
    assert fold("gpus") == "gpu" and fold("status") == "status" and fold("ops") == "ops"  # short words stay as they are


def test_a_word_only_one_person_wrote_ranks_that_person_first(index: LexicalIndex) -> None:
    assert top(index.scores("NCCL")) == "gh:ada"
    assert set(index.scores("metal")) == {"gh:ed"}
    assert top(index.scores("fp8")) == "gh:di"
    assert set(index.scores("q4_k")) == {"gh:di"}


def test_the_whole_phrase_beats_its_words_in_separate_commits(index: LexicalIndex) -> None:
    scores = index.scores("gradient checkpointing")
    assert {"gh:bo", "gh:cy"} <= set(scores)  # cy has both words, in different commits
    assert scores["gh:bo"] > scores["gh:cy"]


def test_a_phrase_in_prose_finds_the_identifier(index: LexicalIndex) -> None:
    assert top(index.scores("all reduce")) == "gh:ada"
    assert top(index.scores(["C++"])) == "gh:ed"


def test_normalised_scores_lie_in_zero_one_and_are_not_rescaled_to_the_best(index: LexicalIndex) -> None:
    for query in ("NCCL", "gradient checkpointing", "matmul tests", "fix typo readme", "fp8 sm_90 e4m3"):
        assert all(0.0 < v < 1.0 for v in index.scores(query).values()), query
    assert max(index.scores("NCCL").values()) < 0.9  # one mention: a partial match, even for the best
    # a word someone lacks lowers them; the one who has both words now leads
    typo, nccl_typo = index.scores("typo"), index.scores("nccl typo")
    assert nccl_typo["gh:filler0"] < typo["gh:filler0"]
    assert top(nccl_typo) == "gh:ada"
    raw, normalised = index.raw_scores("NCCL"), index.scores("NCCL")
    assert raw.keys() == normalised.keys() and raw["gh:ada"] > normalised["gh:ada"]


def test_term_scores_score_each_phrase_on_its_own(index: LexicalIndex) -> None:
    per = index.term_scores(["NCCL", "gradient checkpointing", "qwpoe"])
    assert top(per["NCCL"]) == "gh:ada"
    assert top(per["gradient checkpointing"]) == "gh:bo"
    assert per["qwpoe"] == {}


def test_empty_or_unknown_queries_find_nobody(index: LexicalIndex) -> None:
    for query in ("", "   ", "the of and", "qwpoe zzxq blorf", []):
        assert index.scores(query) == {}
    assert LexicalIndex.build({}).scores("nccl") == {}
    assert LexicalIndex.build({"gh:nobody": []}).scores("nccl") == {}


def test_evidence_cites_the_commits_holding_the_terms(index: LexicalIndex) -> None:
    (hit,) = index.evidence("gh:ada", "NCCL")
    assert hit == LexicalEvidence("acme/tensorkit", "a1".ljust(40, "0"), "Add NCCL all-reduce for tensor parallel")
    assert [e.sha[:2] for e in index.evidence("gh:ada", ["nccl", "shard"], limit=5)] == ["a1", "a2"]
    assert index.evidence("gh:ada", "NCCL", limit=0) == []
    assert index.evidence("gh:cy", "NCCL") == []
    assert index.evidence("gh:nobody", "NCCL") == []
    # the whole phrase first: bo's commit has it, cy's two commits have a word each
    assert [e.sha[:2] for e in index.evidence("gh:bo", "gradient checkpointing")] == ["b1"]


def test_engine_snapshot_builds_the_index_from_the_source(profile: Callable[..., Profile]) -> None:
    people = [
        profile("gh:ada", skills={"quantization": 0.8}, details={"quantization": ["Q4_K"]}),
        profile("gh:bo", skills={"simd": 0.6}, details={"simd": ["neon"]}),
    ]
    enc = HashingEncoder()
    source = MemorySource(people)
    engine = SearchEngine(Settings(), source, enc, MemoryVectors(people, enc), refresh_seconds=0)
    assert engine.snapshot.lexical is not None and len(engine.snapshot.lexical) == 2
    assert set(engine.lexical_scores("q4_k")) == {"gh:ada"}
    assert top(engine.lexical_scores("NEON simd")) == "gh:bo"
    assert engine.lexical_scores("qwpoe") == {}

    before = engine.snapshot.lexical
    source.replace(people[:1])
    assert engine.snapshot.lexical is not before
    assert engine.lexical_scores("neon") == {}


def test_a_reload_with_the_same_commit_text_keeps_the_index(profile: Callable[..., Profile]) -> None:
    class SameText(MemorySource):
        def evidence_token(self) -> tuple[int]:
            return (1,)

    people = [profile("gh:ada", skills={"quantization": 0.8})]
    source = SameText(people)
    engine = SearchEngine(Settings(), source, None, None, refresh_seconds=0)
    before = engine.snapshot.lexical
    source.replace(people)  # a new snapshot token, the same text token
    assert engine.snapshot is not None and engine.snapshot.lexical is before
