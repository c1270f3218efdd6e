"""Labelled cases for the simd detector."""

from indexer.signals.labelled import neg, pos

D = "simd"
CASES = [
    pos(
        D,
        "src/ggml-cpu/vec.cpp",
        """
        static inline float hsum_avx(__m256 x) {
            __m128 hi = _mm256_extractf128_ps(x, 1);
            __m128 lo = _mm256_castps256_ps128(x);
            __m128 s = _mm_add_ps(hi, lo);
            s = _mm_hadd_ps(s, s);
            return _mm_cvtss_f32(_mm_hadd_ps(s, s));
        }
    """,
        "avx horizontal sum",
    ),
    pos(
        D,
        "src/quants.c",
        """
        for (int i = 0; i < nb; ++i) {
            const __m256i q = _mm256_loadu_si256((const __m256i *)x[i].qs);
            const __m256i lo = _mm256_and_si256(q, m4);
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(lo, ones));
        }
    """,
        "avx2 int path",
    ),
    pos(
        D,
        "src/ops.cpp",
        """
        void add_f32_avx512(const float * a, const float * b, float * y, int n) {
            for (int i = 0; i + 16 <= n; i += 16) {
                __m512 va = _mm512_loadu_ps(a + i);
                _mm512_storeu_ps(y + i, _mm512_add_ps(va, _mm512_loadu_ps(b + i)));
            }
        }
    """,
        "avx512",
    ),
    pos(
        D,
        "src/arm/dot.c",
        """
        float32x4_t sum = vdupq_n_f32(0.0f);
        for (int i = 0; i < n; i += 4) {
            float32x4_t va = vld1q_f32(a + i);
            float32x4_t vb = vld1q_f32(b + i);
            sum = vfmaq_f32(sum, va, vb);
        }
        return vaddvq_f32(sum);
    """,
        "neon fma",
    ),
    pos(
        D,
        "src/arm/q8.c",
        """
        const int8x16_t x0 = vld1q_s8(xq);
        const int8x16_t y0 = vld1q_s8(yq);
        int32x4_t p = vdotq_s32(vdupq_n_s32(0), x0, y0);
        sumf += vaddvq_s32(p) * d;
    """,
        "neon dotprod",
    ),
    pos(
        D,
        "src/sve.c",
        """
        svfloat32_t acc = svdup_n_f32(0.0f);
        for (int i = 0; i < n; i += svcntw()) {
            svbool_t pg = svwhilelt_b32(i, n);
            svfloat32_t ax = svld1_f32(pg, x + i);
            acc = svmla_f32_m(pg, acc, ax, svld1_f32(pg, y + i));
        }
    """,
        "sve",
    ),
    pos(
        D,
        "src/riscv.c",
        """
        size_t vl = __riscv_vsetvl_e32m4(n);
        vfloat32m4_t vx = __riscv_vle32_v_f32m4(x, vl);
        vfloat32m4_t vy = __riscv_vle32_v_f32m4(y, vl);
        vy = __riscv_vfmacc_vf_f32m4(vy, v, vx, vl);
        __riscv_vse32_v_f32m4(y, vy, vl);
    """,
        "rvv",
    ),
    pos(
        D,
        "src/wasm.c",
        """
        v128_t sum = wasm_f32x4_splat(0.0f);
        for (int i = 0; i < n; i += 4) {
            sum = wasm_f32x4_add(sum, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        }
    """,
        "wasm simd128",
    ),
    pos(
        D,
        "candle-core/src/cpu/avx.rs",
        """
        use core::arch::x86_64::*;

        #[inline(always)]
        pub unsafe fn vec_reduce(mut x: __m256) -> f32 {
            let t0 = _mm256_castps256_ps128(x);
            let t1 = _mm256_extractf128_ps(x, 1);
            _mm_cvtss_f32(_mm_add_ps(t0, t1))
        }
    """,
        "rust avx",
    ),
    pos(
        D,
        "candle-core/src/cpu/neon.rs",
        """
        #[cfg(target_arch = "aarch64")]
        pub unsafe fn vec_dot_f32(a: *const f32, b: *const f32, n: usize) -> f32 {
            let mut acc = vdupq_n_f32(0.0);
            for i in (0..n).step_by(4) {
                acc = vfmaq_f32(acc, vld1q_f32(a.add(i)), vld1q_f32(b.add(i)));
            }
            vaddvq_f32(acc)
        }
    """,
        "rust neon",
    ),
    pos(
        D,
        "src/kernels/dot.rs",
        """
        #[target_feature(enable = "avx2,fma")]
        unsafe fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
            let mut acc = _mm256_setzero_ps();
            for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(x.as_ptr()), _mm256_loadu_ps(y.as_ptr()), acc);
            }
            hsum(acc)
        }
    """,
        "rust target_feature",
    ),
    pos(
        D,
        "src/simd/sse.h",
        """
        static inline __m128 exp_ps(__m128 x) {
            __m128 one = _mm_set1_ps(1.0f);
            x = _mm_min_ps(x, _mm_set1_ps(88.3762626647949f));
            return _mm_add_ps(one, x);
        }
    """,
        "sse header",
    ),
    neg(
        D,
        "src/ops.cpp",
        """
        // TODO: add an AVX2 / _mm256 path for this loop, NEON too
        for (int i = 0; i < n; ++i) {
            y[i] = a[i] + b[i];
        }
    """,
        "intrinsics named only in a comment",
    ),
    neg(
        D,
        "src/log.cpp",
        """
        void print_features() {
            printf("AVX2 = %d, NEON = %d, _mm256 path = %s\\n", has_avx2, has_neon, "on");
        }
    """,
        "isa names in a string",
    ),
    neg(
        D,
        "scripts/bench.py",
        """
        import numpy as np
        def simd_add(a, b):
            # vectorised by numpy (uses AVX2 under the hood)
            return np.add(a, b)
    """,
        "python vectorised",
    ),
    neg(
        D,
        "src/vec.rs",
        """
        pub fn add(a: &[f32], b: &[f32], out: &mut [f32]) {
            for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
                *o = x + y;
            }
        }
    """,
        "plain rust loop",
    ),
    neg(
        D,
        "src/value.c",
        """
        int val_u8 = (int) buf[0];
        int vmax_len = 16;
        float vsum = 0.0f;
        for (int i = 0; i < vmax_len; ++i) vsum += buf[i];
    """,
        "v-prefixed variables",
    ),
    neg(
        D,
        "src/tensor.cpp",
        """
        Tensor vadd(const Tensor & a, const Tensor & b) {
            return a.add(b);
        }
        Tensor vmul(const Tensor & a, float s) { return a.mul(s); }
    """,
        "functions named like neon ops without suffixes",
    ),
    neg(
        D,
        "src/svd.c",
        """
        void svd_f32(const float * a, float * u, float * s, float * vt, int m, int n) {
            jacobi_rotate(a, u, s, vt, m, n);
        }
    """,
        "svd is not sve",
    ),
    neg(
        D,
        "CMakeLists.txt",
        """
        option(GGML_AVX2 "ggml: enable AVX2" ON)
        if (GGML_AVX2)
            add_compile_options(-mavx2)
        endif()
    """,
        "build flags",
    ),
    neg(
        D,
        "src/cpu.rs",
        """
        fn main() {
            if is_x86_feature_detected!("avx2") {
                println!("avx2 available");
            }
        }
    """,
        "feature detection only",
    ),
    neg(
        D,
        "src/mm.c",
        """
        struct mm_pool { void * base; size_t used; };
        static void * _mm_alloc(struct mm_pool * p, size_t n);
    """,
        "_mm prefix but not an intrinsic",
    ),
]
