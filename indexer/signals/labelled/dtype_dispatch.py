"""Labelled cases for the dtype_dispatch detector."""

from indexer.signals.labelled import neg, pos

D = "dtype_dispatch"
CASES = [
    pos(
        D,
        "src/ops.cu",
        """
        template <typename T>
        __global__ void scale_kernel(T * x, float s, int n);

        template void launch_scale<half>(half * x, float s, int n, cudaStream_t st);
        template void launch_scale<__nv_bfloat16>(__nv_bfloat16 * x, float s, int n, cudaStream_t st);
    """,
        "explicit instantiations for half and bf16",
    ),
    pos(
        D,
        "src/convert.cuh",
        """
        template <>
        __device__ __forceinline__ float to_float<__half>(__half x) {
            return __half2float(x);
        }
    """,
        "specialization for __half",
    ),
    pos(
        D,
        "csrc/layernorm.cu",
        """
        AT_DISPATCH_FLOATING_TYPES_AND2(at::ScalarType::Half, at::ScalarType::BFloat16,
            input.scalar_type(), "rms_norm", [&] {
                rms_norm_kernel<scalar_t><<<grid, block, 0, stream>>>(out.data_ptr<scalar_t>(), n);
            });
    """,
        "AT_DISPATCH macro",
    ),
    pos(
        D,
        "src/binary.cu",
        """
        void launch_add(const void * a, void * y, int n, cudaStream_t st) {
            add_kernel<half><<<(n + 255) / 256, 256, 0, st>>>((const half *) a, (half *) y, n);
        }
    """,
        "templated kernel launch with half",
    ),
    pos(
        D,
        "src/ggml-cpu/ops.cpp",
        """
        switch (src0->type) {
            case GGML_TYPE_F32:
                ggml_compute_forward_add_f32(params, dst);
                break;
            case GGML_TYPE_F16:
                ggml_compute_forward_add_f16(params, dst);
                break;
            case GGML_TYPE_BF16:
                ggml_compute_forward_add_bf16(params, dst);
                break;
        }
    """,
        "switch over ggml types",
    ),
    pos(
        D,
        "candle-core/src/cpu_backend/mod.rs",
        """
        match (self, rhs) {
            (Self::BF16(lhs), Self::BF16(rhs)) => Ok(Self::BF16(binary_map(l, r, lhs, rhs, B::bf16))),
            (Self::F16(lhs), Self::F16(rhs)) => Ok(Self::F16(binary_map(l, r, lhs, rhs, B::f16))),
            (Self::F32(lhs), Self::F32(rhs)) => Ok(Self::F32(binary_map(l, r, lhs, rhs, B::f32))),
            _ => Err(Error::DTypeMismatchBinaryOp { lhs: self.dtype(), rhs: rhs.dtype(), op: B::NAME }),
        }
    """,
        "rust match over storage dtypes",
    ),
    pos(
        D,
        "src/ops.rs",
        """
        let kernel = match dtype {
            DType::F16 => "affine_f16",
            DType::BF16 => "affine_bf16",
            DType::F32 => "affine_f32",
            dt => bail!("unsupported dtype {dt:?}"),
        };
    """,
        "rust match DType to kernel names",
    ),
    pos(
        D,
        "src/reduce.rs",
        """
        fn sum_impl<T: WithDType>(src: &[T], dst: &mut [T]) {
            for (d, s) in dst.iter_mut().zip(src.chunks(4)) {
                *d = s.iter().fold(T::zero(), |a, &b| a + b);
            }
        }
    """,
        "generic bounded by WithDType",
    ),
    pos(
        D,
        "src/dtype.rs",
        """
        impl WithDType for half::bf16 {
            const DTYPE: DType = DType::BF16;
            fn from_f64(v: f64) -> Self { half::bf16::from_f64(v) }
        }
    """,
        "impl element trait for bf16",
    ),
    pos(
        D,
        "src/gemm.cuh",
        """
        template <typename T>
        __device__ void store(T * dst, float v) {
            if constexpr (std::is_same_v<T, nv_bfloat16>) {
                *dst = __float2bfloat16(v);
            } else {
                *dst = (T) v;
            }
        }
    """,
        "if constexpr over element type",
    ),
    pos(
        D,
        "mlx/backend/metal/binary.cpp",
        """
        switch (out.dtype()) {
            case float16:
                launch_binary<float16_t>(a, b, out, s);
                break;
            case bfloat16:
                launch_binary<bfloat16_t>(a, b, out, s);
                break;
            default:
                throw std::runtime_error("unsupported");
        }
    """,
        "mlx switch over dtype",
    ),
    neg(
        D,
        "src/vec.cpp",
        """
        std::vector<uint8_t> buf(n);
        auto v = static_cast<float>(x);
        std::array<int8_t, 16> lut{};
    """,
        "containers and casts of int8/uint8",
    ),
    neg(
        D,
        "src/model.rs",
        """
        let x = x.to_dtype(DType::F32)?;
        let y = self.linear.forward(&x)?;
    """,
        "to_dtype call in model code",
    ),
    neg(
        D,
        "src/print.rs",
        """
        match self.kind {
            Kind::Linear => "linear",
            Kind::Conv => "conv",
            Kind::Embedding => "embedding",
        }
    """,
        "match over a non-dtype enum",
    ),
    neg(
        D,
        "src/compare.rs",
        """
        if dtype == DType::F16 {
            warn!("f16 may be slow on cpu");
        }
    """,
        "single dtype check",
    ),
    neg(
        D,
        "src/state.cpp",
        """
        switch (state) {
            case STATE_IDLE: start(); break;
            case STATE_RUNNING: poll(); break;
            case STATE_DONE: finish(); break;
        }
    """,
        "switch over a state enum",
    ),
    neg(
        D,
        "src/config.cpp",
        """
        // dispatch on half / bfloat16 here once the kernels land
        float scale = 1.0f / sqrtf((float) head_dim);
    """,
        "dtypes in a comment",
    ),
    neg(
        D,
        "src/fmt.cpp",
        """
        template <typename T>
        std::string to_string(const T & v) {
            std::ostringstream os;
            os << v;
            return os.str();
        }
    """,
        "generic template without element types",
    ),
    neg(
        D,
        "scripts/cast.py",
        """
        def cast(t, dtype):
            if dtype == "bfloat16":
                return t.to(torch.bfloat16)
            return t.half()
    """,
        "python dtype handling",
    ),
    neg(
        D,
        "src/tokenizer.rs",
        """
        fn decode<T: AsRef<str>>(tokens: &[T]) -> String {
            tokens.iter().map(|t| t.as_ref()).collect::<Vec<_>>().join(" ")
        }
    """,
        "generic bound not an element type",
    ),
    neg(
        D,
        "src/limits.cpp",
        """
        const float lo = std::numeric_limits<int8_t>::min();
        const auto n = sizeof(half);
    """,
        "numeric_limits of int8",
    ),
]
