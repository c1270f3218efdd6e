"""Labelled cases for the ffi detector."""

from indexer.signals.labelled import neg, pos

D = "ffi"
CASES = [
    neg(
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
        "extern C guard of a C header: boilerplate every C header carries",
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
    neg(
        D,
        "include/ggml.h",
        """
        GGML_API struct ggml_tensor * ggml_rms_norm_fused(
                struct ggml_context * ctx,
                struct ggml_tensor  * a,
                float                 eps);
    """,
        "one more function in a C library's own header (GGML_API): C work, not FFI",
    ),
    neg(
        D,
        "src/export.cpp",
        """
        __declspec(dllexport) int engine_version(void) { return 3; }
    """,
        "dllexport alone: an export macro builds the library",
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
        "repr(C) struct (a plain block: weak)",
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
    neg(
        D,
        "src/vis.c",
        """
        __attribute__((visibility("default"))) int plugin_abi_version(void) { return 2; }
    """,
        "default visibility alone: symbol export, build plumbing",
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
    pos(
        D,
        "scripts/load.py",
        """
        import ctypes
        lib = ctypes.CDLL("libggml.so")
        lib.ggml_init.restype = ctypes.c_void_p
    """,
        "python ctypes: a library loaded and a restype declared",
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
    pos(
        D,
        "candle-kernels/src/ffi.rs",
        """
        use core::ffi::{c_int, c_void};

        extern "C" {
            pub(crate) fn moe_gemm_gguf(input: *const c_void, weights: *const c_void, out: *mut c_void, n: c_int);
        }
    """,
        "rust extern block declaring a CUDA launcher",
    ),
    pos(
        D,
        "candle-core/src/accelerate.rs",
        """
        #[link(name = "Accelerate", kind = "framework")]
        extern "C" {
            fn vvexpf(dst: *mut f32, src: *const f32, len: *const i32);
        }
    """,
        "#[link] to a system framework",
    ),
    pos(
        D,
        "candle-wasm-examples/whisper/src/worker.rs",
        """
        use wasm_bindgen::prelude::*;

        #[wasm_bindgen]
        pub struct Decoder { inner: Model }
    """,
        "wasm-bindgen export",
    ),
    pos(
        D,
        "bindings/node/native/src/tokenizer.rs",
        """
        declare_types! {
            pub class JsAddedToken for AddedToken {
                init(mut cx) {
                    let token = cx.argument::<JsString>(0)?.value();
                    Ok(AddedToken { token: tk::AddedToken::from(token) })
                }
            }
        }
    """,
        "neon node class",
    ),
    pos(
        D,
        "bindings/node/src/tokenizer.rs",
        """
        #[napi]
        impl Tokenizer {
            #[napi(constructor)]
            pub fn new(model: &Model) -> Self { Self { inner: model.into() } }
        }
    """,
        "napi-rs class",
    ),
    pos(
        D,
        "bindings/ruby/ext/ruby_whisper_params.c",
        """
        static VALUE ruby_whisper_params_set_language(VALUE self, VALUE value) {
            ruby_whisper_params *rwp;
            TypedData_Get_Struct(self, ruby_whisper_params, &ruby_whisper_params_type, rwp);
            rwp->params.language = StringValueCStr(value);
            return value;
        }
    """,
        "ruby C extension",
    ),
    pos(
        D,
        "examples/whisper.android/lib/src/main/jni/whisper/jni.c",
        """
        JNIEXPORT jlong JNICALL
        Java_com_whispercpp_whisper_WhisperLib_00024Companion_initContext(JNIEnv *env, jobject thiz, jstring path) {
            const char *model_path = (*env)->GetStringUTFChars(env, path, NULL);
            return (jlong) whisper_init_from_file_with_params(model_path, whisper_context_default_params());
        }
    """,
        "JNI entry point",
    ),
    pos(
        D,
        "bindings/javascript/emscripten.cpp",
        """
        EMSCRIPTEN_BINDINGS(whisper) {
            emscripten::function("init", emscripten::optional_override([](const std::string & path_model) {
                return whisper_init_from_file_with_params(path_model.c_str(), whisper_context_default_params());
            }));
        }
    """,
        "emscripten embind",
    ),
    pos(
        D,
        "bindings/go/whisper.go",
        """
        /*
        #cgo LDFLAGS: -lwhisper -lm -lstdc++
        #include <whisper.h>
        */
        import "C"

        func (ctx *Context) Whisper_full_n_segments() int {
            return int(C.whisper_full_n_segments((*C.struct_whisper_context)(ctx)))
        }
    """,
        "cgo binding",
    ),
    pos(
        D,
        "bindings/java/src/main/java/io/github/ggerganov/whispercpp/WhisperCppJnaLibrary.java",
        """
        import com.sun.jna.Library;
        import com.sun.jna.Native;

        public interface WhisperCppJnaLibrary extends Library {
            WhisperCppJnaLibrary instance = Native.load("whisper", WhisperCppJnaLibrary.class);
            Pointer whisper_init_from_file(String path_model);
        }
    """,
        "JNA interface",
    ),
    pos(
        D,
        "tinygrad/runtime/support/c.py",
        """
        class DLL(ctypes.CDLL):
          def __init__(self, nm: str, paths: list[str]):
            super().__init__(self.findlib(nm, paths))

        class timespec(ctypes.Structure):
          _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]
    """,
        "ctypes library and Structure",
    ),
    pos(
        D,
        "examples/python/ggml/cffi_build.py",
        """
        from cffi import FFI
        ffi = FFI()
        ffi.cdef(open("ggml.h.pp").read())
        ffi.set_source("ggml.cffi", '#include "ggml.h"', libraries=["ggml"])
    """,
        "cffi cdef",
    ),
    pos(
        D,
        "examples/whisper.swiftui/whisper.cpp.swift/LibWhisper.swift",
        """
        actor WhisperContext {
            private var context: OpaquePointer
            func fullTranscribe(samples: [Float]) {
                samples.withUnsafeBufferPointer { (ptr: UnsafeBufferPointer<Float>) in
                    whisper_full(context, params, ptr.baseAddress, Int32(samples.count))
                }
            }
        }
    """,
        "swift calling a C library",
    ),
    neg(
        D,
        "include/ggml-backend.h",
        """
        #ifdef  __cplusplus
        extern "C" {
        #endif
            GGML_API ggml_backend_buffer_t ggml_backend_buft_alloc_buffer(ggml_backend_buffer_type_t buft, size_t size);
            GGML_API size_t ggml_backend_buft_get_alignment(ggml_backend_buffer_type_t buft);
    """,
        "GGML_API declarations under the header guard (found on real code)",
    ),
    neg(
        D,
        "include/whisper.h",
        """
        #ifdef WHISPER_SHARED
        #    ifdef _WIN32
        #        ifdef WHISPER_BUILD
        #            define WHISPER_API __declspec(dllexport)
        #        else
        #            define WHISPER_API __declspec(dllimport)
        #        endif
        #    else
        #        define WHISPER_API __attribute__ ((visibility ("default")))
        #    endif
        #endif
    """,
        "export macro definitions",
    ),
    neg(
        D,
        "mlx/backend/cuda/delayload.cpp",
        """
        extern "C" const PfnDliHook __pfnDliNotifyHook2 =
            mlx::core::cu::delayload_helper;
    """,
        "DLL delay-load hook: build plumbing (found on real code)",
    ),
    neg(
        D,
        "examples/ffmpeg-transcode.cpp",
        """
        extern "C" {
        #include <libavcodec/avcodec.h>
        #include <libavformat/avformat.h>
        }
    """,
        "extern C around a C library's includes",
    ),
    neg(
        D,
        "CMakeLists.txt",
        """
        set(CMAKE_WINDOWS_EXPORT_ALL_SYMBOLS ON)
        target_compile_definitions(whisper PRIVATE WHISPER_SHARED WHISPER_BUILD)
    """,
        "CMake symbol export",
    ),
    neg(
        D,
        "tinygrad/runtime/ops_cuda.py",
        """
        check(cuda.cuMemAlloc_v2(ctypes.byref(ptr := cuda.CUdeviceptr()), size))
        self.dev = ctypes.cast(ptr, ctypes.c_void_p).value
    """,
        "calling through ctypes bindings someone else declared",
    ),
    neg(
        D,
        "docs/load.py",
        """
        def load():
            \"\"\"Loads the library with ctypes.CDLL("libwhisper.so") and sets .argtypes.\"\"\"
            return open_model()
    """,
        "ctypes named in a docstring",
    ),
    neg(
        D,
        "src/app.go",
        """
        package main

        import "fmt"

        func main() { fmt.Println("C.int is a cgo type") }
    """,
        "go without cgo",
    ),
    neg(
        D,
        "web/app.js",
        """
        const cfg = require("./config.json");
        module.exports = { run: (x) => x * 2 };
    """,
        "plain javascript module",
    ),
    neg(
        D,
        "src/layers.rs",
        """
        let link = graph.link(a, b);
        let napi = config.napi_version;
    """,
        "variables named link and napi",
    ),
]
