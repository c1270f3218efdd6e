"""Profiling and performance-measurement tooling: who builds the benchmark harnesses, profilers, perf counters,
roofline and tuning scripts, graded by how much of the tooling the change writes.

Code, strongest first:
- perf counters and tracing APIs (`perf_event_open`, PAPI, CUPTI, rocprofiler/roctracer): 0.9 anywhere;
- in a benchmark or perf tool's file (benches/, benchmarks/, bench/, perf/, bench_*.py, *_bench.py, *-bench.cpp,
  *_benchmark.rs, examples/bench*, test-backend-ops' perf mode), the harness itself: criterion (`criterion_group!`,
  `c.bench_function`, `Bencher`, `#[bench]`), divan, Google Benchmark (`BENCHMARK(`, `benchmark::State`), Triton's
  `do_bench`/`perf_report`, `torch.utils.benchmark.Timer`, `timeit`, CUDA/HIP event timing (`cudaEventElapsedTime`,
  `torch.cuda.Event(enable_timing=True)`, `.elapsed_time`), or a definition named for benchmarking, profiling or
  tuning (`def bench_gemm`, `fn criterion_benchmark`, `void BM_matmul`): 0.9; rates computed from measured time
  (GFLOPS, TFLOPS, GB/s, bandwidth, roofline): 0.85; profiler use (torch.profiler, cProfile, Metal capture): 0.8;
  two or more timing calls (`time.perf_counter`, `high_resolution_clock::now`, `ggml_time_us`, `Instant::now`,
  `cudaEventRecord`) timing repeated runs: 0.75;
- elsewhere, only tooling with depth: an autotuner or sweep that times configurations (a tune/sweep/search
  definition beside harness or timing calls): 0.8; a harness call beside a bench/profile/timing definition or a
  computed rate: 0.7; a rate (FLOPs, bandwidth) computed from timing calls: 0.6; profiler use in two or more
  lines, or beside timing: 0.6;
- profiler instrumentation (NVTX ranges, Tracy zones, ITT, roctx, MTLCaptureManager, tracy-client/puffin in Rust): 0.8.

Not evidence: a single timing call (a `time.time()` log line), a model file that calls a benchmark helper once,
tokens/s printed by an example, tests that time something (test files count only when named for benchmarks or
perf), criterion named in Cargo.toml (not code), numbers edited in a README table, removed benchmarks.

Commit or PR text naming a profiler (Nsight Systems/Compute, nsys, ncu, nvprof, rocprof, VTune, `perf record`,
Instruments, Tracy, flame graphs, py-spy, valgrind, perfetto...) counts at 0.6: using a tool is less than building
the tooling. "perf:" as a commit prefix is not profiling.
detail: {"tool": ..., "pattern": ..., "source": "text" | "code"}.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.signals.base import (
    CommitContext,
    Detector,
    FileView,
    Hit,
    QueryMatch,
    q,
    rows_matching,
    text_line_signals,
)
from indexer.signals.python_lines import python_code_lines
from models.records import Signal

_TOOLS = re.compile(
    r"\b(nsight(?:\s(?:systems|compute))?|ncu|nsys|nvprof|nvvp|rocprof\w*|omniperf|omnitrace|vtune|"
    r"perf\s(?:record|stat|report|top|annotate|trace|mem)|linux\sperf|xcode\sinstruments|"
    r"metal\s(?:system\strace|frame\scapture|debugger)|gpu\sframe\scapture|tracy|flame\s?graphs?|flamegraph|"
    r"speedscope|py-spy|valgrind|callgrind|cachegrind|kcachegrind|heaptrack|pprof|torch\.profiler|"
    r"chrome://tracing|perfetto|roofline|uftrace|likwid|samply|cargo\sflamegraph|intel\sadvisor|"
    r"compute\ssanitizer|nvtx)\b",
    re.IGNORECASE,
)
_INSTRUMENTS = re.compile(r"\b(?:in|with|using|via|from|the)\s+Instruments\b|\bInstruments\s(?:app|trace|profile)")
_CODE = (
    r"^(nvtxRange\w+|nvtxMark\w*|nvtxDomain\w+|ZoneScoped\w*|ZoneNamed\w*|FrameMark\w*|Tracy\w+|TracyC\w+"
    r"|cudaProfilerStart|cudaProfilerStop|roctxRange\w+|roctxMark\w*|__itt_\w+|MTLCaptureManager|os_signpost\w*"
    r"|tracy_client|puffin|nvtx|profile_scope|profile_function|hipProfilerStart|hipProfilerStop)$"
)
_TEXT_WEIGHT = 0.6

# --- measurement tooling in code ------------------------------------------------------------------------------

# What a file outside a benchmark or perf tool's path must contain (lower-cased) for any rule below to count there:
# bench, bandwidth, perf (not performance), profil(er), flop(s), elapsed_time, cupti, papi, capture, nvtx (timing
# calls alone never count outside such a path). Measured over candle's added lines (800 commits, 2.3 MB): one
# alternation of such words took 640 ms case-insensitive and 100 ms over the lower-cased text, a substring test per
# word 4.4 ms each. CPython's `re` tries the whole alternation at every byte that may start one of its words; a
# pattern starting with one literal byte is scanned for that byte alone. So each word is anchored on its rarest letter
# (the f of perf, the p of elapsed, lookbehinds for the rest) and each anchor gets its own pattern: 31 ms for the
# four, lower() included. Most files stop here.
_GATE = (
    re.compile(rb"b(?:ench|andwidth)"),
    re.compile(rb"f(?:(?<=perf)(?!orm)|(?<=prof)il|lop)"),
    re.compile(rb"p(?:(?<=elap)sed_?time|(?<=cup)ti|api|(?<=cap)ture)"),
    re.compile(rb"v(?<=nv)tx"),
)
# Words one of which every benchmark or perf tool's path holds (a cheap test before `_BENCH_PATH`).
_BENCH_PATH_WORDS = ("bench", "perf", "roofline", "autotun", "profiling", "test-backend-ops")
_LANGUAGES = frozenset({"python", "c", "cpp", "cuda", "hip", "objc", "rust"})
_FAMILY = {"python": "python", "rust": "rust", "c": "c", "cpp": "c", "cuda": "c", "hip": "c", "objc": "c"}

# A benchmark or perf tool's file: its harness and timing code are the tool.
_BENCH_PATH = re.compile(
    r"(?i)(^|/)(benches|benchmarks?|bench|perf|ubench|microbench\w*|profiling|roofline)/"
    r"|(^|[/_.-])(bench|benchmarks?|microbench\w*|perf|roofline|autotune|autotuner)([_.-][\w.-]*)?\.(py|rs|c|cc|cpp|cxx"
    r"|cu|cuh|h|hpp|m|mm)$"
    r"|(^|/)bench[\w-]*\.(py|rs|c|cc|cpp|cu|m|mm)$|(^|/)examples?/bench|(^|/)[\w-]*-bench/"
    r"|(^|/)test-backend-ops\.cpp$"
)
_TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*$|_tests?\.\w+$|\.test\.\w+$")
# Generated or vendored measurement code that nobody in the repository wrote.
_NOT_TOOL_PATH = re.compile(r"(?i)(^|/)(third_party|vendor|external|autogen)/|\.pyi$")

_PERF_COUNTERS = re.compile(
    r"(?<![A-Za-z0-9])perf_event_open\b|\bPERF_COUNT_\w+|\bPAPI_[a-z]\w*\s*\(|\bPAPI_[A-Z]\w+|\bcupti[A-Z]\w*\s*\(|\bCUPTI_\w+"
    r"|\broc(tracer|profiler)_\w+\s*\(|\b__rdtsc\b|\brdtscp?\b"
)
_HARNESS = {
    "rust": re.compile(
        r"\bcriterion_(group|main)!|\.bench_(function|with_input)\s*\(|\bbenchmark_group\s*\(|#\[bench\]|\bBencher\b"
        r"|\bdivan::(main|bench\w*|Bencher)\b|#\[divan::bench|\.iter_custom\s*\(|\bb\.iter\s*\(|\bCriterion\b"
    ),
    "c": re.compile(
        r"\bBENCHMARK(_\w+)?\s*\(|\bbenchmark::(State|RegisterBenchmark|Initialize|RunSpecifiedBenchmarks)\b"
        r"|\bBENCHMARK_MAIN\b|\b(cuda|hip)EventElapsedTime\s*\(|\bMODE_PERF\b|\beval_perf\s*\("
    ),
    "python": re.compile(
        r"\bdo_bench(_cudagraph)?\s*\(|\bbenchmark\.Timer\s*\(|\butils\.benchmark\b|\bTimer\s*\(\s*stmt\s*="
        r"|\btimeit\.(timeit|repeat|Timer)\b|\btriton\.testing\.(perf_report|Benchmark)\b|@perf_report\b"
        r"|\benable_timing\s*=\s*True|\.elapsed_time\s*\(|\.blocked_autorange\s*\(|\.adaptive_autorange\s*\("
        r"|\bbenchmark_(forward|backward|combined|fwd_bwd|all|memory)\s*\(|\bbenchmark_torch_function\w*\s*\("
    ),
}
_TIMING = {
    "rust": re.compile(r"\bInstant::now\s*\(|\.elapsed\s*\(\s*\)|\bSystemTime::now\s*\("),
    "c": re.compile(
        r"\b(high_resolution_clock|steady_clock|system_clock)::now\s*\(|\bggml_time_(us|ms)\s*\(|\b(cuda|hip)EventRecord"
        r"\s*\(|\bclock_gettime\s*\(|\bgettimeofday\s*\(|\bmach_absolute_time\s*\(|\btime_now\s*\(|\bget_time_\w*\s*\("
    ),
    "python": re.compile(
        r"\btime\.(perf_counter(_ns)?|time|monotonic(_ns)?|process_time)\s*\(|\bperf_counter(_ns)?\s*\("
        r"|\bdefault_timer\s*\("
    ),
}
_PROFILER = {
    "rust": re.compile(r"\bpprof::|\bProfilerGuard\b|\bdhat::|\bstart_capture\s*\("),
    "c": re.compile(r"\b(metal::)?(start|stop)_capture\s*\(|\bMTLCaptureDescriptor\b|\bProfilerGuard\b"),
    "python": re.compile(
        r"\btorch\.profiler\b|\bProfilerActivity\b|\bautograd\.profiler\b|\bjax\.profiler\.|\bcProfile\.|\bpstats\."
        r"|\bmx\.metal\.(start|stop)_capture\b|\.export_chrome_trace\s*\(|\.key_averages\s*\(|\brecord_function\s*\("
        r"|\btorch\.cuda\.nvtx\.|\bschedule\s*\(\s*wait\s*="
    ),
}
# FLOPs and bandwidth computed in code (Python strings are blanked, so a "GB/s" label alone does not count); rate
# words in C strings are the printed rate of an expression beside them.
_RATE = re.compile(r"(?i:flop|gbps|gb_?s\b|gb/s|bandwidth|roofline|\bmfu\b)")
_ARITH = re.compile(r"/|\*\s*1e-?\d|\*\*|\b1e-?\d+|\b10\s*\*\*")
# Definitions, per family (group "name").
_DEFINITION = {
    "python": re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+(?P<name>\w+)"),
    "rust": re.compile(
        r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:(?:async|unsafe|const)\s+)*(?:fn|struct|enum|trait)\s+(?P<name>\w+)"
        r"|^\s*impl\b(?:<[^>]*>)?\s+(?P<trait>\w*Bench\w*)\s+for\b"
    ),
    "c": re.compile(
        r"^\s*(?:(?:static|inline|template\s*<[^>]*>|__host__|__global__)\s+)*[\w:<>]+[\s*&]+(?P<name>[A-Za-z_]\w*)"
        r"\s*\([^;]*$|^\s*(?:struct|class)\s+(?P<type>\w+)"
    ),
}
_MEASURE_NAME = re.compile(
    r"(?i)(^|_)(bench|benches|benchmark|benchmarks|benchmarking|roofline|profile|profiler|profiling|autotune\w*"
    r"|tuner|tuning|sweep)(_|$)|^_?(time|measure|tune|bm)_|^bm[A-Z_]|bench$|Bench|Benchmark|Profiler|Roofline|Tuner"
)
# Every rule's match contains one of these (lower-cased): one scan of a file that passed the gate finds the rows
# worth classifying, and the ordered rules run on those rows only (a per-line alternation of the rules themselves,
# with their word boundaries, is some fifty times slower).
_CANDIDATE = re.compile(
    rb"bench|criterion|divan|time|timing|perf|elapsed|profil|flop|gbps|gb_?s|gb/s|bandwidth|roofline|mfu|tun|sweep"
    rb"|search|measure|bm_|::now|_now|cupti|papi|rdtsc|roctracer|capture|pstats|record_function|schedule|nvtx|pprof"
    rb"|dhat|b\.iter|autorange|iter_custom|eventrecord"
)
_TUNING_NAME = re.compile(r"(?i)autotun|(^|_)(tune|tuner|tuning|sweep|beam_search|search_config\w*)(_|$)|Tuner")

# A subject that says the commit lints, formats, renames, moves or bumps: the benchmark code it touches is upkeep.
_UPKEEP = re.compile(
    r"(?i)\b(lint\w*|reformat\w*|formatting|formatter|clang-format|rustfmt|fmt|clippy|ruff|typos?|renam\w+"
    r"|mov(e|es|ed|ing) [\w./-]+ (in)?to|bump\w*|deprecat\w*|pre-commit)\b"
)
# A commit changing this many files is a sweeping change (an API break, a tree-wide rename): its benchmark edits
# follow the change rather than build tooling.
_SWEEPING_FILES = 100
# A C or C++ declaration (`MLX_API void stop_capture();`): the API's name, not its use.
_PROTOTYPE = re.compile(
    r"^(?!(?:return|else|case|co_return|throw|delete)\b)(?:[\w:<>*&]+\s+)+[*&]?\w+\s*\([^()]*\)\s*(const\s*)?;$"
)

_WEIGHTS = {
    "perf_counters": 0.9,
    "harness": 0.9,
    "definition": 0.9,
    "throughput": 0.85,
    "profiler": 0.8,
    "timing": 0.75,
    "tuning": 0.8,
    "harness_use": 0.7,
    "measured_rate": 0.6,
    "profiler_use": 0.6,
}


class Profiling(Detector):
    name = "profiling"
    trigger_words = r"(?i)tracy|puffin|nvtx|^profile_|ZoneScoped"
    patterns = {
        "cfamily": (("instrumentation", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_CODE)}))"),),
        "rust": (
            ("instrumentation", f"((identifier) @hit (#match? @hit {q(_CODE)}))"),
            ("instrumentation", f"(macro_invocation macro: (identifier) @hit (#match? @hit {q(_CODE)}))"),
        ),
    }
    lexical_languages = _LANGUAGES
    max_per_file = 3

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        return Hit(
            node.start_point.row, 0.8, {"tool": f.text(node)[:40], "pattern": "instrumentation", "source": "code"}
        )

    def lexical_hits(self, f: FileView) -> list[Hit]:
        path = f.path.lower()
        bench = any(word in path for word in _BENCH_PATH_WORDS) and _BENCH_PATH.search(f.path) is not None
        low = f.source.lower()
        if not bench:
            if not any(gate.search(low) for gate in _GATE):
                return []  # the common case: nothing here measures anything
            if f.is_test or _TEST_PATH.search(f.path):
                return []  # tests that time something are tests
        family = _FAMILY.get(f.language or "")
        if family is None or _NOT_TOOL_PATH.search(f.path):
            return []
        return _measurement_hits(f, low, family, bench)

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """Measurement code that a lint or format pass, a move or a sweeping API change touches is upkeep."""
        if _UPKEEP.search(ctx.commit.subject) or len(ctx.commit.files) >= _SWEEPING_FILES:
            signals[:] = [s for s in signals if s.detail.get("source") == "text"]

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        return text_line_signals(ctx, self.name, _tool_of, lambda tool: {"tool": tool, "source": "text"}, _TEXT_WEIGHT)


def _measurement_hits(f: FileView, low: bytes, family: str, bench: bool) -> list[Hit]:
    rows = rows_matching(low, _CANDIDATE)
    if not rows:
        return []
    if family == "python":
        lines = [(row, line) for row, line in python_code_lines(f) if row in rows]
    else:
        lines = [(row, line) for row, line in f.code_lines() if row in rows and not _PROTOTYPE.match(line)]
    found: list[tuple[str, int, str]] = []  # (kind, row, what)
    for row, line in lines:
        if len(line) > 2000:
            continue
        kind, what = _line_kind(family, line)
        if kind is not None:
            found.append((kind, row, what))
    if not found:
        return []
    counts = Counter(kind for kind, _, _ in found)
    tuning = any(kind == "definition" and _TUNING_NAME.search(what) for kind, _, what in found)
    # A timer of its own beside the tuner (`_time_program`, `measure_config`), as a hyperparameter sweep has not.
    timer = any(kind == "definition" and not _TUNING_NAME.search(what) for kind, _, what in found)
    hits: list[Hit] = []
    for kind, row, what in found:
        tag = _grade(kind, what, counts, bench, tuning, timer)
        if tag is not None:
            hits.append(Hit(row, _WEIGHTS[tag], {"tool": _tool_name(kind, what), "pattern": tag, "source": "code"}))
    return hits


def _line_kind(family: str, line: str) -> tuple[str | None, str]:
    found = _PERF_COUNTERS.search(line)
    if found:
        return "perf_counters", found.group(0)
    found = _HARNESS[family].search(line)
    if found:
        return "harness", found.group(0)
    definition = _DEFINITION[family].match(line)
    if definition:
        name = next((g for g in definition.groups() if g), "")
        if _MEASURE_NAME.search(name):
            return "definition", name
    found = _PROFILER[family].search(line)
    if found:
        return "profiler", found.group(0)
    found = _TIMING[family].search(line)
    if found:
        return "timing", found.group(0)
    found = _RATE.search(line)
    if found and _ARITH.search(line) and not _is_rate_name_only(line, found):
        return "rate", found.group(0)
    return None, ""


def _is_rate_name_only(line: str, found: re.Match[str]) -> bool:
    """A rate word on a line that only declares or passes it (`flops: u64,`, `int64_t flops = 0;`)."""
    rest = line[found.end() :]
    return "/" not in line and not re.search(r"1e-?\d|\*\*", rest)


def _grade(kind: str, what: str, counts: Counter[str], bench: bool, tuning: bool, timer: bool) -> str | None:
    """The evidence tag of one line, given what else the file holds; None when the line is not evidence here."""
    measured = counts["timing"] + counts["harness"]
    if kind == "perf_counters":
        return "perf_counters"
    if bench:
        if kind in ("harness", "definition"):
            return kind
        if kind == "rate":
            roofline = "roofline" in what.lower()
            return "throughput" if measured or counts["definition"] or roofline else None
        if kind == "profiler":
            return "profiler"
        if kind == "timing":
            return "timing" if counts["timing"] >= 2 or counts["harness"] or counts["definition"] else None
        return None
    # Outside a tool's file the measurement must have depth: a tuner, a harness with its own definitions, a rate.
    timed = counts["harness"] or (counts["timing"] >= 2 and (timer or counts["rate"]))
    if tuning and timed and kind in ("definition", "harness", "timing"):
        return "tuning"
    if kind in ("harness", "definition") and counts["harness"] and (counts["definition"] or counts["rate"]):
        return "harness_use"
    if kind == "rate" and counts["timing"]:
        return "measured_rate"
    if kind == "profiler" and (counts["profiler"] >= 2 or counts["timing"]):
        return "profiler_use"
    return None


_TOOL_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"criterion|Criterion|bench_function|bench_with_input|benchmark_group|iter_custom"), "criterion"),
    (re.compile(r"divan"), "divan"),
    (re.compile(r"#\[bench\]|Bencher|b\.iter"), "cargo bench"),
    (re.compile(r"BENCHMARK|benchmark::"), "google benchmark"),
    (re.compile(r"do_bench|perf_report|triton\.testing"), "triton do_bench"),
    (re.compile(r"benchmark\.Timer|utils\.benchmark|Timer\s*\(|autorange"), "torch.utils.benchmark"),
    (re.compile(r"timeit"), "timeit"),
    (re.compile(r"EventElapsedTime|EventRecord|enable_timing|elapsed_time"), "gpu events"),
    (re.compile(r"MODE_PERF|eval_perf"), "test-backend-ops perf"),
    (re.compile(r"perf_event|PERF_COUNT"), "perf_event_open"),
    (re.compile(r"PAPI"), "papi"),
    (re.compile(r"(?i)cupti"), "cupti"),
    (re.compile(r"roc(tracer|profiler)"), "rocprofiler"),
    (re.compile(r"rdtsc"), "rdtsc"),
    (
        re.compile(r"torch\.profiler|ProfilerActivity|autograd\.profiler|chrome_trace|key_averages|record_function"),
        "torch.profiler",
    ),
    (re.compile(r"cProfile|pstats"), "cprofile"),
    (re.compile(r"capture|MTLCapture"), "metal capture"),
    (re.compile(r"pprof|ProfilerGuard"), "pprof"),
    (re.compile(r"(?i)roofline"), "roofline"),
)


def _tool_name(kind: str, what: str) -> str:
    if kind == "rate":
        low = what.lower()
        return "roofline" if "roofline" in low else "bandwidth" if "gb" in low or "bandwidth" in low else "flops"
    if kind == "timing":
        return "timing"
    if kind == "definition":
        return "autotuning" if _TUNING_NAME.search(what) else "benchmark harness"
    return next((name for rx, name in _TOOL_NAMES if rx.search(what)), what[:40])


def _tool_of(line: str) -> str | None:
    found = _TOOLS.search(line) or _INSTRUMENTS.search(line)
    return re.sub(r"\s+", " ", found.group(0).lower()) if found else None
