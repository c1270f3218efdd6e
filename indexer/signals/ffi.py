"""FFI and C ABI: extern "C" (C++ linkage blocks, Rust extern blocks and fns), #[repr(C)] (weak on a plain data
struct, strong with raw pointers or C types), #[no_mangle],
bindgen and cxx bridges, C API export macros (FOO_API, dllexport, default visibility), raw C types in Rust.
detail: {"pattern": ...}.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q

_API_MACRO = r"^[A-Z][A-Z0-9]*_(API|EXPORT|CAPI|C_API|PUBLIC)$"
_FFI_SHAPED = re.compile(r"\*(mut|const)\s|c_void|c_char|c_int|\bextern\b|NonNull|Option<unsafe|unsafe extern")


class Ffi(Detector):
    name = "ffi"
    trigger_words = r"^(extern|repr|no_mangle|export_name|dllexport|dllimport|visibility|bindgen|cxx)$"
    patterns = {
        "cpp": (("extern_c", '(linkage_specification value: (string_literal) @v (#match? @v "\\"C\\"")) @hit'),),
        "cfamily": (
            ("api_macro", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_API_MACRO)}))"),
            ("dllexport", '((ms_declspec_modifier) @hit (#match? @hit "dllexport|dllimport"))'),
            ("visibility", '((attribute_specifier) @hit (#match? @hit "visibility"))'),
        ),
        "rust": (
            ("extern_block", "(foreign_mod_item (extern_modifier) @hit)"),
            ("extern_fn", "(function_item (function_modifiers (extern_modifier) @hit))"),
            (
                "repr_c",
                '(attribute_item (attribute (identifier) @a (#eq? @a "repr") arguments: (token_tree) @hit'
                ' (#match? @hit "\\\\bC\\\\b|transparent")))',
            ),
            ("no_mangle", '(attribute_item (attribute (identifier) @hit (#match? @hit "^(no_mangle|export_name)$")))'),
            (
                "no_mangle",
                '(attribute_item (attribute (identifier) @u (#eq? @u "unsafe") arguments: (token_tree) @hit'
                ' (#match? @hit "no_mangle|export_name")))',
            ),
            ("bindgen", '((identifier) @hit (#match? @hit "^(bindgen|cxx|cbindgen)$"))'),
        ),
    }
    weights = {
        "extern_c": 0.9,
        "api_macro": 0.35,  # an export macro on each new function of a C library's own header: routine
        "extern_c_guard": 0.35,
        "extern_c_kernel": 0.15,
        "dllexport": 0.8,
        "visibility": 0.7,
        "extern_block": 0.9,
        "extern_fn": 0.9,
        "repr_c": 0.8,
        "repr_c_plain": 0.3,
        "no_mangle": 0.8,
        "bindgen": 0.8,
    }

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        if m.tag == "bindgen":
            line = f.lines[node.start_point.row]
            if "::" not in line and "use " not in line:
                return None  # a variable that happens to be called `cxx`
        weight = self.weights[m.tag]
        if m.tag == "extern_c":
            weight = _linkage_weight(f, node, weight)
        if m.tag == "repr_c" and not _FFI_SHAPED.search(
            "\n".join(f.lines[node.start_point.row : node.start_point.row + 12])
        ):
            # #[repr(C)] on a plain data struct (quantized blocks, GPU uniforms) fixes a layout; it is FFI
            # only when the type carries raw pointers or C types across a boundary.
            weight = self.weights["repr_c_plain"]
        return Hit(node.start_point.row, weight, {"pattern": m.tag})


_HEADER = re.compile(r"\.(h|hh|hpp|hxx|cuh)$")


def _linkage_weight(f: FileView, node: Node, weight: float) -> float:
    """`extern "C"` that makes an interface is FFI; the `#ifdef __cplusplus` guard every C header carries, and C
    linkage on a CUDA kernel so a host can look it up by name, are boilerplate of other work."""
    text = f.text(node)
    head = text.split("{", 1)[0] if "{" in text else text
    if "__global__" in text[:400]:
        return Ffi.weights["extern_c_kernel"]
    if "{" in text and not head.strip().endswith(")") and _HEADER.search(f.path):
        return Ffi.weights["extern_c_guard"]
    return weight
