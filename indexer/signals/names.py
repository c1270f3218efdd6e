"""Identifier helpers shared by the name-based detectors (quantization, fusion, layout, serving)."""

from __future__ import annotations

import re

from indexer.signals.base import q

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """`BlockQ4K` -> `block_q4k`, `kvCacheManager` -> `kv_cache_manager`, `A::b_c` -> `a_b_c`."""
    name = re.sub(r"\W+", "_", name)
    return _CAMEL.sub("_", name).lower().strip("_")


def tokens(name: str) -> list[str]:
    return [t for t in snake(name).split("_") if t]


# Definition sites: where a name is introduced (functions, types, kernels), per grammar family.
DEFINITIONS: dict[str, tuple[str, ...]] = {
    "cfamily": (
        "(function_declarator declarator: (identifier) @hit)",
        "(function_declarator declarator: (field_identifier) @hit)",
        "(function_declarator declarator: (qualified_identifier name: (identifier) @hit))",
        "(function_declarator declarator: (template_function name: (identifier) @hit))",
        "(struct_specifier name: (type_identifier) @hit body: (_))",
        "(type_definition declarator: (type_identifier) @hit)",
    ),
    "cpp": ("(class_specifier name: (type_identifier) @hit body: (_))",),
    "rust": (
        "(function_item name: (identifier) @hit)",
        "(function_signature_item name: (identifier) @hit)",
        "(struct_item name: (type_identifier) @hit)",
        "(enum_item name: (type_identifier) @hit)",
        "(trait_item name: (type_identifier) @hit)",
        "(impl_item type: (type_identifier) @hit body: (_))",
    ),
}


def definition_patterns(tag: str, regex: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """DEFINITIONS with a `#match?` on the defined name, tagged `tag`."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for family, pats in DEFINITIONS.items():
        out[family] = tuple((tag, f"({p} (#match? @hit {q(regex)}))") for p in pats)
    return out


def merge(*parts: dict[str, tuple[tuple[str, str], ...]]) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for part in parts:
        for family, pats in part.items():
            out[family] = out.get(family, ()) + pats
    return out
