"""Reading a sentence, not a bag of words: lists, negation, examples, bindings, words nothing covers.

Each failure class of issue 10 has its own sentences here, written beyond the ones the issue quotes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from search.understand import understand
from search.vocab import Vocabulary

TODAY = date(2026, 8, 22)
INDEXED = [
    "huggingface/candle",
    "tracel-ai/burn",
    "ggml-org/ggml",
    "ml-explore/mlx",
    "huggingface/tokenizers",
    "Dao-AILab/flash-attention",
    "EricLBuehler/mistral.rs",
]


@pytest.fixture(scope="module")
def read(embedder: Any) -> Any:
    vocab = Vocabulary.build(INDEXED, embedder)
    return lambda text: understand(text, vocab, embedder, TODAY)


def names(i: Any) -> set[str]:
    return {n for g in i.groups for n in g}


# 1. Lists are one any-of group and keep every member.


def test_a_list_joined_by_or_is_one_group_with_every_member(read: Any) -> None:
    i = read("looking for people who've written compute kernels in OpenCL, WGSL, or CUDA")
    assert len(i.groups) == 1
    assert {"skill:gpu_shader", "skill:cuda_kernel"} <= set(i.groups[0])


def test_slashes_list_instruction_sets_and_none_is_dropped(read: Any) -> None:
    i = read("NEON/SVE/RVV vectorization folks")
    assert i.groups == [["skill:simd:neon", "skill:simd:rvv", "skill:simd:sve"]]


def test_sse4_counts_as_an_instruction_set(read: Any) -> None:
    assert read("SSE4 or AVX2 tuning").groups == [["skill:simd:avx2", "skill:simd:sse"]]


def test_languages_joined_by_or_are_a_choice(read: Any) -> None:
    assert read("Rust or Zig developers").groups == [["language:rust", "language:zig"]]


def test_and_between_concepts_asks_for_both(read: Any) -> None:
    i = read("quantization and SIMD people")
    assert i.groups == [["skill:quantization"], ["skill:simd"]]


# 2. Negation excludes or demotes and never requires.


@pytest.mark.parametrize(
    "text",
    [
        "GPU compute people who are not CUDA specialists",
        "kernel authors for anything except NVIDIA",
        "shader programmers, CUDA excluded... I mean: without CUDA",
        "compute shader folks rather than CUDA people",
    ],
)
def test_a_negated_technology_is_demoted_never_required(read: Any, text: str) -> None:
    i = read(text)
    assert "skill:cuda_kernel" not in names(i) and "language:cuda" not in names(i)
    assert "skill:cuda_kernel" in i.avoid


def test_negation_covers_the_whole_list_after_it(read: Any) -> None:
    i = read("Vulkan compute shaders, no Metal or CUDA")
    assert names(i) == {"skill:gpu_shader"}
    assert {"skill:metal_kernel", "skill:cuda_kernel"} <= set(i.avoid)


def test_not_just_is_welcome_but_never_required_or_demoted(read: Any) -> None:
    i = read("Metal kernel engineers, not just CUDA")
    assert "skill:cuda_kernel" not in i.avoid
    assert i.groups == [["language:metal", "skill:metal_kernel"]]
    assert "language:cuda" in i.prefer


def test_not_only_python_welcomes_python_and_excludes_python_only(read: Any) -> None:
    i = read("Not only Python: someone who also writes SIMD kernels")
    assert i.exclusions == ["python_only"]
    assert "language:python" in i.prefer
    assert i.groups == [["skill:simd"]]


# 3. Examples widen a concept and never become repository filters.


def test_an_engine_given_as_an_example_is_a_preference(read: Any) -> None:
    i = read("people who work on inference engines like mistral.rs, with quantization")
    assert i.repos == []
    assert "repo:EricLBuehler/mistral.rs" in i.prefer
    assert i.groups == [["skill:quantization"]]


def test_a_repo_spelled_like_the_technique_counts_as_the_technique(read: Any) -> None:
    i = read("tiling experts for attention, e.g. FlashAttention")
    assert i.repos == []
    assert names(i) == {"skill:attention_kernel"}


def test_a_place_of_work_stays_a_constraint(read: Any) -> None:
    i = read("contributors to mlx who wrote Metal kernels")
    assert i.repos == ["ml-explore/mlx"]


def test_examples_after_a_family_narrow_it(read: Any) -> None:
    i = read("GPU programmers (Metal, Vulkan)")
    assert i.groups == [["language:metal", "skill:gpu_shader", "skill:metal_kernel"]]


# 4. What bindings bind is a detail of the bindings, not a required language.


def test_ffi_wrappers_around_cuda_do_not_require_cuda_code(read: Any) -> None:
    i = read("FFI wrappers around CUDA or cuBLAS")
    assert "language:cuda" not in names(i) and "skill:cuda_kernel" not in names(i)
    assert all(n.startswith("skill:ffi:") for n in names(i))


def test_python_bindings_for_cpp_do_not_require_cpp(read: Any) -> None:
    i = read("engineers building Python bindings for C++ code")
    assert i.groups == [["skill:python_bindings"]]


# 5 and 7. Words no skill covers are keywords, listed in the notes; confidence says how much was read.


def test_words_nothing_covers_become_keywords_with_a_note(read: Any) -> None:
    i = read("Rust people who did the zstd decompression work")
    assert i.groups == [["language:rust"]]
    assert any("zstd" in k for k in i.keywords)
    assert any("zstd" in n and "commit text" in n for n in i.notes)
    assert i.confidence < 1.0


def test_gibberish_is_understood_with_no_confidence(read: Any) -> None:
    i = read("qzwx plorth vintric")
    assert i.groups == [] and i.repos == [] and i.prefer == []
    assert i.confidence == 0.0
    assert i.keywords


def test_relative_windows_say_what_they_count_from(read: Any) -> None:
    i = read("SIMD people active in the last year")
    assert i.active_since == date(2025, 8, 22)
    assert any("2026-08-22" in n and "newest commit" in n for n in i.notes)


# 5. Concepts that had no skill: distributed execution, compilers, backend bring-up, training, numerics.


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("people who know MPI and pipeline parallelism", "distributed"),
        ("gradient sync over NCCL across multiple GPUs", "distributed"),
        ("autotuning and code generation for tensor compilers", "ml_compiler"),
        ("engineers who added a WebGPU backend to an ML framework", "backend_port"),
        ("porting inference to RISC-V boards", "backend_port"),
        ("people who build benchmarking and profiling tools", "profiling"),
        ("benchmark harnesses and perf tooling for inference", "profiling"),
        ("data-parallel / tensor-parallel training engineers", "distributed"),
        ("engineers who wrote the code generators of a tensor library", "ml_compiler"),
        ("someone who built a memory allocator for tensors", "memory_management"),
        ("engineers who wrote a caching allocator", "memory_management"),
        ("experience with memory pools and buffer reuse", "memory_management"),
        ("people who work on allocators", "memory_management"),
        ("memory planning for compute graphs", "memory_management"),
        ("loading weights with mmap", "memory_management"),
        ("pinned memory or unified memory", "memory_management"),
        ("memory management in inference runtimes", "memory_management"),
    ],
)
def test_systems_concepts_name_their_skill(read: Any, text: str, skill: str) -> None:
    i = read(text)
    assert len(i.groups) == 1, i.groups
    # A named platform narrows the skill to it ("a WebGPU backend": skill:backend_port:webgpu among its members).
    assert i.groups[0] == [f"skill:{skill}"] or any(n.startswith(f"skill:{skill}:") for n in i.groups[0]), i.groups


def test_a_list_of_backends_shares_the_noun(read: Any) -> None:
    i = read("bringing up a ROCm or CANN backend")
    assert ["skill:backend_port"] in i.groups  # the bring-up
    platforms = next(g for g in i.groups if g != ["skill:backend_port"])  # on either platform named
    assert {"skill:backend_port:rocm", "skill:backend_port:cann"} <= set(platforms)


# Second round: wishes, qualified lists, comma lists, AMD GPUs, paraphrases that only share a word.


@pytest.mark.parametrize(
    "text",
    [
        "C developer for a tensor library, ideally has written Metal shaders",
        "C developer; experience with Metal would be nice",
        "C developer, Metal knowledge an advantage",
        "C developer (bonus points for Metal)",
    ],
)
def test_a_wish_is_preferred_never_required(read: Any, text: str) -> None:
    i = read(text)
    assert i.groups == [["language:c"]], i.groups
    assert any(p.startswith("language:metal") or p.startswith("skill:metal") for p in i.prefer), i.prefer


def test_a_wish_after_a_comma_does_not_take_the_list_with_it(read: Any) -> None:
    i = read("kernel engineer, Rust would be great")
    assert i.groups and "skill:cuda_kernel" in i.groups[0]
    assert i.prefer == ["language:rust"]


def test_a_qualifying_word_inside_a_list_keeps_it_one_list(read: Any) -> None:
    assert read("vectorised code for ARM NEON or x86 AVX2").groups == [["skill:simd:avx2", "skill:simd:neon"]]


def test_comma_lists_of_techniques_are_alternatives(read: Any) -> None:
    i = read("training infra people: gradient checkpointing, mixed precision, FSDP")
    assert len(i.groups) == 1, i.groups
    assert {"skill:training_internals", "skill:low_precision", "skill:distributed"} <= set(i.groups[0])


def test_a_language_beside_skills_in_a_comma_list_is_a_profile(read: Any) -> None:
    i = read("Rust, SIMD, quantization")
    assert ["language:rust"] in i.groups and len(i.groups) == 3, i.groups


@pytest.mark.parametrize(
    "text", ["ROCm kernel people", "AMD GPU kernel experience", "HIP kernels for MI300", "RDNA3 / CDNA tuning"]
)
def test_amd_gpu_words_ask_for_hip_kernels_not_any_cuda(read: Any, text: str) -> None:
    i = read(text)
    assert "skill:cuda_kernel:hip" in names(i), i.groups
    assert "skill:cuda_kernel" not in names(i)


@pytest.mark.parametrize(
    "text", ["AMD GPU specialist: HIP kernels, RDNA/CDNA tuning", "ROCm people", "ported kernels to MI300X"]
)
def test_an_amd_gpu_ask_is_also_met_by_amd_gpu_work_in_any_language(read: Any, text: str) -> None:
    i = read(text)
    assert any("skill:amd_gpu" in g and "skill:cuda_kernel:hip" in g for g in i.groups), i.groups


def test_a_phrase_alike_only_by_a_shared_word_is_no_paraphrase(read: Any) -> None:
    i = read("C programmer for a tensor library")
    assert i.groups == [["language:c"]], i.groups


def test_ruled_out_kernels_are_demoted_even_beside_a_named_skill(read: Any) -> None:
    i = read("quantization algorithms in Python, not kernels")
    assert sorted(i.groups) == [["language:python"], ["skill:quantization"]], i.groups
    assert "skill:cuda_kernel" in i.avoid and "skill:simd" in i.avoid


# A list that also names languages Scout does not index cannot be met by its one known member alone.


@pytest.mark.parametrize(
    "text, known",
    [
        ("owns the Java / Kotlin / C++ layers of our Android inference SDK", "language:cpp"),
        ("writes the Java or Rust client for our model server", "language:rust"),
        ("wrapped our C API for Python, Ruby, and Objective-C users", "language:objc"),
    ],
)
def test_a_language_listed_beside_untracked_ones_is_a_plus_not_a_requirement(read: Any, text: str, known: str) -> None:
    i = read(text)
    assert known not in names(i)
    assert known in i.prefer


def test_a_language_alone_is_still_required(read: Any) -> None:
    assert "language:swift" in names(read("Swift engineer for our on-device inference library"))


# Quantization said the way PyTorch-side teams say it.


@pytest.mark.parametrize(
    "text",
    [
        "QAT flows and fake-quant observers in PyTorch",
        "post-training quantization (PTQ) and calibration tooling",
        "quantisation-aware training for small language models",
    ],
)
def test_qat_ptq_and_fake_quant_read_as_quantization(read: Any, text: str) -> None:
    assert "skill:quantization" in names(read(text))


def test_calibration_alone_does_not_require_quantization(read: Any) -> None:
    assert "skill:quantization" not in names(read("camera calibration and sensor fusion engineer"))


# Rules of the sixth round (a wish after an abbreviation, negation over a two-word name, a negation in other
# words than the requirement, "X-only folks aren't a fit", origins of a port, repository lists).


@pytest.mark.parametrize(
    "text",
    [
        "Python + HIP both must-haves; compiler exp nice to have",
        "Vulkan compute shader dev. Compiler xp = bonus",
        "LLM inference engineers. Compiler backgrounds all welcome",
        "distributed training eng; XLA or compiler experience all relevant",
    ],
)
def test_a_wish_after_the_term_in_short_hand_is_preferred(read: Any, text: str) -> None:
    i = read(text)
    assert "skill:ml_compiler" in i.prefer
    assert "skill:ml_compiler" not in names(i)


@pytest.mark.parametrize(
    "text",
    ["Triton kernel author wanted. Not CUDA C++, our stack is Triton", "triton kernels (no CUDA C, please)"],
)
def test_a_negation_covers_a_name_written_as_two_words(read: Any, text: str) -> None:
    i = read(text)
    assert i.groups == [["skill:triton_kernel"]]
    assert "language:cuda" in i.avoid


def test_cuda_cpp_asks_for_cuda_not_also_cpp(read: Any) -> None:
    i = read("fused kernels, must be hand-written CUDA C++")
    assert not any(g == ["language:c", "language:cpp"] for g in i.groups)
    assert any("language:cuda" in g for g in i.groups)


@pytest.mark.parametrize(
    "text",
    [
        "ML compiler engineer, someone other than a torch.compile user",
        "compiler engineers for tensor programs - not just people who call torch.compile",
    ],
)
def test_a_negation_in_other_words_does_not_cancel_the_requirement(read: Any, text: str) -> None:
    assert ["skill:ml_compiler"] in read(text).groups


@pytest.mark.parametrize(
    "text",
    [
        "fused CUDA kernels; Triton-only folks aren't a fit",
        "CUDA kernel engineers. Triton only people need not apply",
    ],
)
def test_a_term_ruled_out_after_it_is_demoted(read: Any, text: str) -> None:
    i = read(text)
    assert "skill:triton_kernel" in i.avoid
    assert "skill:triton_kernel" not in names(i)


def test_what_a_codebase_only_ran_on_is_no_requirement(read: Any) -> None:
    i = read("took a codebase that only ran on NVIDIA and made it run on ROCm")
    assert not any("language:cuda" in g or "skill:cuda_kernel" in g for g in i.groups)
    assert any("skill:backend_port:rocm" in g for g in i.groups)


def test_a_repository_in_a_list_of_repositories_is_a_place_not_a_skill(read: Any) -> None:
    i = read("profiling tooling contributors at candle or flash-attention")
    assert i.groups == [["skill:profiling"]]
    assert set(i.repos) == {"huggingface/candle", "Dao-AILab/flash-attention"}


def test_bindings_alone_not_counting_leaves_ffi_the_ask(read: Any) -> None:
    i = read("glued native libraries into other languages: C APIs, extern C shims. Python bindings alone don't count")
    assert ["skill:ffi"] in i.groups
    assert "skill:python_bindings" not in names(i)


@pytest.mark.parametrize(
    "text",
    [
        "Modern C++ engineer for a tensor runtime. Not looking for Python engineers.",
        "C++ systems dev; we don't want Python",
    ],
)
def test_not_looking_for_a_language_rules_it_out(read: Any, text: str) -> None:
    i = read(text)
    assert "language:python" not in names(i)
    assert any("language:cpp" in g for g in i.groups)


@pytest.mark.parametrize("text", ["int4 weight-only quantisation in PyTorch", "quantization work in JAX"])
def test_a_python_framework_makes_python_a_plus(read: Any, text: str) -> None:
    i = read(text)
    assert "language:python" in i.prefer
    assert ["skill:quantization"] in i.groups


def test_softmax_among_kernel_kinds_does_not_require_attention(read: Any) -> None:
    i = read("CUDA engineer who wrote GEMM / reduction / softmax kernels")
    assert "skill:attention_kernel" not in names(i)


@pytest.mark.parametrize(
    ("text", "ruled_out"),
    [
        ("quant kernels on the GPU. No pure researchers or people who only ran the scripts", "researchers"),
        ("ggml devs who worked on the CUDA backend specifically (not the Makefile)", "makefile"),
        ("autograd internals, not someone who tunes learning rates", "learning"),
    ],
)
def test_words_after_a_negation_are_never_looked_up(read: Any, text: str, ruled_out: str) -> None:
    assert not any(ruled_out in k for k in read(text).keywords)


def test_function_words_and_job_ad_fluff_are_not_keywords(read: Any) -> None:
    i = read("fast-paced, well-funded startup: you've taken a codebase and made it run, tests included")
    looked_up = {w for k in i.keywords for w in k.split()}
    assert not {"it", "run", "taken", "included", "fast-paced", "well-funded"} & looked_up


@pytest.mark.parametrize(
    "text",
    ["AMD GPU kernel engineer - HIP/ROCm, MI300 cards", "Radeon kernel engineer: HIP, porting CUDA kernels to MI300"],
)
def test_amd_gpu_kernels_need_no_second_gpu_kernel_group(read: Any, text: str) -> None:
    i = read(text)
    assert len(i.groups) == 1
    assert "skill:cuda_kernel:hip" in i.groups[0]


@pytest.mark.parametrize(
    "text",
    [
        "built a caching allocator for GPU tensors",
        "memory pool engineer: pinned host staging, GPU buffers, mmap'd weights",
    ],
)
def test_gpu_before_the_data_it_holds_is_no_kernel_work(read: Any, text: str) -> None:
    assert read(text).groups == [["skill:memory_management"]]


def test_gpu_work_itself_still_asks_for_gpu_kernels(read: Any) -> None:
    assert any("skill:cuda_kernel" in g for g in read("rust dev w/ gpu experience").groups)


@pytest.mark.parametrize(
    "text",
    [
        "Attention kernel specialist wanted: tiling, paged KV cache, variable-length batches. Kernels in CUDA.",
        "custom CUDA kernels for their serving stack - GEMMs, quantised matmuls, attention",
    ],
)
def test_what_follows_a_colon_or_dash_after_the_ask_describes_it(read: Any, text: str) -> None:
    i = read(text)
    assert "skill:serving" in i.prefer
    assert "skill:serving" not in names(i)


def test_a_colon_after_a_language_still_lists_requirements(read: Any) -> None:
    i = read("Rust engineer: quantization")
    assert ["skill:quantization"] in i.groups


@pytest.mark.parametrize(
    ("text", "plus"),
    [
        ("BPE tokeniser author. Ex-HF tokenizers contributors would be ideal but it's not a requirement", "repo"),
        ("zero-copy weights file format. Bonus if they've also done the Python side of it", "language:python"),
        ("ML compiler engineer, TVM / XLA / tinygrad type background", "repo"),
    ],
)
def test_wishes_in_other_words_are_preferred(read: Any, text: str, plus: str) -> None:
    i = read(text)
    assert any(p.startswith(plus) for p in i.prefer)
    assert not i.repos
    assert not any(n.startswith(plus) for n in names(i))


def test_plus_between_two_asks_joins_them(read: Any) -> None:
    i = read("Inference engineer. C++ plus either CUDA or Metal kernels.")
    assert any("language:cpp" in g for g in i.groups)
    assert any("skill:metal_kernel" in g for g in i.groups)


def test_a_plus_at_the_end_is_still_a_wish(read: Any) -> None:
    assert "language:rust" in read("CUDA kernel engineers, Rust a plus").prefer


def test_people_who_only_did_something_are_ruled_out_not_everyone_who_did_it(read: Any) -> None:
    i = read("MLX contributors, C++ core only - we're not interested in people who only did the python examples")
    assert "python_only" in i.exclusions
    assert "language:python" not in i.avoid
    assert "language:python" not in names(i)


def test_a_platform_after_a_dash_is_still_the_ask(read: Any) -> None:
    i = read("AMD GPU specialist: HIP kernels, RDNA/CDNA tuning")
    assert i.groups and "skill:cuda_kernel:hip" in i.groups[0]


def test_training_alone_is_no_training_internals(read: Any) -> None:
    assert read("fp8 training | bf16 numerics | loss scaling").groups == [["skill:low_precision"]]


def test_salary_and_office_days_are_not_keywords(read: Any) -> None:
    i = read("CUDA kernel engineer, London hybrid 3 days in office, £150k-£190k + equity, client is a start-up")
    assert not {w for k in i.keywords for w in k.split()} & {"3", "150k", "190k", "days", "client"}


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("quantization folks active on AutoGPTQ since the start of 2025", date(2025, 1, 1)),
        ("metal people since the beginning of this year", date(2026, 1, 1)),
        ("cuda folks committing since mid-2025", date(2025, 6, 1)),
    ],
)
def test_a_stated_window_is_what_active_means(read: Any, text: str, since: date) -> None:
    assert read(text).active_since == since


def test_the_sort_of_thing_a_repository_ships_is_an_example(read: Any) -> None:
    i = read("4-bit quantised matmul on Apple GPUs - Metal shaders, e.g. the sort of thing MLX ships")
    assert not i.repos
    assert "repo:ml-explore/mlx" in i.prefer


def test_a_list_after_an_umbrella_word_is_the_ask(read: Any) -> None:
    i = read("Engineers who benchmark inference: roofline, perf counters, nsight, benchmark harnesses")
    assert ["skill:profiling"] in i.groups


def test_a_binding_tool_and_its_bindings_are_one_ask(read: Any) -> None:
    i = read("pybind11 or nanobind bindings for a C++ array library - think the way MLX exposes its core to Python")
    assert i.groups == [["skill:python_bindings"]]
    assert not i.repos


@pytest.mark.parametrize(
    "text",
    [
        "Requirements: C++ and CUDA. Nice to have: Rust, quantization",
        "Must-haves: CUDA kernels. Bonus - Rust, quantization",
        "CUDA kernel engineer.\nPreferred: Rust and quantization.",
    ],
)
def test_what_a_wish_heading_covers_is_preferred(read: Any, text: str) -> None:
    i = read(text)
    assert {"language:rust", "skill:quantization"} <= set(i.prefer)
    assert not {"language:rust", "skill:quantization"} & names(i)
    assert any("language:cuda" in g or "skill:cuda_kernel" in g for g in i.groups)


def test_a_requirement_heading_ends_the_wishes(read: Any) -> None:
    i = read("Nice-to-haves: Metal; Must: Rust")
    assert "language:metal" in i.prefer
    assert ["language:rust"] in i.groups


def test_nice_in_a_sentence_is_no_heading(read: Any) -> None:
    assert ["skill:quantization"] in read("nice people who write quantization kernels").groups


def test_metal_compute_shaders_are_metal_kernels(read: Any) -> None:
    i = read("someone who writes Metal compute shaders for transformer ops")
    assert len(i.groups) == 1 and "skill:metal_kernel" in i.groups[0]


def test_a_gpu_allocator_is_memory_management_alone(read: Any) -> None:
    assert read("who has designed a GPU memory allocator or a device memory pool?").groups == [
        ["skill:memory_management"]
    ]


def test_gpu_before_the_product_it_serves_is_context(read: Any) -> None:
    i = read("Rust developer for a GPU inference runtime")
    assert i.groups == [["language:rust"]]
    assert "skill:cuda_kernel" in i.prefer


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("people who wrote GEMM epilogues", "skill:kernel_fusion"),
        ("ZeRO-2 optimizer state sharding", "skill:distributed"),
        ("implemented MLA or sliding-window variants", "skill:attention_kernel"),
        ("tuned kernels for Hopper", "skill:cuda_kernel"),
        ("did most of the AMD work in their runtime", "skill:cuda_kernel:hip"),
    ],
)
def test_the_work_named_in_other_words_is_understood(read: Any, text: str, skill: str) -> None:
    assert skill in names(read(text))


def test_the_language_of_the_product_is_still_asked(read: Any) -> None:
    assert ["language:rust"] in read("for our Rust inference engine: people who did quantization").groups


@pytest.mark.parametrize(
    "text",
    [
        "Vulkan shaders that run models on Intel, AMD and mobile GPUs",
        "WebGPU kernels for Qualcomm, AMD or ARM laptops",
    ],
)
def test_amd_among_hardware_scout_has_no_skill_for_is_where_it_runs(read: Any, text: str) -> None:
    i = read(text)
    assert not any(n.endswith(":hip") for n in names(i))
    assert ["skill:gpu_shader"] in i.groups


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("engineers who brought up a new acelerator backend", "skill:backend_port"),
        ("distrubuted training internals", "skill:distributed"),
        ("hand-written cuda kernal authors", "skill:cuda_kernel"),
    ],
)
def test_a_typo_is_read_as_the_word_it_misspells(read: Any, text: str, skill: str) -> None:
    i = read(text)
    assert skill in names(i)
    assert any("read as" in n for n in i.notes)


def test_a_real_word_is_never_corrected_to_a_skill(read: Any) -> None:
    i = read("sorting kernels on GPUs")
    assert "skill:backend_port" not in names(i)
    assert not any("read as" in n for n in i.notes)


def test_an_example_that_opens_a_clause_makes_the_rest_of_it_examples(read: Any) -> None:
    i = read("Who has stood up a new accelerator backend? For example getting every op running on an NPU or on WebGPU.")
    assert i.groups == [["skill:backend_port"]]
    assert any("read as preferred" in n for n in i.notes)


def test_an_example_clause_with_nothing_asked_before_it_is_the_ask(read: Any) -> None:
    assert read("e.g. people writing Metal kernels").groups == [["language:metal", "skill:metal_kernel"]]


def test_amd_work_is_looked_up_by_the_words_commits_use(read: Any) -> None:
    i = read("Radeon or MI300X kernel people")
    at = next(k for k, g in enumerate(i.groups) if any(n.endswith(":hip") for n in g))
    assert {"amd", "rocm", "hip"} <= set(i.group_terms[at])


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("tensor/pipeline parallelism engineers", {"tensor parallelism", "pipeline parallelism"}),
        ("CUDA or Metal kernels", {"cuda kernels", "metal kernels"}),
    ],
)
def test_a_head_noun_shared_by_a_list_is_read_with_each_member(read: Any, text: str, terms: set[str]) -> None:
    assert terms <= {w for g in read(text).group_terms for w in g}


def test_a_list_whose_members_are_no_terms_with_the_head_is_left_alone(read: Any) -> None:
    i = read("Rust or C++ developers")
    assert i.groups == [["language:c", "language:cpp", "language:rust"]]


@pytest.mark.parametrize(
    ("text", "plus"),
    [
        ("distributed inference on GPUs", "skill:cuda_kernel"),
        ("a caching allocator for Apple silicon", "skill:metal_kernel"),
        ("profiling on the GPU", "skill:cuda_kernel"),
    ],
)
def test_gpus_after_work_that_is_no_kernel_writing_are_where_it_runs(read: Any, text: str, plus: str) -> None:
    i = read(text)
    assert len(i.groups) == 1
    assert plus in i.prefer


def test_kernels_on_the_gpu_still_ask_for_gpu_kernels(read: Any) -> None:
    assert len(read("quantized matmul kernels on the GPU").groups) == 2


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("GPU caching allocator work in an inference engine", "skill:memory_management"),
        ("GPU serving engineers", "skill:serving"),
        ("someone to own our Apple GPU profiling tooling", "skill:profiling"),
    ],
)
def test_a_gpu_word_written_onto_work_that_is_no_kernel_writing_is_where_it_runs(
    read: Any, text: str, skill: str
) -> None:
    i = read(text)
    assert i.groups == [[skill]]
    assert any(n.endswith("_kernel") for n in i.prefer)


def test_gpu_words_before_kernel_work_or_a_list_still_ask_for_gpu_kernels(read: Any) -> None:
    assert len(read("GPU quantization kernels").groups) == 2
    assert len(read("GPU kernels and a caching allocator").groups) == 2


@pytest.mark.parametrize(
    "text",
    [
        "CUDA kernel engineers. We don't care about Python",
        "CUDA kernel engineers; Python doesn't matter",
        "CUDA kernel engineers, regardless of Python",
    ],
)
def test_what_does_not_matter_is_neither_asked_nor_ruled_out(read: Any, text: str) -> None:
    i = read(text)
    assert "language:python" not in names(i) | set(i.avoid) | set(i.prefer)
    assert "python_only" not in i.exclusions
    assert any("cuda" in n for n in names(i))


def test_an_acceptable_alternative_is_a_plus(read: Any) -> None:
    i = read("Metal kernel people, Vulkan is fine too")
    assert i.groups == [["language:metal", "skill:metal_kernel"]]
    assert "skill:gpu_shader" in i.prefer


def test_fine_tuning_is_no_wish(read: Any) -> None:
    assert ["language:cuda"] in read("CUDA fine-tuning infrastructure").groups


def test_tokenizer_asks_for_tokenization_work_wherever_it_was_done(read: Any) -> None:
    i = read("who worked on the tokenizer in candle?")
    assert ["skill:tokenization"] in i.groups
    assert i.repos == ["huggingface/candle"]


def test_either_of_two_being_fine_is_still_the_ask(read: Any) -> None:
    i = read("Metal kernels. Either Rust or C++ is fine.")
    assert ["language:c", "language:cpp", "language:rust"] in i.groups


@pytest.mark.parametrize(
    "text",
    [
        "Our app must run on ARM laptops with no usable GPU; we need NEON or SVE kernel people",
        "SIMD people for phones without a dedicated GPU: NEON",
        "we have no access to GPUs, so NEON intrinsics experience is what counts",
    ],
)
def test_hardware_the_product_lacks_is_neither_asked_nor_ruled_out(read: Any, text: str) -> None:
    i = read(text)
    assert all("simd" in n for g in i.groups for n in g)
    assert not any("gpu" in n or "cuda" in n for n in i.avoid)


@pytest.mark.parametrize(
    "text",
    [
        "engineers who implemented flash attention",
        "people who wrote flash attention in Triton or CuTe",
        "experience in flash attention and paged KV caches",
    ],
)
def test_a_repository_named_for_a_technique_is_the_technique_without_place_words(read: Any, text: str) -> None:
    i = read(text)
    assert i.repos == []
    assert ["skill:attention_kernel"] in i.groups
    assert "repo:Dao-AILab/flash-attention" in i.prefer


@pytest.mark.parametrize(
    "text",
    ["contributors to flash attention", "flash-attention maintainers", "someone from the flash attention team"],
)
def test_place_words_make_a_technique_named_repository_a_place_of_work(read: Any, text: str) -> None:
    assert read(text).repos == ["Dao-AILab/flash-attention"]


def test_a_technique_named_repository_listed_with_a_plain_one_is_a_place_too(read: Any) -> None:
    assert set(read("candle or flash attention engineers").repos) == {"huggingface/candle", "Dao-AILab/flash-attention"}


def test_named_platform_backends_ask_for_work_on_those_platforms_not_any_bring_up(read: Any) -> None:
    i = read("ggml contributors who did the Vulkan or SYCL backends")
    assert len(i.groups) == 1
    assert {"skill:backend_port:vulkan", "skill:backend_port:sycl", "skill:gpu_shader:sycl"} <= set(i.groups[0])
    assert "skill:backend_port" not in i.groups[0]
    assert {"skill:backend_port:cann", "skill:backend_port:hexagon"} <= set(
        read("CANN or Hexagon NPU engineers").groups[0]
    )
    # One NPU under two names: the Ascend hardware and its CANN stack.
    assert "skill:backend_port:cann" in read("someone who ported an inference engine to Ascend NPUs").groups[0]


def test_an_unnamed_backend_or_a_platform_bring_up_keeps_its_own_reading(read: Any) -> None:
    assert read("engineers who brought up a new hardware backend").groups == [["skill:backend_port"]]
    assert ["skill:backend_port:webgpu"] in read("WebGPU backend bring-up; must have written WGSL kernels").groups
