"""Labelled cases for the profiling detector."""

from indexer.signals.labelled import neg, pos, text_case

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
]
