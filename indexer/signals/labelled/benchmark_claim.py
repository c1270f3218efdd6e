"""Labelled cases for the benchmark_claim detector (commit and PR text)."""

from indexer.signals.labelled import text_case

D = "benchmark_claim"
CASES = [
    text_case(
        D,
        True,
        """
        cuda: faster rms_norm

        Token generation on an RTX 4090 goes from 112.4 t/s to 131.9 t/s with this change.
    """,
        note="before/after t/s with hardware",
    ),
    text_case(
        D,
        True,
        """
        metal: use simdgroup matrices for q4_0 matmul

        Prompt processing is 1.8x faster on M2 Ultra.
    """,
        note="speedup with hardware",
    ),
    text_case(
        D,
        True,
        """
        Speed up the softmax kernel

        Latency per token drops from 23.1 ms -> 17.6 ms on A100.
    """,
        note="arrow before/after ms",
    ),
    text_case(
        D,
        True,
        "ggml : vectorize gelu (#1234)",
        pr_text="""
        | model | size | backend | test | master t/s | PR t/s |
        | --- | --- | --- | --- | --- | --- |
        | llama 7B Q4_0 | 3.56 GiB | CUDA | pp512 | 4321.55 ± 12.1 | 4870.02 ± 9.3 |
        | llama 7B Q4_0 | 3.56 GiB | CUDA | tg128 | 131.02 ± 0.4 | 140.87 ± 0.3 |
    """,
        note="llama-bench table in PR text",
    ),
    text_case(
        D,
        True,
        """
        Use cp.async in the flash attention kernel

        This improves throughput by 12% on H100.
    """,
        note="percent improvement",
    ),
    text_case(
        D,
        True,
        """
        Optimize the quantized matmul on aarch64

        Before: 41.2 tok/s
        After: 57.9 tok/s
        Measured on a Raspberry Pi 5.
    """,
        note="before/after on separate lines",
    ),
    text_case(
        D,
        True,
        """
        candle: faster conv2d via im2col

        Speedup of 3.2x on the resnet50 benchmark.
    """,
        note="speedup of",
    ),
    text_case(
        D,
        True,
        """
        Improve memcpy bandwidth for host-to-device copies, now reaching 24.5 GB/s on PCIe 4.0.
    """,
        note="bandwidth figure",
    ),
    text_case(
        D,
        True,
        """
        vulkan: coopmat2 matmul

        prompt processing pp512: 1520 -> 2310 t/s on RX 7900 XTX
    """,
        note="pp512 before/after",
    ),
    text_case(
        D,
        True,
        """
        Reduce kernel launch overhead with CUDA graphs, 25% less time per decode step on L4.
    """,
        note="percent less time",
    ),
    text_case(
        D,
        False,
        """
        Bump version to 1.2.3
    """,
        note="version number",
    ),
    text_case(
        D,
        False,
        """
        Set the HTTP timeout to 30 s and retry after 500 ms
    """,
        note="timeouts with units",
    ),
    text_case(
        D,
        False,
        """
        Fix typo in README
    """,
        note="typo",
    ),
    text_case(
        D,
        False,
        """
        Add support for 4-bit and 8-bit quantization

        Co-authored-by: Jane Example <jane@example.com>
    """,
        note="bit widths are not claims",
    ),
    text_case(
        D,
        False,
        """
        Skip 50% of the tests on CI to save time
    """,
        note="percent without a perf claim",
    ),
    text_case(
        D,
        False,
        """
        Add benchmark script for the matmul kernel

        Run it with `cargo bench --bench matmul` to see numbers.
    """,
        note="benchmark without numbers",
    ),
    text_case(
        D,
        False,
        """
        Update the A100 and H100 entries in the device table
    """,
        note="hardware without numbers",
    ),
    text_case(
        D,
        False,
        """
        Resize images to 224x224 before inference
    """,
        note="dimensions with x",
    ),
    text_case(
        D,
        False,
        """
        Limit the context to 4096 tokens and batch size to 32
    """,
        note="sizes",
    ),
    text_case(
        D,
        False,
        """
        Revert "metal: faster softmax"

        This reverts commit 0123456789abcdef.
    """,
        note="revert of a perf commit",
    ),
    text_case(
        D,
        False,
        """
        opencl: fix q6_K mat-vec on older Adreno

        kernel_mul_mv_q6_K_f32_flat produces ~10x-wrong output on the older Adreno GPUs.
    """,
        note="~10x in a bug description (found on real code)",
    ),
]
