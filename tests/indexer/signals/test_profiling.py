from indexer.signals import detect_commit
from indexer.signals.profiling import _GATE, Profiling
from models.records import Signal
from models.settings import Settings

from .helpers import commit

CRITERION = """
    fn criterion_benchmark(c: &mut Criterion) {
        let mut group = c.benchmark_group("softmax");
        group.bench_function("iter", |b| b.iter(|| softmax(&x)));
        group.finish();
    }
    criterion_group!(benches, criterion_benchmark);
    criterion_main!(benches);
"""


def _profiling(files: dict[str, str], message: str = "Change", pr_text: str | None = None) -> list[Signal]:
    found = detect_commit(commit(files, message=message, pr_text=pr_text), Settings()).signals
    return [s for s in found if s.kind == "profiling"]


def test_a_criterion_harness_under_benches_counts_though_the_engine_calls_benches_tests() -> None:
    found = _profiling({"candle-nn/benches/benchmarks/softmax.rs": CRITERION})
    assert found
    assert found[0].weight == 0.9
    assert found[0].detail["tool"] == "criterion"
    assert found[0].detail["source"] == "code"


def test_the_same_harness_outside_a_bench_path_needs_more_than_one_call() -> None:
    once = """
        fn forward(&self, x: &Tensor) -> Result<Tensor> {
            let ms = do_bench(|| self.kernel(x));
            self.kernel(x)
        }
    """
    assert _profiling({"src/model.rs": once}) == []


def test_building_a_harness_outranks_naming_a_profiler_in_the_message() -> None:
    built = _profiling({"benchmarks/bench_gemm.py": "ms = triton.testing.do_bench(lambda: matmul(a, b))\n"})
    named = _profiling({"README.md": "notes\n"}, message="Speed up matmul\n\nProfiled with nsys.")
    assert built and named
    assert max(s.weight for s in built) > max(s.weight for s in named)
    assert named[0].detail == {"tool": "nsys", "source": "text"}


def test_timing_needs_a_bench_path_and_two_calls() -> None:
    loop = """
        tic = time.perf_counter()
        for _ in range(100):
            fn()
        toc = time.perf_counter()
    """
    assert _profiling({"benchmarks/python/sdpa_bench.py": loop})[0].detail["pattern"] == "timing"
    assert _profiling({"benchmarks/python/sdpa_bench.py": "tic = time.perf_counter()\n"}) == []
    assert _profiling({"mlx/nn/layers.py": loop}) == []


def test_tests_that_time_something_are_not_tooling_but_a_perf_mode_is() -> None:
    timed = """
        start = time.perf_counter()
        out = model(x)
        elapsed = time.perf_counter() - start
        tflops = flops / elapsed / 1e12
    """
    assert _profiling({"tests/test_model.py": timed}) == []
    perf_mode = """
        int64_t start_time = ggml_time_us();
        ggml_backend_graph_compute(backend, gf);
        int64_t end_time = ggml_time_us();
    """
    assert _profiling({"tests/test-backend-ops.cpp": perf_mode})


def test_an_autotuner_that_times_configurations_is_tuning() -> None:
    tuner = """
        def autotune(fn, configs):
            timings = {}
            for config in configs:
                timings[config] = triton.testing.do_bench(lambda: fn(config))
            return min(timings, key=timings.get)
    """
    found = _profiling({"torchao/kernel/intmm.py": tuner})
    assert {s.detail["pattern"] for s in found} == {"tuning"}
    assert found[0].weight == 0.8
    # in a file named for autotuning, the harness is the tool's
    named = _profiling({"torchao/kernel/autotuner.py": tuner})
    assert {s.detail["pattern"] for s in named} == {"definition", "harness"}


def test_a_hyperparameter_sweep_with_a_log_timer_is_not_tuning() -> None:
    sweep = """
        def sweep_learning_rates(rates):
            for lr in rates:
                t0 = time.time()
                train(lr)
                print(time.time() - t0)
    """
    assert _profiling({"train/sweep.py": sweep}) == []


def test_perf_counters_count_anywhere_outside_tests() -> None:
    code = """
        int fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
    """
    found = _profiling({"src/counters.c": code})
    assert found and found[0].detail == {"tool": "perf_event_open", "pattern": "perf_counters", "source": "code"}


def test_rates_computed_from_measured_time() -> None:
    code = """
        ms = triton.testing.do_bench(lambda: fn(a, b))
        tflops = 2 * M * N * K / (ms * 1e-3) / 1e12
    """
    found = _profiling({"benchmarks/float8/bench_matmul.py": code})
    assert {s.detail["pattern"] for s in found} == {"harness", "throughput"}
    assert {s.detail["tool"] for s in found} == {"triton do_bench", "flops"}


def test_strings_and_comments_do_not_count() -> None:
    code = """
        # uses triton.testing.do_bench and torch.profiler in the benchmark
        print("benchmark: do_bench, GB/s")
    """
    assert _profiling({"src/helpers.py": code}) == []
    assert _profiling({"benchmarks/run.py": code}) == []


def test_criterion_in_cargo_toml_is_not_code() -> None:
    assert _profiling({"Cargo.toml": '[dev-dependencies]\ncriterion = "0.5"\n'}) == []


def test_the_gate_lets_through_every_trigger_word_and_not_performance() -> None:
    for text in (
        b"bench",
        b"bandwidth",
        b"perf_counter",
        b"torch.profiler",
        b"gflops",
        b"start.elapsed_time(end)",
        b"cudaeventelapsedtime",
        b"cuptiactivityenable",
        b"papi_start",
        b"mx.metal.start_capture",
        b"torch.cuda.nvtx",
    ):
        assert any(gate.search(text) for gate in _GATE), text
    assert not any(gate.search(b"improve performance of the elapsed() timer") for gate in _GATE)


def test_a_file_without_trigger_words_costs_no_line_scan() -> None:
    from indexer.signals.base import FileView

    lines = ["fn add(a: f32, b: f32) -> f32 {", "    a + b", "}"]
    view = FileView("src/ops.rs", "rust", "rust", lines, [1, 2, 3], "\n".join(lines).encode())
    assert Profiling().lexical_hits(view) == []
    assert view.derived == {}  # no code lines were made


def test_a_lint_pass_or_a_move_over_benchmarks_is_upkeep() -> None:
    files = {"benchmarks/bench_gemm.py": "ms = triton.testing.do_bench(lambda: matmul(a, b))\n"}
    assert _profiling(files, message="Lint benchmark folder") == []
    assert _profiling(files, message="move float8_experimental to torchao/float8") == []
    assert _profiling(files, message="Add MX format benchmarks")


def test_a_header_declaring_the_capture_api_is_not_its_use() -> None:
    header = """
        MLX_API void start_capture(std::string path);
        MLX_API void stop_capture();
    """
    assert _profiling({"mlx/backend/metal/metal.h": header}) == []
