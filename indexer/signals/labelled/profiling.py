"""Labelled cases for the profiling detector."""

from indexer.signals.labelled import Case, commit_case, neg, pos, text_case

D = "profiling"
CASES = [
    text_case(
        D,
        True,
        """
        cuda: reduce register pressure in mmq

        Nsight Compute showed the kernel was limited by register spills.
    """,
        note="nsight compute",
    ),
    text_case(
        D,
        True,
        """
        Optimize the allocator

        Profiled with `nsys profile --trace=cuda` and the gaps between kernels are gone.
    """,
        note="nsys",
    ),
    text_case(
        D,
        True,
        """
        Faster tokenizer

        perf record showed 40% of the time in the regex engine; see the flame graph in the PR.
    """,
        note="perf record and flame graph",
    ),
    text_case(
        D,
        True,
        """
        metal: avoid redundant encoder creation

        Found with Xcode Instruments (Metal System Trace).
    """,
        note="instruments",
    ),
    text_case(
        D,
        True,
        "Speed up quantize",
        pr_text="""
        I ran VTune on the AVX2 path and the hotspot was the scale computation.
    """,
        note="vtune in PR text",
    ),
    text_case(
        D,
        True,
        """
        Add Tracy zones around graph compute
    """,
        note="tracy in message",
    ),
    text_case(
        D,
        True,
        """
        Profile the decoder with py-spy to find the Python overhead
    """,
        note="py-spy",
    ),
    pos(
        D,
        "src/ggml-cuda/ggml-cuda.cu",
        """
        nvtxRangePushA("graph_compute");
        ggml_cuda_graph_evaluate(ctx, cgraph);
        nvtxRangePop();
    """,
        "nvtx ranges in code",
    ),
    pos(
        D,
        "src/compute.cpp",
        """
        void compute(Graph & g) {
            ZoneScopedN("compute");
            run(g);
        }
    """,
        "tracy zone in code",
    ),
    pos(
        D,
        "src/profile.rs",
        """
        let _span = tracy_client::span!("matmul");
        let out = lhs.matmul(&rhs)?;
    """,
        "tracy client in rust",
    ),
    text_case(
        D,
        False,
        """
        perf: speed up the rope kernel
    """,
        note="perf: commit prefix",
    ),
    text_case(
        D,
        False,
        """
        Improve performance of the sampler
    """,
        note="performance word",
    ),
    text_case(
        D,
        False,
        """
        Add benchmarks for matmul

        Co-authored-by: Tracy Example <tracy@example.com>
    """,
        note="a person named Tracy in a trailer",
    ),
    text_case(
        D,
        False,
        """
        Update musical instruments example dataset
    """,
        note="instruments lowercase unrelated",
    ),
    neg(
        D,
        "src/timer.cpp",
        """
        auto t0 = std::chrono::steady_clock::now();
        run();
        auto dt = std::chrono::steady_clock::now() - t0;
    """,
        "timing code without a profiler",
    ),
    neg(
        D,
        "src/log.rs",
        """
        // TODO: add nvtx ranges and tracy zones here
        log::info!("step done");
    """,
        "profiler names in a comment",
    ),
    text_case(
        D,
        False,
        """
        Fix perfect hashing of token ids
    """,
        note="perfect",
    ),
    text_case(
        D,
        False,
        """
        Add profile option to the CLI for selecting a config profile
    """,
        note="profile word",
    ),
    neg(
        D,
        "scripts/run.sh",
        """
        ./main -m model.gguf -p "hello" -n 64
    """,
        "shell without profiler",
    ),
    text_case(
        D,
        False,
        """
        Refactor the trace module for logging
    """,
        note="trace word",
    ),
    # --- authorship of measurement tooling: benchmark harnesses, timing, rates, counters, profilers, tuners ---
    pos(
        D,
        "candle-core/benches/benchmarks/matmul.rs",
        """
        fn run_bench(c: &mut Criterion, device: &Device) {
            let mut group = c.benchmark_group(device.bench_name("matmul"));
            group.throughput(Throughput::Bytes(flops as u64));
            group.bench_function("iter", move |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _i in 0..iters {
                        run(black_box(&lhs), black_box(&rhs));
                    }
                    device.sync().unwrap();
                    start.elapsed()
                })
            });
            group.finish();
        }
        criterion_group!(benches, criterion_benchmark);
    """,
        "criterion harness in benches/",
    ),
    pos(
        D,
        "benches/quantize.rs",
        """
        #![feature(test)]
        extern crate test;
        use test::Bencher;

        #[bench]
        fn bench_quantize_q4_0(b: &mut Bencher) {
            let src = vec![0.5f32; 4096];
            b.iter(|| quantize_q4_0(&src));
        }
    """,
        "nightly #[bench] functions",
    ),
    pos(
        D,
        "crates/burn-backend-tests/benches/softmax.rs",
        """
        use divan::Bencher;

        fn main() {
            divan::main();
        }

        #[divan::bench(args = [64, 256, 1024])]
        fn softmax(bencher: Bencher, n: usize) {
            let x = make_matrix(n, n);
            bencher.bench_local(|| x.clone().softmax(1));
        }
    """,
        "divan bench",
    ),
    pos(
        D,
        "bench/bench_gemm.cpp",
        """
        static void BM_Gemm(benchmark::State& state) {
          const int n = state.range(0);
          std::vector<float> a(n * n), b(n * n), c(n * n);
          for (auto _ : state) {
            gemm(a.data(), b.data(), c.data(), n);
          }
          state.SetItemsProcessed(state.iterations() * 2LL * n * n * n);
        }
        BENCHMARK(BM_Gemm)->Range(64, 1024);
        BENCHMARK_MAIN();
    """,
        "google benchmark",
    ),
    pos(
        D,
        "benchmarks/bench_gemm.py",
        """
        @triton.testing.perf_report(configs)
        def bench_matmul(M, N, K, provider):
            a = torch.randn((M, K), device="cuda", dtype=torch.float16)
            b = torch.randn((K, N), device="cuda", dtype=torch.float16)
            ms = triton.testing.do_bench(lambda: matmul(a, b))
            tflops = 2 * M * N * K * 1e-12 / (ms * 1e-3)
            return tflops
    """,
        "triton do_bench harness computing TFLOPS",
    ),
    pos(
        D,
        "benchmarks/benchmark_aq.py",
        """
        def benchmark_model(model, x, label):
            t = benchmark.Timer(
                stmt="model(x)",
                globals={"model": model, "x": x},
                label=label,
            )
            return t.blocked_autorange(min_run_time=1.0)
    """,
        "torch.utils.benchmark.Timer",
    ),
    pos(
        D,
        "benchmarks/float8/bench_matmul.py",
        """
        def do_benchmarks(fn, *args):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(20):
                fn(*args)
            end.record()
            torch.cuda.synchronize()
            return start.elapsed_time(end) / 20
    """,
        "cuda events in a python bench",
    ),
    pos(
        D,
        "benchmarks/python/time_utils.py",
        """
        def measure_runtime(fn, **kwargs):
            for _ in range(5):
                fn(**kwargs)
            tic = time.perf_counter()
            iters = 100
            for _ in range(iters):
                fn(**kwargs)
            return (time.perf_counter() - tic) * 1000 / iters
    """,
        "mlx perf_counter timing helper",
    ),
    pos(
        D,
        "csrc/bench/attention_bench.cu",
        """
        cudaEvent_t start, stop;
        cudaEventCreate(&start);
        cudaEventCreate(&stop);
        cudaEventRecord(start);
        for (int i = 0; i < iters; ++i) {
            attention_kernel<<<grid, block>>>(q, k, v, o, seq_len);
        }
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0.0f;
        cudaEventElapsedTime(&ms, start, stop);
    """,
        "cuda event timing in a bench",
    ),
    pos(
        D,
        "tests/test-backend-ops.cpp",
        """
        int64_t total_time_us = 0;
        int total_runs = 0;
        do {
            int64_t start_time = ggml_time_us();
            ggml_backend_graph_compute(backend, gf);
            int64_t end_time = ggml_time_us();
            total_time_us += end_time - start_time;
            total_runs += n_runs;
        } while (total_time_us < 1000*1000);
        printf("%8.2f GFLOPS", (double) total_flops / total_time_us / 1e3);
    """,
        "test-backend-ops perf mode",
    ),
    pos(
        D,
        "examples/bench/bench.cpp",
        """
        const int64_t t_start = ggml_time_us();
        for (int i = 0; i < n_iter; ++i) {
            whisper_encode(ctx, 0, params.n_threads);
        }
        const int64_t t_end = ggml_time_us();
        fprintf(stderr, "encode time = %8.2f ms\n", (t_end - t_start) / 1000.0 / n_iter);
    """,
        "whisper bench tool",
    ),
    pos(
        D,
        "src/perf_counters.c",
        """
        struct perf_event_attr pe;
        memset(&pe, 0, sizeof(pe));
        pe.type = PERF_TYPE_HARDWARE;
        pe.config = PERF_COUNT_HW_CACHE_MISSES;
        int fd = syscall(__NR_perf_event_open, &pe, 0, -1, -1, 0);
    """,
        "perf_event_open counters",
    ),
    pos(
        D,
        "torchao/kernel/autotuner.py",
        """
        def do_bench_config(fn, configs):
            best, best_ms = None, float("inf")
            for config in configs:
                ms = triton.testing.do_bench(lambda: fn(config), warmup=25, rep=100)
                if ms < best_ms:
                    best, best_ms = config, ms
            return best

        def get_best_config_autotune(shape, fn, configs):
            return do_bench_config(fn, configs)
    """,
        "autotuner timing configurations",
    ),
    pos(
        D,
        "benchmarks/float8/float8_roofline.py",
        """
        def get_gemm_time_sympy(M, K, N, dtype):
            gemm_ops = 2 * M * K * N
            return gemm_ops / (peak_tflops * 1e12)

        def run(M, K, N):
            roofline_speedup = bf16_gemm_time / fp8_total_time
            achieved_tflops = gemm_ops / measured_s / 1e12
    """,
        "roofline script",
    ),
    pos(
        D,
        "benchmarks/float8/profile_lowp_training.py",
        """
        def profile_function(config, func, *args):
            with torch.profiler.profile(
                activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA],
                record_shapes=True,
            ) as prof:
                func(*args)
            prof.export_chrome_trace(config.file_path)
    """,
        "torch.profiler tooling",
    ),
    pos(
        D,
        "src/profiler/cupti_tracer.cpp",
        """
        void CuptiTracer::enable() {
            CUPTI_CALL(cuptiActivityRegisterCallbacks(buffer_requested, buffer_completed));
            CUPTI_CALL(cuptiActivityEnable(CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL));
        }
    """,
        "cupti tracer",
    ),
    pos(
        D,
        "tools/llama-bench/llama-bench.cpp",
        """
        static uint64_t get_time_ns() {
            using clock = std::chrono::high_resolution_clock;
            return std::chrono::nanoseconds(clock::now().time_since_epoch()).count();
        }

        static void test_prompt(llama_context * ctx, int n_prompt, int n_batch) {
            uint64_t t_start = get_time_ns();
            llama_decode(ctx, batch);
            samples_ns.push_back(get_time_ns() - t_start);
        }
    """,
        "llama-bench timing",
    ),
    pos(
        D,
        "scripts/bench_tokenizer.py",
        """
        def bench_encode(tokenizer, texts):
            return timeit.timeit(lambda: tokenizer.encode_batch(texts), number=10)
    """,
        "timeit bench script",
    ),
    neg(
        D,
        "tests/test_attention.py",
        """
        def test_flash_attention_speed():
            start = time.time()
            out = flash_attn_func(q, k, v)
            elapsed = time.time() - start
            assert out.shape == q.shape
    """,
        "a test that times something",
    ),
    neg(
        D,
        "src/generate.py",
        """
        start = time.time()
        tokens = model.generate(prompt, max_new_tokens=64)
        print(decode(tokens))
    """,
        "a single time.time() log line",
    ),
    Case(
        D,
        False,
        (
            (
                "README.md",
                "| model | size | backend | test | t/s |\n| --- | --- | --- | --- | --- |\n"
                "| llama 7B Q4_0 | 3.56 GiB | CUDA | pp512 | 4852.21 |\n",
            ),
        ),
        message="README: update benchmark numbers",
        note="README benchmark table edit",
    ),
    neg(
        D,
        "torchao/quantization/linear_activation.py",
        """
        def forward(self, x):
            if self.pick_kernel:
                ms = triton.testing.do_bench(lambda: self.kernel(x))
            return self.kernel(x)
    """,
        "a model file calling a benchmark helper once",
    ),
    Case(
        D,
        False,
        (("benches/quantize.rs", "// nightly benches moved to criterion\n"),),
        message="Remove the nightly #[bench] benchmarks",
        removed={"benches/quantize.rs": 24},
        note="#[bench] removed",
    ),
    commit_case(
        D,
        False,
        {
            "src/rope.rs": """
                pub fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
                    let x = x.contiguous()?;
                    rope_inplace(&x, cos, sin)
                }
            """
        },
        message="perf: avoid a copy in rope",
        note="perf: prefix on a code change",
    ),
    Case(
        D,
        False,
        (
            (
                "candle-core/Cargo.toml",
                '[dev-dependencies]\ncriterion = { version = "0.5", features = ["html_reports"] }\n',
            ),
        ),
        message="Add criterion dev-dependency",
        note="criterion in Cargo.toml only",
    ),
    neg(
        D,
        "candle-examples/examples/phi/main.rs",
        """
        let start_gen = std::time::Instant::now();
        for index in 0..sample_len {
            let logits = self.model.forward(&input)?;
        }
        let dt = start_gen.elapsed();
        println!("{generated_tokens} tokens generated ({:.2} token/s)", generated_tokens as f64 / dt.as_secs_f64());
    """,
        "tokens/s printed by an example",
    ),
    neg(
        D,
        "kernels/matmul.py",
        """
        @triton.autotune(configs=[triton.Config({"BLOCK_M": 128}, num_warps=4)], key=["M", "N"])
        @triton.jit
        def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, BLOCK_M: tl.constexpr):
            pid = tl.program_id(0)
    """,
        "an autotune decorator on a kernel",
    ),
    neg(
        D,
        "scout/config.py",
        """
        def load_profile(name):
            started = time.time()
            profile = PROFILES[name]
            log.info("loaded in %s", time.time() - started)
            return profile
    """,
        "a config profile loader with a log timer",
    ),
    neg(
        D,
        "benchmarks/bench_matmul.py",
        """
        SHAPES = [
            (1024, 1024, 1024),
            (4096, 4096, 4096),
            (8192, 8192, 1024),
        ]
    """,
        "shapes edited in a bench file",
    ),
    neg(
        D,
        "src/server.rs",
        """
        let start = Instant::now();
        let response = engine.generate(request).await?;
        log::info!("request took {:?}", start.elapsed());
    """,
        "a request duration logged by a server",
    ),
    neg(
        D,
        "train/sweep.py",
        """
        def sweep_learning_rates(rates):
            for lr in rates:
                t0 = time.time()
                loss = train(lr)
                print(lr, loss, time.time() - t0)
    """,
        "a hyperparameter sweep that logs time",
    ),
    neg(
        D,
        "tests/ops.rs",
        """
        #[test]
        fn matmul_is_fast_enough() {
            let start = Instant::now();
            let _ = a.matmul(&b).unwrap();
            assert!(start.elapsed().as_millis() < 100);
        }
    """,
        "a rust test with a timer",
    ),
    neg(
        D,
        "model/gpt.py",
        """
        def estimate_flops(self):
            n_params = sum(p.numel() for p in self.parameters())
            return 6 * n_params * self.config.block_size
    """,
        "a model's FLOP estimate without measurement",
    ),
]
