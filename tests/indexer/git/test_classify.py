import pytest

from indexer.git.classify import language_of


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("k/gemm.cu", "cuda"),
        ("k/gemm.cuh", "cuda"),
        ("m/kernels.metal", "metal"),
        ("src/lib.rs", "rust"),
        ("a.cc", "cpp"),
        ("a.cpp", "cpp"),
        ("a.cxx", "cpp"),
        ("a.hpp", "cpp"),
        ("a.hh", "cpp"),
        ("a.c", "c"),
        ("a.py", "python"),
        ("s/x.comp", "glsl"),
        ("s/x.glsl", "glsl"),
        ("s/x.vert", "glsl"),
        ("s/x.frag", "glsl"),
        ("s/x.wgsl", "wgsl"),
        ("k.cl", "opencl"),
        ("a.m", "objc"),
        ("a.mm", "objc"),
        ("a.swift", "swift"),
        ("README.md", "markdown"),
        ("docs/index.rst", "docs"),
        ("ci.yml", "yaml"),
        ("CMakeLists.txt", "cmake"),
        ("x.cmake", "cmake"),
        ("Cargo.toml", "toml"),
        ("noext", None),
    ],
)
def test_language_by_extension(path: str, language: str | None) -> None:
    assert language_of(path) == language


def test_header_language_is_decided_by_its_added_lines() -> None:
    assert language_of("ggml.h", ["template <typename T> struct X;"]) == "cpp"
    assert language_of("ggml.h", ["namespace ggml {"]) == "cpp"
    assert language_of("ggml.h", ["std::vector<int> v;"]) == "cpp"
    assert language_of("ggml.h", ["struct ggml_tensor;", "int ggml_add(int a, int b);"]) == "c"
    assert language_of("empty.h") == "c"
