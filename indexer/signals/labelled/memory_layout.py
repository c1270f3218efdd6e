"""Labelled cases for the memory_layout detector."""

from indexer.signals.labelled import neg, pos

D = "memory_layout"
CASES = [
    pos(
        D,
        "candle-core/src/layout.rs",
        """
        #[derive(Debug, PartialEq, Eq, Clone)]
        pub struct Layout {
            shape: Shape,
            stride: Vec<usize>,
            start_offset: usize,
        }
    """,
        "Layout type",
    ),
    pos(
        D,
        "candle-core/src/shape.rs",
        """
        pub fn is_contiguous(&self, stride: &[usize]) -> bool {
            let mut acc = 1;
            for (&stride, &dim) in stride.iter().zip(self.0.iter()).rev() {
                if dim > 1 && stride != acc { return false; }
                acc *= dim;
            }
            true
        }
    """,
        "is_contiguous",
    ),
    pos(
        D,
        "src/ggml-cpu/ops.cpp",
        """
        for (int64_t i01 = 0; i01 < ne01; i01++) {
            const float * x = (float *) ((char *) src0->data + i01*nb01 + i02*nb02 + i03*nb03);
            float * y = (float *) ((char *) dst->data + i01*nb1 + i02*nb2 + i03*nb3);
        }
    """,
        "ggml byte strides",
    ),
    pos(
        D,
        "src/strided.rs",
        """
        fn offset(index: &[usize], strides: &[usize]) -> usize {
            index.iter().zip(strides).map(|(i, s)| i * s).sum()
        }
        let off = start + i * stride[0] + j * stride[1];
    """,
        "stride arithmetic in rust",
    ),
    pos(
        D,
        "src/conv.cpp",
        """
        void nchw_to_nhwc(const float * src, float * dst, int n, int c, int h, int w) {
            for (int i = 0; i < n * c * h * w; ++i) dst[i] = src[i];
        }
    """,
        "nchw to nhwc",
    ),
    pos(
        D,
        "src/copy.cu",
        """
        __global__ void copy_strided(const float * x, float * y, int64_t ne0, int64_t nb00, int64_t nb01) {
            const int64_t i = blockIdx.x * blockDim.x + threadIdx.x;
            y[i] = *(const float *) ((const char *) x + (i % ne0) * nb00 + (i / ne0) * nb01);
        }
    """,
        "strided copy kernel",
    ),
    pos(
        D,
        "mlx/backend/common/utils.h",
        """
        inline size_t elem_to_loc(int elem, const std::vector<int> & shape, const std::vector<size_t> & strides) {
            size_t loc = 0;
            for (int i = shape.size() - 1; i >= 0; --i) { loc += (elem % shape[i]) * strides[i]; elem /= shape[i]; }
            return loc;
        }
    """,
        "elem_to_loc strides",
    ),
    pos(
        D,
        "src/gemm.cpp",
        """
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < n; ++j)
                c[i * ldc + j] += a[i * lda + k] * b[k * ldb + j];
    """,
        "leading dimensions",
    ),
    pos(
        D,
        "src/tensor.rs",
        """
        pub fn strided_blocks(&self) -> StridedBlocks<'_> {
            let mut block_len = 1;
            StridedBlocks::SingleBlock { start_offset: self.start_offset, len: block_len }
        }
    """,
        "strided_blocks",
    ),
    pos(
        D,
        "src/layout.h",
        """
        enum class TensorFormat { NCHW, NHWC };
        bool channels_last(const Tensor & t);
    """,
        "layout enum NCHW/NHWC",
    ),
    neg(
        D,
        "candle-transformers/src/models/bert.rs",
        """
        let q = q.transpose(1, 2)?.contiguous()?;
        let k = k.transpose(1, 2)?.contiguous()?;
    """,
        "model calling transpose and contiguous",
    ),
    neg(
        D,
        "src/model.rs",
        """
        // make sure the tensor is contiguous in NCHW layout before the conv
        let x = self.conv.forward(&x)?;
    """,
        "layout words in a comment",
    ),
    neg(
        D,
        "python/layout.py",
        """
        def to_nhwc(x):
            return x.permute(0, 2, 3, 1).contiguous()
    """,
        "python permute",
    ),
    neg(
        D,
        "src/loop.c",
        """
        for (int i = 0; i < n; i += step) {
            total += values[i] * weight;
        }
    """,
        "multiplication without strides",
    ),
    neg(
        D,
        "src/gui.rs",
        """
        let layout_name = "grid";
        println!("stride: {}", 4);
    """,
        "layout in strings",
    ),
    neg(
        D,
        "docs/layout.md",
        """
        A tensor is contiguous when stride[i] == prod(shape[i+1..]); NCHW vs NHWC.
    """,
        "docs",
    ),
    neg(
        D,
        "src/reshape.rs",
        """
        let x = x.reshape((b, t, h, d))?.permute((0, 2, 1, 3))?;
    """,
        "reshape/permute in model code",
    ),
    neg(
        D,
        "src/area.cpp",
        """
        int area = width * height;
        int perimeter = 2 * (width + height);
    """,
        "arithmetic without strides",
    ),
    neg(
        D,
        "src/ui/layout_widget.cpp",
        """
        void draw(Canvas & c) { c.rect(x, y, w, h); }
    """,
        "ui file named layout",
    ),
    neg(
        D,
        "src/sample.rs",
        """
        let step = total / n;
        let scaled = step * factor;
    """,
        "step is not a stride",
    ),
    neg(
        D,
        "candle-onnx/tests/ops.rs",
        """
        let idx_f = Tensor::arange(1 * stride, 2 * stride, dev)?;
    """,
        "range sized by a stride (found on real code)",
    ),
    neg(
        D,
        "src/ggml-sycl/esimd.hpp",
        """
        const uint8_t * scales = hmask + nb * (QK_K / 8);
    """,
        "nb as a block count (found on real code)",
    ),
]
