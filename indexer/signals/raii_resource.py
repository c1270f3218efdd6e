"""RAII around device and host memory.

C++ destructors (in-class or `Foo::~Foo`) and deleter functors whose body releases a resource
(cudaFree, hipFree, free, munmap, ggml_*_free, delete[] ...), smart pointers with custom deleters over
such handles, and Rust `impl Drop` whose `drop` frees memory or a device handle. The evidence line
is the release call. detail: {"pattern": ..., "release": the call, "device": bool}.
"""

from __future__ import annotations

import re

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, row_of_offset

_RELEASE = re.compile(
    r"\b(cudaFree(Host|Async|Array)?|cuMemFree(Host)?(_v2)?|cuMemRelease|cuMemUnmap|hipFree(Host|Async)?|hipHostFree"
    r"|free|munmap|aligned_free|_aligned_free|VirtualFree|CloseHandle|fclose|close|dlclose"
    r"|ggml_\w*free|gguf_free|llama_\w*free|\w+_free|\w+_destroy|\w*Destroy\w*|vkFreeMemory|vmaFreeMemory"
    r"|release|Release|deallocate|dealloc|cudaStreamDestroy|cudaEventDestroy|ncclCommDestroy)\s*\("
    r"|\bdelete\s*\[\s*\]\s*\w|\bdelete\s+\w|\[\w+\s+release\]"
)
_RUST_RELEASE = re.compile(
    r"\b(cuda\w*[Ff]ree\w*|cu_?mem_?free\w*|cuMemFree\w*|hip\w*[Ff]ree\w*|free|munmap|dealloc|deallocate"
    r"|drop_in_place|from_raw|\w+_free|\w+_destroy|\w*[Dd]estroy\w*|release|CloseHandle|close|free_async)\s*[(:<]"
)
_DEVICE = re.compile(r"(?i)cuda|\bcu[A-Z_]|hip|vk|vulkan|metal|mtl|device|gpu|ggml|stream|event|nccl|cublas|cudnn")
_SMART = re.compile(r"(unique_ptr|shared_ptr)$")
_DELETER_ARGS = re.compile(r",.*(free|Free|delete|Deleter|deleter|release|destroy|Destroy)")
_RELEASE_FN = (
    "^(cudaFree|cudaFreeHost|cudaFreeAsync|hipFree|hipHostFree|free|munmap|ggml_free|gguf_free|fclose"
    "|ggml_backend_buffer_free|ggml_backend_free|llama_free|llama_model_free|cudaStreamDestroy|cudaEventDestroy)$"
)


class RaiiResource(Detector):
    name = "raii_resource"
    trigger_words = r"^(unique_ptr|shared_ptr|Drop|munmap|operator)$|free|Free"
    trigger_text = (r"~",)
    patterns = {
        "cpp": (
            (
                "destructor",
                "(function_definition declarator: (function_declarator declarator: [(destructor_name)"
                " (qualified_identifier name: (destructor_name))]) body: (compound_statement) @body) @hit",
            ),
            (
                "deleter",
                "(function_definition declarator: (function_declarator declarator: (operator_name) @op"
                ' (#eq? @op "operator()")) body: (compound_statement) @body) @hit',
            ),
            (
                "smart_ptr",
                f'(template_type name: (_) @n (#match? @n "{_SMART.pattern}")'
                " arguments: (template_argument_list) @body) @hit",
            ),
            ("deleter_arg", f'(argument_list (identifier) @hit (#match? @hit "{_RELEASE_FN}"))'),
        ),
        "rust": (
            (
                "drop",
                "(impl_item trait: [(type_identifier) @t (scoped_type_identifier name: (type_identifier) @t)]"
                ' (#eq? @t "Drop") body: (declaration_list) @body) @hit',
            ),
        ),
    }

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node, body = m.node(), m.node("body")
        if node is None:
            return None
        if m.tag == "smart_ptr":
            if body is None or not _DELETER_ARGS.search(f.text(body)):
                return None
            text = f.text(body)
            return Hit(node.start_point.row, 0.8, {"pattern": m.tag, "device": bool(_DEVICE.search(text))})
        if m.tag == "deleter_arg":
            # A release function handed over as an argument: a deleter for a smart pointer or handle.
            line = f.lines[node.start_point.row]
            if not re.search(r"ptr|unique|shared|handle|deleter|<", line):
                return None
            name = f.text(node)
            return Hit(
                node.start_point.row, 0.7, {"pattern": m.tag, "release": name, "device": bool(_DEVICE.search(name))}
            )
        if body is None:
            return None
        found = row_of_offset(f, body, _RUST_RELEASE if m.tag == "drop" else _RELEASE)
        if found is None:
            return None
        row, call = found
        device = bool(_DEVICE.search(call)) or bool(_DEVICE.search(f.lines[row]))
        weight = (0.95 if device else 0.8) if m.tag in ("destructor", "drop") else 0.7
        return Hit(row, weight, {"pattern": m.tag, "release": call.rstrip("(:< "), "device": device})
