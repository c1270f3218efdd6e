"""Python (and Node) bindings written in native code: Rust PyO3 (#[pyclass], #[pymethods], #[pyfunction],
#[pymodule], `use pyo3::`), C++ pybind11 and nanobind (PYBIND11_MODULE, NB_MODULE, py::class_, nb::class_),
the CPython C API (PyArg_ParseTuple, PyModuleDef, PyObject *), Node N-API and napi-rs (#[napi]).

Only identifiers, attributes and includes count, never comments or strings, and Python files are not
read at all: importing an extension module from Python is using bindings, not writing them.
detail: {"pattern": ..., "api": "pyo3" | "pybind11" | "nanobind" | "cpython" | "napi"}.
"""

from __future__ import annotations

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q

_MODULE_MACROS = (
    r"^(PYBIND11_MODULE|PYBIND11_EMBEDDED_MODULE|PYBIND11_OVERRIDE\w*|PYBIND11_OVERLOAD\w*|PYBIND11_MAKE_OPAQUE"
    r"|PYBIND11_DECLARE_HOLDER_TYPE|NB_MODULE|NB_OVERRIDE\w*|NB_MAKE_OPAQUE|NAPI_MODULE\w*)$"
)
_CAPI = (
    r"^(PyArg_Parse\w*|PyModuleDef(_Init|_HEAD_INIT)?|PyModule_Create\w*|PyModule_Add\w*|Py_BuildValue|PyInit_\w+"
    r"|PyMethodDef|PyTypeObject|PyType_Ready|PyType_FromSpec\w*|PyType_Spec|PyGetSetDef|PyMemberDef|PyErr_SetString"
    r"|PyErr_Format|PyErr_Occurred|PyLong_(From|As)\w+|PyFloat_(From|As)\w+|PyUnicode_(From|As)\w+|PyTuple_\w+"
    r"|PyList_\w+|PyDict_\w+|Py_X?INCREF|Py_X?DECREF|Py_RETURN_\w+|PyCapsule_\w+|PyBuffer_\w+|PyObject_GetBuffer"
    r"|PyGILState_\w+|Py_BEGIN_ALLOW_THREADS|Py_END_ALLOW_THREADS)$"
)
_NAPI_C = (
    r"^(napi_value|napi_env|napi_callback_info|napi_create_\w+|napi_define_properties|napi_get_cb_info"
    r"|napi_property_descriptor|napi_wrap|napi_unwrap)$"
)
_BIND_NS = r"^(py|nb|pybind11|nanobind)$"
_BIND_NAMES = (
    r"^(class_|module_|enum_|init|arg|array_t|ndarray|buffer_info|buffer_protocol|gil_scoped_release"
    r"|gil_scoped_acquire|return_value_policy|rv_policy|capsule|kw_only|overload_cast|self|bytes|str|tuple|dict"
    r"|list|object|handle|cast|make_iterator|implicitly_convertible|register_exception|keep_alive)\b"
)
_INCLUDES = r"pybind11/|nanobind/|Python\.h|node_api\.h|napi\.h|structmember\.h"
_RUST_ATTRS = r"^(pyclass|pymethods|pyfunction|pymodule|pyo3|napi)$"
_RUST_USE = r"^(::)?(pyo3|napi|napi_derive|numpy|pyo3_ffi)(::|$)"
_RUST_TYPES = (
    r"^(PyResult|PyObject|PyAny|PyRef|PyRefMut|PyErr|PyModule|PyTuple|PyDict|PyList|PyType|PyBytes|PyString"
    r"|PyReadonlyArray\w*|PyArray\w*|PyBuffer|JsObject|JsFunction|JsBuffer|JsNumber)$"
)


def _api(pattern: str, text: str) -> str:
    lowered = text.lower()
    if "nanobind" in lowered or text.startswith(("nb::", "NB_")):
        return "nanobind"
    if "pybind11" in lowered or text.startswith("py::"):
        return "pybind11"
    if "napi" in lowered or text.startswith("Js") or "node_api" in lowered:
        return "napi"
    if pattern.startswith("pyo3") or "pyo3" in lowered or text in ("pyclass", "pymethods", "pyfunction", "pymodule"):
        return "pyo3"
    if pattern == "rust_type":
        return "pyo3"
    return "cpython"


class PythonBindings(Detector):
    name = "python_bindings"
    trigger_words = (
        r"^(pyclass|pymethods|pyfunction|pymodule|pyo3|napi|napi_derive|numpy|py|nb|pybind11|nanobind|Python|PyObject)$"
    )
    patterns = {
        "cfamily": (
            ("module_macro", f"((identifier) @hit (#match? @hit {q(_MODULE_MACROS)}))"),
            ("capi", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_CAPI)}))"),
            ("capi_object", '((type_identifier) @hit (#eq? @hit "PyObject"))'),
            ("napi_c", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_NAPI_C)}))"),
            ("include", f"(preproc_include path: (_) @hit (#match? @hit {q(_INCLUDES)}))"),
        ),
        "cpp": (
            (
                "bind_api",
                f"((qualified_identifier scope: (namespace_identifier) @ns name: (_) @n) @hit"
                f" (#match? @ns {q(_BIND_NS)}) (#match? @n {q(_BIND_NAMES)}))",
            ),
        ),
        "rust": (
            ("pyo3_attr", f"(attribute_item (attribute (identifier) @hit (#match? @hit {q(_RUST_ATTRS)})))"),
            (
                "pyo3_attr",
                "(attribute_item (attribute (scoped_identifier path: (identifier) @p name: (identifier) @hit)"
                ' (#any-of? @p "pyo3" "napi" "napi_derive")))',
            ),
            ("pyo3_use", f"(use_declaration argument: (_) @hit (#match? @hit {q(_RUST_USE)}))"),
            ("rust_type", f"((type_identifier) @hit (#match? @hit {q(_RUST_TYPES)}))"),
        ),
    }
    weights = {
        "module_macro": 1.0,
        "capi": 0.85,
        "capi_object": 0.6,
        "napi_c": 0.85,
        "include": 0.6,
        "bind_api": 0.9,
        "pyo3_attr": 1.0,
        "pyo3_use": 0.6,
        "rust_type": 0.7,
    }

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        text = f.text(node)
        api = _api(m.tag, text)
        if m.tag == "pyo3_attr" and text == "napi":
            api = "napi"
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "api": api, "match": text[:60]})
