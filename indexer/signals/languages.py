"""Which language a changed file is in, and which tree-sitter grammar parses it.

The git reader usually sets `FileChange.language`; this is the fallback by extension and content,
and the one place that maps a language to a grammar (Metal parses with C++, HIP with CUDA).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

EXTENSIONS: dict[str, str] = {
    ".cu": "cuda",
    ".cuh": "cuda",
    ".hip": "hip",
    ".rs": "rust",
    ".metal": "metal",
    ".c": "c",
    ".h": "c",  # refined by content below
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".hh": "cpp",
    ".hxx": "cpp",
    ".inl": "cpp",
    ".ipp": "cpp",
    ".mm": "objc",
    ".m": "objc",
    ".py": "python",
    ".pyi": "python",
    ".pyx": "python",
    ".comp": "glsl",
    ".glsl": "glsl",
    ".vert": "glsl",
    ".frag": "glsl",
    ".wgsl": "wgsl",
    ".cl": "opencl",
    ".swift": "swift",
    ".go": "go",
    ".zig": "zig",
    ".s": "asm",
    ".S": "asm",
}

# A .h file is C++ when it uses constructs C does not have (or guards an extern "C" block for C++).
_CPP_HINTS = re.compile(r"\b(class|template|namespace|public:|private:|constexpr|nullptr)\b|::|extern\s+\"C\"")

GRAMMARS: dict[str, str] = {
    "c": "c",
    "cpp": "cpp",
    "metal": "cpp",
    "objc": "cpp",  # Objective-C++ host code: C++ grammar recovers well enough for identifiers
    "cuda": "cuda",
    "hip": "cuda",
    "rust": "rust",
}


def language_for(path: str, text: str = "") -> str | None:
    suffix = PurePosixPath(path).suffix
    lang = EXTENSIONS.get(suffix) or EXTENSIONS.get(suffix.lower())
    if lang == "c" and suffix.lower() == ".h" and _CPP_HINTS.search(text):
        return "cpp"
    return lang


def grammar_for(language: str | None, text: str = "") -> str | None:
    """The grammar for a language; a C file whose text is C++ (as headers often are) gets C++."""
    if language is None:
        return None
    grammar = GRAMMARS.get(language)
    if grammar == "c" and _CPP_HINTS.search(text):
        return "cpp"
    return grammar
