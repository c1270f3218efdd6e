import time

from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit


def test_evidence_points_at_real_line_numbers_of_a_fragment() -> None:
    lines = [(120, "static __global__ void k(float * x) {"), (121, "    x[0] = 1.0f;"), (400, "}")]
    d = detect_commit(commit({"src/k.cu": lines}), Settings())
    cuda = [s for s in d.signals if s.kind == "cuda_kernel"]
    assert cuda and cuda[0].evidence.line == 120
    assert cuda[0].evidence.path == "src/k.cu" and cuda[0].evidence.sha == "a" * 40
    assert cuda[0].evidence.title == "Change"


def test_snippets_are_at_most_five_lines() -> None:
    body = "unsafe {\n" + "\n".join(f"    step_{i}();" for i in range(30)) + "\n}"
    d = detect_commit(commit({"src/a.rs": body}), Settings())
    assert d.signals and all(len(s.evidence.snippet.splitlines()) <= 5 for s in d.signals)


def test_a_few_signals_per_kind_and_file_keep_the_strongest() -> None:
    body = "\n".join(f"acc{i} = _mm256_add_ps(acc{i}, _mm256_loadu_ps(x + {i}));" for i in range(200))
    d = detect_commit(commit({"src/v.c": body}), Settings())
    simd = [s for s in d.signals if s.kind == "simd"]
    assert 1 <= len(simd) <= 4


def test_nul_bytes_skip_the_file_and_are_counted() -> None:
    d = detect_commit(commit({"src/blob.c": "int a = 1;\x00\x00 _mm256_add_ps(a, b);"}), Settings())
    assert d.skipped["nul_bytes"] == 1
    assert not d.signals


def test_huge_generated_file_is_capped_and_counted() -> None:
    body = "\n".join(f"float w{i} = {i}.0f;" for i in range(100_000)) + "\n__m256 tail = _mm256_setzero_ps();"
    start = time.monotonic()
    d = detect_commit(commit({"src/weights.c": body}), Settings(max_parse_bytes=200_000))
    assert time.monotonic() - start < 10
    assert d.skipped["capped_size"] == 1
    assert not [s for s in d.signals if s.kind == "simd"]  # the tail lies beyond the cap


def test_parse_time_budget_stops_a_pathological_fragment() -> None:
    body = "int f(const float * x, int stride) { return x[i * stride] + " + "(" * 300_000 + "1;"
    start = time.monotonic()
    d = detect_commit(commit({"src/deep.c": body}), Settings(max_parse_seconds=0.01, max_parse_bytes=1_000_000))
    assert time.monotonic() - start < 10
    assert d.skipped["parse_timeout"] + d.skipped["query_timeout"] >= 1


def test_garbage_and_truncated_code_never_crash() -> None:
    files = {
        "src/a.cpp": "template <typename T> struct { ~ ) ] } } <<< >>> __global__",
        "src/b.rs": "impl Drop for { fn drop(&mut self) { unsafe { free(",
        "src/c.cu": "#define X(a) X(X(X(a)))\n" * 50,
        "src/d.metal": "kernel void (device float * [[",
        "src/e.wgsl": "@compute @workgroup_size(",
    }
    d = detect_commit(commit(files), Settings())
    assert isinstance(d.signals, list)


def test_vendored_files_give_no_signals() -> None:
    d = detect_commit(
        commit({"third_party/x.cu": "__global__ void k() {}"}, vendored=frozenset({"third_party/x.cu"})), Settings()
    )
    assert not [s for s in d.signals if s.kind == "cuda_kernel"]
    assert d.skipped["vendored"] == 1


def test_metal_parses_with_cpp_and_h_files_by_content() -> None:
    d = detect_commit(
        commit(
            {
                "src/a.metal": "threadgroup_barrier(mem_flags::mem_threadgroup);",
                "include/api.h": 'static auto api = emscripten::val::global("Module");',
            }
        ),
        Settings(),
    )
    assert {s.kind for s in d.signals} >= {"metal_kernel", "ffi"}
    langs = {s.kind: s.language for s in d.signals}
    assert langs["metal_kernel"] == "metal"
