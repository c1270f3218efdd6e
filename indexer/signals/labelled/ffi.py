"""Labelled cases for the ffi detector."""

from indexer.signals.labelled import neg, pos

D = "ffi"
CASES = [
    pos(
        D,
        "include/api.h",
        """
        #ifdef __cplusplus
        extern "C" {
        #endif
        struct scout_ctx;
        struct scout_ctx * scout_init(const char * path);
        void scout_free(struct scout_ctx * ctx);
        #ifdef __cplusplus
        }
        #endif
    """,
        "extern C header",
    ),
    pos(
        D,
        "src/c_api.cpp",
        """
        extern "C" int mlx_array_ndim(mlx_array a) {
            return static_cast<int>(reinterpret_cast<array *>(a.ctx)->ndim());
        }
    """,
        "extern C function in C++",
    ),
    pos(
        D,
        "include/ggml.h",
        """
        GGML_API struct ggml_tensor * ggml_rms_norm_fused(
                struct ggml_context * ctx,
                struct ggml_tensor  * a,
                float                 eps);
    """,
        "API export macro",
    ),
    pos(
        D,
        "src/export.cpp",
        """
        __declspec(dllexport) int engine_version(void) { return 3; }
    """,
        "dllexport",
    ),
    pos(
        D,
        "src/sys.rs",
        """
        extern "C" {
            fn cublasLtMatmul(handle: cublasLtHandle_t, desc: *mut c_void) -> cublasStatus_t;
        }
    """,
        "rust extern block",
    ),
    pos(
        D,
        "src/lib.rs",
        """
        #[no_mangle]
        pub extern "C" fn tokenizer_encode(ptr: *const c_char, len: usize) -> *mut Encoding {
            std::ptr::null_mut()
        }
    """,
        "rust exported C fn",
    ),
    pos(
        D,
        "src/types.rs",
        """
        #[repr(C)]
        #[derive(Debug, Clone, Copy)]
        pub struct BlockQ4_0 {
            pub d: f16,
            pub qs: [u8; 16],
        }
    """,
        "repr(C) struct",
    ),
    pos(
        D,
        "build.rs",
        """
        let bindings = bindgen::Builder::default()
            .header("wrapper.h")
            .generate()
            .expect("bindings");
    """,
        "bindgen build script",
    ),
    pos(
        D,
        "src/bridge.rs",
        """
        #[cxx::bridge]
        mod ffi {
            unsafe extern "C++" {
                fn new_engine() -> UniquePtr<Engine>;
            }
        }
    """,
        "cxx bridge",
    ),
    pos(
        D,
        "src/params.rs",
        """
        #[repr(transparent)]
        pub struct Handle(*mut c_void);
    """,
        "repr(transparent) handle",
    ),
    pos(
        D,
        "src/vis.c",
        """
        __attribute__((visibility("default"))) int plugin_abi_version(void) { return 2; }
    """,
        "default visibility export",
    ),
    neg(
        D,
        "src/model.rs",
        """
        pub struct Config {
            pub hidden_size: usize,
            pub num_layers: usize,
        }
    """,
        "plain rust struct",
    ),
    neg(
        D,
        "src/log.cpp",
        """
        // call through the extern "C" API once it exists
        void log_line(const std::string & s) { std::cerr << s << "\\n"; }
    """,
        "extern C in a comment",
    ),
    neg(
        D,
        "src/doc.rs",
        """
        /// Mirrors the `#[repr(C)]` layout of the C struct.
        pub fn describe() -> &'static str { "extern \\"C\\" fn" }
    """,
        "repr(C) in docs and string",
    ),
    neg(
        D,
        "scripts/load.py",
        """
        import ctypes
        lib = ctypes.CDLL("libggml.so")
        lib.ggml_init.restype = ctypes.c_void_p
    """,
        "python ctypes",
    ),
    neg(
        D,
        "src/ops.cpp",
        """
        static int helper(int x) { return x * 2; }
        namespace detail { int api_version = 3; }
    """,
        "internal c++",
    ),
    neg(
        D,
        "src/config.rs",
        """
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Activation { Gelu, Silu }
    """,
        "derive attributes",
    ),
    neg(
        D,
        "src/layout.rs",
        """
        #[repr(u8)]
        pub enum Kind { A = 1, B = 2 }
    """,
        "repr(u8) enum",
    ),
    neg(
        D,
        "src/names.c",
        """
        #define MAX_API_LEN 64
        static const char * api_name = "GGML_API";
    """,
        "API in a string",
    ),
    neg(
        D,
        "src/cxx.rs",
        """
        let cxx = compiler_flags();
        let cc = cxx.clone();
    """,
        "variable named cxx",
    ),
    neg(
        D,
        "src/main.cpp",
        """
        int main(int argc, char ** argv) {
            return run(argc, argv);
        }
    """,
        "main",
    ),
    neg(
        D,
        "candle-metal-kernels/src/lib.rs",
        """
        encoder.set_bytes(0, core::mem::size_of_val(&params) as u64, &params as *const Params as *const c_void);
    """,
        "c_void cast passing bytes to a Rust API (found on real code)",
    ),
]
