"""Query understanding: recruiter sentences in, interpretations out (real embedding model for paraphrases)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from search.understand import understand
from search.vocab import Vocabulary

TODAY = date(2026, 6, 1)
INDEXED = ["huggingface/candle", "tracel-ai/burn", "ggml-org/ggml", "ml-explore/mlx", "huggingface/tokenizers"]


@pytest.fixture(scope="module")
def vocab(embedder: Any) -> Vocabulary:
    return Vocabulary.build(INDEXED, embedder)


@pytest.fixture(scope="module")
def read(vocab: Vocabulary, embedder: Any) -> Any:
    return lambda text: understand(text, vocab, embedder, TODAY)


def test_languages_repos_and_skills_from_the_canonical_query(read: Any) -> None:
    i = read("Rust engineers on candle with quantization experience")
    assert i.languages == ["rust"]
    assert i.repos == ["huggingface/candle"]
    assert i.skills == ["quantization"]
    assert i.groups == [["language:rust"], ["skill:quantization"]]
    assert i.active_since is None and i.exclusions == []


def test_avx512_kernels_are_simd_not_cuda_and_python_only_is_excluded_not_asked_for(read: Any) -> None:
    i = read("C++ people who hand-write AVX-512 kernels, active this year, not Python-only")
    assert i.languages == ["cpp"]
    assert i.skills == ["simd"]
    assert i.exclusions == ["python_only"]
    assert i.active_since == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("C++ people", "cpp"),
        ("cpp developers", "cpp"),
        ("Rustaceans", "rust"),
        ("C developers", "c"),
        ("Golang engineers", "go"),
        ("Zig hackers", "zig"),
    ],
)
def test_language_names(read: Any, text: str, language: str) -> None:
    assert read(text).languages == [language]


def test_lowercase_words_that_are_also_language_names_are_not_languages(read: Any) -> None:
    i = read("people who go deep into c code paths")
    assert "go" not in i.languages and "c" not in i.languages


def test_cuda_kernels_are_one_requirement_met_by_the_language_or_the_kernel_skill(read: Any) -> None:
    i = read("senior CUDA kernel engineers")
    assert i.groups == [["language:cuda", "skill:cuda_kernel"]]
    assert i.seniority == "senior"
    assert read("CUDA engineers").groups == [["language:cuda"]]


def test_either_or_skills_form_one_group(read: Any) -> None:
    i = read("Metal or CUDA kernels for attention")
    assert ["skill:attention_kernel"] in i.groups
    merged = [g for g in i.groups if "skill:metal_kernel" in g]
    assert merged and "skill:cuda_kernel" in merged[0]


@pytest.mark.parametrize(
    ("text", "repo"),
    [
        ("contributors to candle", "huggingface/candle"),
        ("people who worked on ggml", "ggml-org/ggml"),
        ("Apple MLX developers", "ml-explore/mlx"),
        ("the tracel-ai/burn team", "tracel-ai/burn"),
        ("hf tokenizers maintainers", "huggingface/tokenizers"),
    ],
)
def test_repos_by_name_alias_and_full_name(read: Any, text: str, repo: str) -> None:
    assert read(text).repos == [repo]


def test_catalog_repo_that_is_not_indexed_is_a_note_not_a_constraint(read: Any) -> None:
    i = read("staff engineers who worked on PyTorch internals")
    assert i.repos == []
    assert i.seniority == "staff"
    assert any("pytorch/pytorch" in n and "not indexed" in n for n in i.notes)


def test_llama_cpp_is_a_repo_not_the_cpp_language(read: Any) -> None:
    i = read("people contributing to llama.cpp")
    assert "cpp" not in i.languages


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("someone who packs int4 weights", "quantization"),
        ("hand-written vector code", "simd"),
        ("compressing model weights to fewer bits", "quantization"),
        ("who freed GPU memory safely", "raii_resource"),
        ("engineers who call into C libraries from Rust", "ffi"),
        ("experience with key value caches for LLM inference", "serving"),
        ("people who made inference faster with measured speedups", "benchmark_claim"),
        ("wrote fast attention implementations", "attention_kernel"),
        ("Apple GPU compute kernels", "metal_kernel"),
    ],
)
def test_paraphrases_find_their_skill(read: Any, text: str, skill: str) -> None:
    assert skill in read(text).skills


@pytest.mark.parametrize(
    "text",
    [
        "engineers in Berlin with great communication skills",
        "machine learning engineers with startup experience",
        "people who like hiking and open source",
        "friendly team players who mentor juniors",
        "data scientists building dashboards",
        "deep learning researchers",
    ],
)
def test_unrelated_words_trigger_no_skill(read: Any, text: str) -> None:
    i = read(text)
    assert i.skills == [], i.notes


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("active in the last 6 months", date(2025, 12, 1)),
        ("committed in the past two years", date(2024, 6, 1)),
        ("last 3 weeks", date(2026, 5, 11)),
        ("this year", date(2026, 1, 1)),
        ("since 2025", date(2025, 1, 1)),
        ("since March 2025", date(2025, 3, 1)),
        ("since 2024-07", date(2024, 7, 1)),
        ("active contributors", date(2025, 6, 1)),
        ("recently", date(2025, 12, 1)),
        ("in the last year", date(2025, 6, 1)),
    ],
)
def test_recency(read: Any, text: str, since: date) -> None:
    got = read(f"Rust people {text}").active_since
    assert got is not None and abs((got - since).days) <= 2, got


def test_the_tightest_recency_window_wins(read: Any) -> None:
    assert read("active contributors, last 3 months").active_since == date(2026, 3, 1)


def test_no_recency_words_no_window(read: Any) -> None:
    assert read("Rust engineers on burn").active_since is None


@pytest.mark.parametrize(
    ("text", "level"),
    [("senior Rust engineers", "senior"), ("Staff-level C++", "staff"), ("principal engineer, kernels", "principal")],
)
def test_seniority(read: Any, text: str, level: str) -> None:
    assert read(text).seniority == level


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("not Python-only", "python_only"),
        ("no python only people", "python_only"),
        ("not just Python", "python_only"),
        ("no docs-only contributors", "docs_only"),
        ("excluding docs", "docs_only"),
        ("without documentation-only changes", "docs_only"),
        ("no typo fixers", "typo_only"),
        ("no CI-only people", "ci_only"),
    ],
)
def test_exclusions(read: Any, text: str, flag: str) -> None:
    i = read(f"C++ SIMD engineers, {text}")
    assert flag in i.exclusions
    assert "python" not in i.languages


def test_negated_repo_is_not_required(read: Any) -> None:
    i = read("quantization people, not on tokenizers")
    assert i.repos == []
    assert i.skills == ["quantization"]


def test_generic_words_do_not_become_required_skills(read: Any) -> None:
    i = read("performance-minded engineers who care about latency and tests")
    assert i.skills == []


def test_without_a_model_rules_still_work(vocab: Vocabulary) -> None:
    plain = Vocabulary.build(INDEXED)
    i = understand("Rust engineers on candle with quantization experience, last 6 months", plain, None, TODAY)
    assert i.languages == ["rust"] and i.skills == ["quantization"] and i.repos == ["huggingface/candle"]
    assert i.active_since == date(2025, 12, 1)


def test_an_instruction_set_narrows_the_simd_requirement(read: Any) -> None:
    assert read("C++ people who hand-write AVX-512 kernels").groups == [
        ["language:c", "language:cpp"],
        ["skill:simd:avx512"],
    ]
    assert read("NEON SIMD optimisation for ARM CPUs").groups == [["skill:simd:neon"]]
    assert read("AVX2 or NEON code").groups == [["skill:simd:avx2", "skill:simd:neon"]]


def test_the_language_bound_through_ffi_is_not_required(read: Any) -> None:
    i = read("Rust developers who write unsafe code and FFI bindings to CUDA")
    assert i.groups == [["language:rust"], ["skill:unsafe_rust"], ["skill:ffi:cuda"]]


def test_where_bindings_are_called_from_is_a_plus_not_a_requirement(read: Any) -> None:
    i = read("pyo3 / nanobind exp, exposing a Rust or C++ core to Python")
    assert i.groups == [["skill:python_bindings"], ["language:c", "language:cpp", "language:rust"]]
    assert "language:python" in i.prefer
    i = read('C API design, extern "C", wrapping a native lib so Go or Swift apps can call it')
    assert i.groups == [["skill:ffi"]]
    assert {"language:go", "language:swift"} <= set(i.prefer)
    # A language the person must write stays required beside the bindings.
    assert read("Rust developer who has written bindings to C libraries").groups == [["language:rust"], ["skill:ffi"]]


def test_bindings_named_by_the_language_that_calls_them_are_ffi(read: Any) -> None:
    assert ["skill:ffi"] in read("engineer to build JavaScript and Ruby wrappers around our C++ engine").groups
    assert ["skill:ffi"] in read("exposing a C++ runtime to Java through JNI").groups
    assert read("Python wrappers for a C++ library").groups[0] == ["skill:python_bindings"]


def test_either_or_languages_join_their_kernel_skill(read: Any) -> None:
    i = read("C++ or CUDA engineers who write RAII wrappers that free GPU memory")
    assert ["skill:raii_resource"] in i.groups
    assert ["language:c", "language:cpp", "language:cuda"] in i.groups


def test_active_before_an_explicit_window_is_part_of_it(read: Any) -> None:
    i = read("SIMD people, active since 2025")
    assert i.active_since == date(2025, 1, 1)
    assert len(i.notes) == 1


def test_leftmost_longest_phrase_wins(read: Any) -> None:
    assert read("Metal kernel engineers on mlx").groups == [["language:metal", "skill:metal_kernel"]]
    assert read("a CUDA kernel engineer").groups == [["language:cuda", "skill:cuda_kernel"]]


def test_tokenizer_names_the_work_not_the_repository(read: Any) -> None:
    i = read("tokenizer engineers in Rust")
    assert i.repos == []
    assert sorted(i.groups) == [["language:rust"], ["skill:tokenization"]]


def test_cuda_or_metal_gpu_kernels_accept_either_kernel_skill(read: Any) -> None:
    i = read("GPU kernel engineers (CUDA or Metal)")
    assert i.groups == [["language:cuda", "language:metal", "skill:cuda_kernel", "skill:metal_kernel"]]


def test_what_is_ported_from_is_a_plus_and_what_it_is_ported_to_is_the_ask(read: Any) -> None:
    i = read("someone to port our CUDA kernels to AMD GPUs")
    assert i.groups == [["skill:amd_gpu", "skill:backend_port:hip", "skill:backend_port:rocm", "skill:cuda_kernel:hip"]]
    assert "skill:cuda_kernel" in i.prefer
    # Without a destination, the ported thing is the work itself.
    assert read("engineers porting CUDA kernels").groups == [["language:cuda", "skill:cuda_kernel"]]


def test_low_bit_floats_are_low_precision_not_quantization(read: Any) -> None:
    assert read("someone who really gets low-bit floats (fp8, bf16)").groups == [["skill:low_precision"]]


def test_a_parenthesised_list_of_kinds_of_work_after_a_skill_is_preferred(read: Any) -> None:
    i = read("Triton kernel author (fused softmax, matmuls, quant kernels) for our PyTorch team")
    assert i.groups == [["skill:triton_kernel"]]
    assert {"skill:kernel_fusion", "skill:quantization"} <= set(i.prefer)
    # After a language, the parenthesis names what else is asked; one example after "like" is asked too.
    assert ["skill:quantization", "skill:simd"] in read("Rust engineer (quantization, SIMD)").groups
    assert read("quant kernels for CPUs, like AVX2 dot products").groups == [
        ["skill:quantization"],
        ["skill:simd:avx2"],
    ]


def test_arm_dot_product_instructions_name_neon(read: Any) -> None:
    assert read("int8 GEMM on ARM with SDOT/UDOT").groups == [["skill:quantization"], ["skill:simd:neon"]]


def test_gemm_alone_asks_for_kernels_and_beside_a_skill_is_a_word_to_look_up(read: Any) -> None:
    assert read("engineers who optimized matmul performance").groups == [
        ["language:cuda", "language:metal", "skill:cuda_kernel", "skill:gpu_shader", "skill:metal_kernel"]
        + ["skill:simd", "skill:triton_kernel"]
    ]
    i = read("quantized matmul kernels on Apple GPUs")
    assert "matmul" in i.keywords and ["skill:quantization"] in i.groups


def test_mobile_runtimes_are_backend_bring_up(read: Any) -> None:
    assert read("on-device inference for iOS/Android (CoreML, NNAPI)").groups == [["skill:backend_port"]]


def test_not_only_with_words_between_still_welcomes_rather_than_requires(read: Any) -> None:
    i = read("fp8 / bf16 numerics, someone who gets low-bit float formats (not only int quant)")
    assert i.groups == [["skill:low_precision"]] and "skill:quantization" in i.prefer
    i = read("a GPU person who isn't just a CUDA user")
    assert "language:cuda" in i.prefer and "isn t" not in i.keywords


def test_a_search_strings_minus_sign_rules_a_term_out(read: Any) -> None:
    i = read("CUDA engineers -python")
    assert i.groups == [["language:cuda", "skill:cuda_kernel"]] or i.groups == [["language:cuda"]]
    assert "language:python" in i.avoid
    i = read("(CUDA OR CUTLASS) AND (quantization OR GPTQ) -intern")
    assert "intern" not in i.keywords and any("-intern" in n for n in i.notes)
    # A dash between words is punctuation, not a minus.
    assert read("Staff engineer - CUDA kernels").groups == [["language:cuda", "skill:cuda_kernel"]]
