"""Labelled cases for the python_bindings detector."""

from indexer.signals.labelled import neg, pos

D = "python_bindings"
CASES = [
    pos(
        D,
        "bindings/python/src/models.rs",
        """
        #[pyclass(extends=PyModel, module = "tokenizers.models", name = "BPE")]
        pub struct PyBPE {}

        #[pymethods]
        impl PyBPE {
            #[new]
            fn new(vocab: Option<PyVocab>) -> PyResult<(Self, PyModel)> {
                todo!()
            }
        }
    """,
        "pyo3 class and methods",
    ),
    pos(
        D,
        "src/lib.rs",
        """
        #[pyfunction]
        fn matmul_f16(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyObject> {
            unimplemented!()
        }
    """,
        "pyo3 function",
    ),
    pos(
        D,
        "candle-pyo3/src/lib.rs",
        """
        #[pymodule]
        fn candle(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<PyTensor>()?;
            Ok(())
        }
    """,
        "pyo3 module",
    ),
    pos(
        D,
        "src/convert.rs",
        """
        use pyo3::exceptions::PyValueError;
        use pyo3::types::{PyDict, PyList};

        fn to_dict(py: Python<'_>, cfg: &Config) -> PyResult<Py<PyDict>> {
            let d = PyDict::new(py);
            Ok(d.into())
        }
    """,
        "pyo3 use and types",
    ),
    pos(
        D,
        "python/src/array.cpp",
        """
        #include <nanobind/nanobind.h>
        namespace nb = nanobind;

        NB_MODULE(core, m) {
            nb::class_<array>(m, "array").def("item", &array::item);
        }
    """,
        "nanobind module",
    ),
    pos(
        D,
        "python/bindings.cpp",
        """
        #include <pybind11/pybind11.h>
        namespace py = pybind11;

        PYBIND11_MODULE(_engine, m) {
            py::class_<Engine>(m, "Engine")
                .def(py::init<int>(), py::arg("threads") = 4)
                .def("run", &Engine::run, py::call_guard<py::gil_scoped_release>());
        }
    """,
        "pybind11 module",
    ),
    pos(
        D,
        "src/ops_binding.cc",
        """
        void bind_ops(py::module_& m) {
            m.def("rms_norm", [](py::array_t<float> x, float eps) {
                return rms_norm(x.data(), x.size(), eps);
            });
        }
    """,
        "pybind11 array_t without the module macro",
    ),
    pos(
        D,
        "ext/_speedups.c",
        """
        static PyObject *
        speedups_dot(PyObject *self, PyObject *args)
        {
            PyObject *a, *b;
            if (!PyArg_ParseTuple(args, "OO", &a, &b))
                return NULL;
            return PyFloat_FromDouble(dot(a, b));
        }
    """,
        "CPython C API function",
    ),
    pos(
        D,
        "ext/module.c",
        """
        static struct PyModuleDef fastmod = {
            PyModuleDef_HEAD_INIT, "fastmod", NULL, -1, methods
        };

        PyMODINIT_FUNC PyInit_fastmod(void) { return PyModule_Create(&fastmod); }
    """,
        "CPython module definition",
    ),
    pos(
        D,
        "bindings/node/src/tokenizer.rs",
        """
        #[napi]
        pub struct Tokenizer {
            inner: Arc<RwLock<tk::Tokenizer>>,
        }

        #[napi]
        impl Tokenizer {
            #[napi(factory)]
            pub fn from_string(s: String) -> Result<Self> { todo!() }
        }
    """,
        "napi-rs",
    ),
    pos(
        D,
        "src/addon.c",
        """
        static napi_value Add(napi_env env, napi_callback_info info) {
            size_t argc = 2;
            napi_value args[2];
            napi_get_cb_info(env, info, &argc, args, NULL, NULL);
            return args[0];
        }
    """,
        "Node N-API in C",
    ),
    pos(
        D,
        "src/buffer.rs",
        """
        #[pyo3::pymethods]
        impl PyStorage {
            fn __len__(&self) -> usize { self.len }
        }
    """,
        "pyo3 path attribute",
    ),
    neg(
        D,
        "python/tests/test_ops.py",
        """
        import numpy as np
        from tokenizers import Tokenizer

        def test_encode():
            tok = Tokenizer.from_pretrained("bert-base-uncased")
            assert tok.encode("hi").ids
    """,
        "python importing an extension module",
    ),
    neg(
        D,
        "src/kernels.cpp",
        """
        // Exposed to Python through pybind11 in python/bindings.cpp (PYBIND11_MODULE there).
        void axpy(float a, const float* x, float* y, int n) {
            for (int i = 0; i < n; ++i) y[i] += a * x[i];
        }
    """,
        "comment mentioning pybind11",
    ),
    neg(
        D,
        "src/lib.rs",
        """
        /// Used by the #[pyclass] wrapper in the python crate.
        pub struct Tensor {
            storage: Arc<Storage>,
            layout: Layout,
        }
    """,
        "doc comment mentioning pyclass",
    ),
    neg(
        D,
        "src/log.cpp",
        """
        void log_error(const char* msg) {
            fprintf(stderr, "PyArg_ParseTuple failed: %s\\n", msg);
        }
    """,
        "API name inside a string",
    ),
    neg(
        D,
        "src/ffi.rs",
        """
        extern "C" {
            fn ggml_init(params: ggml_init_params) -> *mut ggml_context;
        }
    """,
        "plain C FFI is not Python bindings",
    ),
    neg(
        D,
        "src/graph.cpp",
        """
        namespace py_graph {
        struct Node { int id; std::vector<int> inputs; };
        void add_edge(Node& a, Node& b) { b.inputs.push_back(a.id); }
        }
    """,
        "namespace named like py",
    ),
    neg(
        D,
        "src/model.rs",
        """
        pub struct PyramidPool {
            levels: usize,
        }

        impl PyramidPool {
            pub fn forward(&self, xs: &Tensor) -> Result<Tensor> { xs.avg_pool2d(2) }
        }
    """,
        "type name starting with Py",
    ),
    neg(
        D,
        "setup.py",
        """
        from setuptools import setup
        from pybind11.setup_helpers import Pybind11Extension

        setup(name="fast", ext_modules=[Pybind11Extension("fast", ["src/fast.cpp"])])
    """,
        "python build script for an extension",
    ),
    neg(
        D,
        "src/tokenizer.rs",
        """
        pub fn encode(&self, text: &str) -> Result<Encoding> {
            let normalized = self.normalizer.normalize_str(text)?;
            self.model.tokenize(&normalized)
        }
    """,
        "core library code later wrapped by bindings",
    ),
    neg(
        D,
        "README.md",
        """
        The Python API is built with PyO3 (`#[pymodule]`) and pybind11 (`PYBIND11_MODULE`).
    """,
        "docs naming the APIs",
    ),
    neg(
        D,
        "src/cuda/launch.cu",
        """
        __global__ void scale(float* x, float s, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) x[i] *= s;
        }
    """,
        "a kernel is not a binding",
    ),
]
