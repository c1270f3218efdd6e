"""What a changed path is: its language and whether it is vendored or generated."""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.catalog import classify_path

EXTENSIONS: dict[str, str] = {
    ".cu": "cuda",
    ".cuh": "cuda",
    ".metal": "metal",
    ".rs": "rust",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".c++": "cpp",
    ".hpp": "cpp",
    ".hh": "cpp",
    ".hxx": "cpp",
    ".h++": "cpp",
    ".ipp": "cpp",
    ".inl": "cpp",
    ".tpp": "cpp",
    ".c": "c",
    ".hip": "hip",
    ".s": "asm",
    ".asm": "asm",
    ".py": "python",
    ".pyi": "python",
    ".pyx": "python",
    ".comp": "glsl",
    ".glsl": "glsl",
    ".vert": "glsl",
    ".frag": "glsl",
    ".geom": "glsl",
    ".tesc": "glsl",
    ".tese": "glsl",
    ".wgsl": "wgsl",
    ".cl": "opencl",
    ".m": "objc",
    ".mm": "objc",
    ".swift": "swift",
    ".go": "go",
    ".zig": "zig",
    ".java": "java",
    ".kt": "kotlin",
    ".js": "javascript",
    ".mjs": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "docs",
    ".adoc": "docs",
    ".tex": "docs",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".json": "json",
    ".cmake": "cmake",
    ".sh": "shell",
    ".bash": "shell",
    ".ps1": "shell",
    ".html": "html",
    ".css": "css",
    ".proto": "protobuf",
    ".ipynb": "notebook",
}

FILENAMES: dict[str, str] = {
    "cmakelists.txt": "cmake",
    "makefile": "make",
    "gnumakefile": "make",
    "dockerfile": "docker",
    "build.zig": "zig",
    "package.swift": "swift",
    "readme": "docs",
    "license": "docs",
}

VENDORED_DIRS = frozenset(
    {
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        "vendor",
        "vendored",
        "external",
        "externals",
        "node_modules",
        "generated",
        "_generated",
    }
)

LOCKFILES = frozenset(
    {
        "cargo.lock",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pipfile.lock",
        "uv.lock",
        "go.sum",
        "gemfile.lock",
        "composer.lock",
        "flake.lock",
        "conda-lock.yml",
    }
)

VENDORED_SUFFIXES: tuple[str, ...] = (
    ".min.js",
    ".min.css",
    ".min.mjs",
    ".js.map",
    ".css.map",
    ".pb.cc",
    ".pb.h",
    ".pb.go",
    "_pb2.py",
    "_pb2.pyi",
    "_pb2_grpc.py",
    ".grpc.pb.cc",
    ".grpc.pb.h",
    "_generated.h",
    "_generated.rs",
    ".generated.h",
    ".generated.cs",
    ".g.dart",
)

_CPP_HINTS = re.compile(
    r"\b(?:class|template|namespace|typename|constexpr|nullptr|public:|private:|protected:|virtual|operator)\b|std::|::"
)


def language_of(path: str, added_text: Iterable[str] = ()) -> str | None:
    """Language by extension; a .h header is C++ when its added lines use C++ constructs, else C."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower in FILENAMES:
        return FILENAMES[lower]
    dot = lower.rfind(".")
    if dot <= 0:
        return None
    ext = lower[dot:]
    if ext == ".h":
        return "cpp" if any(_CPP_HINTS.search(line) for line in added_text) else "c"
    if ext == ".s" and name.endswith(".S"):
        return "asm"
    return EXTENSIONS.get(ext)


def is_vendored(repo: str, path: str) -> bool:
    """Third-party copies, minified or generated files and lockfiles: counted, never credited as code."""
    lower = path.lower()
    parts = lower.split("/")
    if any(part in VENDORED_DIRS for part in parts[:-1]):
        return True
    name = parts[-1]
    if name in LOCKFILES or lower.endswith(VENDORED_SUFFIXES):
        return True
    return classify_path(repo, path) == "vendored"
