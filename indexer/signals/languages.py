"""Which language a changed file is in, and which tree-sitter grammar parses it.

The git reader sets `FileChange.language` (indexer/git/classify.py owns the extension table); this
module is the one place that maps a language to a grammar (Metal parses with C++, HIP with CUDA).
"""

from __future__ import annotations

import re

from indexer.git.classify import language_of

# A C file is C++ when it uses constructs C does not have (or guards an extern "C" block for C++).
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
    """The git reader's language rule (extension, a .h header by its content), for files it did not label."""
    return language_of(path, (text,))


def grammar_for(language: str | None, text: str = "") -> str | None:
    """The grammar for a language; a C file whose text is C++ (as headers often are) gets C++."""
    if language is None:
        return None
    grammar = GRAMMARS.get(language)
    if grammar == "c" and _CPP_HINTS.search(text):
        return "cpp"
    return grammar
