"""Labelled cases for the commit classification (python_only, docs_only, ci_only, typo_fix)."""

from indexer.signals.labelled import Case, _code

D = "classify"


def case(expect: set[str], files: dict[str, str], message: str, note: str) -> Case:
    return Case(
        D,
        bool(expect),
        tuple((p, _code(c)) for p, c in files.items()),
        message=message,
        expect=frozenset(expect),
        note=note,
    )


CASES = [
    case({"docs_only"}, {"README.md": "## Build\n\nRun `make`.\n"}, "Update README build steps", "readme"),
    case(
        {"docs_only"},
        {"docs/backend/CUDA.md": "Set GGML_CUDA=1.\n", "docs/build.md": "Use cmake.\n"},
        "docs: cuda build notes",
        "docs dir",
    ),
    case(
        {"docs_only"}, {"candle-book/src/guide/installation.md": "Install with cargo.\n"}, "book: installation", "book"
    ),
    case(
        {"ci_only"},
        {".github/workflows/build.yml": "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"},
        "ci: add macos runner",
        "github workflow",
    ),
    case({"ci_only"}, {".circleci/config.yml": "version: 2.1\n"}, "circleci: cache pip", "circleci"),
    case(
        {"python_only"},
        {"gguf-py/gguf/constants.py": "class Keys:\n    ARCH = 'general.architecture'\n"},
        "gguf-py: add key",
        "python package",
    ),
    case(
        {"python_only"},
        {"convert_hf_to_gguf.py": "def set_vocab(self):\n    self._set_vocab_gpt2()\n"},
        "convert: support new tokenizer",
        "python converter",
    ),
    case(
        {"python_only"},
        {
            "python/mlx/nn/layers/linear.py": "class Linear(Module):\n    pass\n",
            "python/tests/test_nn.py": "def test_linear():\n    assert True\n",
        },
        "nn: add bias option",
        "python code and tests",
    ),
    case({"typo_fix"}, {"src/ggml.c": "// compute the number of elements\n"}, "Fix typo in comment", "typo in code"),
    case(
        {"typo_fix", "docs_only"}, {"README.md": "The model is loaded lazily.\n"}, "Fix typos in README", "typo in docs"
    ),
    case(
        {"python_only", "typo_fix"},
        {"scripts/run.py": "print('loaded')\n"},
        "fix spelling in log message",
        "python typo fix",
    ),
    case(
        set(),
        {"src/ggml-cuda/norm.cu": "__global__ void k(float * x) { x[0] = 0.0f; }\n"},
        "cuda: fused norm",
        "cuda code",
    ),
    case(set(), {"src/ggml.c": "int x = 1;\n", "README.md": "Docs.\n"}, "ggml: add op and docs", "code and docs"),
    case(
        set(),
        {
            "candle-core/src/tensor.rs": "pub fn t(&self) -> Result<Tensor> { self.transpose(0, 1) }\n",
            "candle-pyo3/py_src/candle/__init__.py": "from .candle import *\n",
        },
        "Add t()",
        "rust and python",
    ),
    case(
        set(),
        {".github/workflows/ci.yml": "on: push\n", "src/main.rs": "fn main() {}\n"},
        "ci and code",
        "ci plus code",
    ),
    case(
        set(),
        {"src/ops.cpp": "\n".join(f"int v{i} = {i};" for i in range(40))},
        "Fix typo that broke the build and refactor ops",
        "big change mentioning typo",
    ),
    case(set(), {"CMakeLists.txt": 'option(GGML_CUDA "cuda" OFF)\n'}, "cmake: add option", "build config"),
    case(
        set(),
        {
            "src/ggml-metal.metal": "kernel void k(device float * x) { x[0] = 0; }\n",
            "tests/test_metal.py": "def test_k():\n    assert True\n",
        },
        "metal kernel with python test",
        "metal + python test",
    ),
    case(
        set(),
        {"mlx/backend/metal/kernels/softmax.h": "template <typename T> T f(T x) { return x; }\n"},
        "metal: softmax helper",
        "header",
    ),
    case(
        set(),
        {"src/lib.rs": "pub mod ops;\n", "Cargo.toml": '[dependencies]\nhalf = "2"\n'},
        "add ops module",
        "rust and toml",
    ),
    case(set(), {"requirements.txt": "numpy==2.4.6\n"}, "bump numpy", "requirements file"),
    case(
        set(),
        {"src/ggml-cpu/vec.h": "inline float f(float x) { return x; }\n", "docs/ops.md": "f(x)\n"},
        "vec: add helper and document it",
        "code plus docs",
    ),
]
