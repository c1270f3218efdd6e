"""Labelled cases for the unsafe_rust detector."""

from indexer.signals.labelled import neg, pos

D = "unsafe_rust"
CASES = [
    pos(
        D,
        "src/storage.rs",
        """
        pub fn as_slice<T>(&self) -> &[T] {
            unsafe { std::slice::from_raw_parts(self.ptr as *const T, self.len) }
        }
    """,
        "unsafe block from_raw_parts",
    ),
    pos(
        D,
        "src/kernels.rs",
        """
        pub unsafe fn vec_dot_q4_0(n: usize, x: *const BlockQ4_0, y: *const BlockQ8_0) -> f32 {
            let mut acc = 0f32;
            for i in 0..n / 32 { acc += (*x.add(i)).d.to_f32() * (*y.add(i)).d.to_f32(); }
            acc
        }
    """,
        "unsafe fn",
    ),
    pos(
        D,
        "src/device.rs",
        """
        unsafe impl Send for MetalDevice {}
        unsafe impl Sync for MetalDevice {}
    """,
        "unsafe impl Send/Sync",
    ),
    pos(
        D,
        "src/alloc.rs",
        """
        unsafe trait RawAlloc {
            fn alloc(&self, size: usize) -> *mut u8;
        }
    """,
        "unsafe trait",
    ),
    pos(
        D,
        "src/launch.rs",
        """
        let params = (&dst, &src, n as u32);
        unsafe { func.launch(cfg, params) }.w()?;
    """,
        "unsafe kernel launch",
    ),
    pos(
        D,
        "src/ffi.rs",
        """
        extern "C" {
            pub unsafe fn ggml_init(params: ggml_init_params) -> *mut ggml_context;
        }
    """,
        "unsafe fn signature",
    ),
    pos(
        D,
        "src/simd.rs",
        """
        fn sum(xs: &[f32]) -> f32 {
            #[cfg(target_feature = "avx")]
            unsafe {
                return avx::vec_sum(xs.as_ptr(), xs.len());
            }
            xs.iter().sum()
        }
    """,
        "cfg-gated unsafe block",
    ),
    pos(
        D,
        "src/mmap.rs",
        """
        let mmap = unsafe { memmap2::MmapOptions::new().map(&file)? };
    """,
        "unsafe mmap",
    ),
    pos(
        D,
        "src/buffer.rs",
        """
        impl Buffer {
            pub(crate) unsafe fn get_unchecked(&self, i: usize) -> f32 {
                *self.data.get_unchecked(i)
            }
        }
    """,
        "unsafe method",
    ),
    pos(
        D,
        "src/transmute.rs",
        """
        let bits: u32 = unsafe { std::mem::transmute(x) };
        let y = f32::from_bits(bits ^ 0x8000_0000);
    """,
        "transmute",
    ),
    neg(
        D,
        "src/lib.rs",
        """
        #![forbid(unsafe_code)]
        pub mod tokenizer;
    """,
        "forbid(unsafe_code)",
    ),
    neg(
        D,
        "src/error.rs",
        """
        #[error("unsafe operation not allowed: {0}")]
        UnsafeOp(String),
    """,
        "unsafe in a string",
    ),
    neg(
        D,
        "src/ops.rs",
        """
        // SAFETY: this used to be unsafe, now it is safe code
        pub fn copy(dst: &mut [f32], src: &[f32]) {
            dst.copy_from_slice(src);
        }
    """,
        "unsafe in a comment",
    ),
    neg(
        D,
        "src/stats.rs",
        """
        let unsafe_count = report.unsafe_blocks;
        println!("{unsafe_count}");
    """,
        "unsafe in an identifier",
    ),
    neg(
        D,
        "src/model.rs",
        """
        pub fn forward(&self, xs: &Tensor) -> Result<Tensor> {
            let xs = self.conv1.forward(xs)?.relu()?;
            self.conv2.forward(&xs)
        }
    """,
        "plain safe rust",
    ),
    neg(
        D,
        "bindings/python/ops.py",
        """
        def unsafe_view(t):
            # unsafe { } in rust would be needed here
            return t.view(-1)
    """,
        "python named unsafe",
    ),
    neg(
        D,
        "src/safe.rs",
        """
        /// # Safety
        /// The caller must ensure `ptr` is valid.
        pub fn checked_read(v: &[u8], i: usize) -> Option<u8> { v.get(i).copied() }
    """,
        "safety docs but no unsafe",
    ),
    neg(
        D,
        "Cargo.toml",
        """
        [lints.rust]
        unsafe_code = "deny"
    """,
        "lint config",
    ),
    neg(
        D,
        "src/attrs.rs",
        """
        #[allow(clippy::missing_safety_doc)]
        pub fn load(path: &Path) -> Result<Vec<u8>> { Ok(std::fs::read(path)?) }
    """,
        "safety lint attr",
    ),
    neg(
        D,
        "src/ops.cpp",
        """
        // C++ has no unsafe keyword
        void copy(float * dst, const float * src, int n) { memcpy(dst, src, n * sizeof(float)); }
    """,
        "c++ code",
    ),
]
