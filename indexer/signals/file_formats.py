"""Model file formats and serialization: readers and writers of GGUF (header, metadata key-values, tensor infos,
alignment), safetensors (the 8-byte header length, the JSON header, dtype tags, offsets), PyTorch pickle
checkpoints and npy/npz archives, ONNX protobuf models (parsing ModelProto/TensorProto, raw tensor data), burnpack
and burn's record files, in C, C++, Rust and Python.

Evidence, strongest first: a format's magic or version constant (GGUF_MAGIC, 0x46554747, b"\\x93NUMPY",
MAX_HEADER_SIZE, "__metadata__", pickle opcodes); a definition named for a format and for reading or writing it
(gguf_write_to_file, GgufReader, safe_load, read_npy_header, torch_load, PickleReader); in a file whose path names
a format (src/gguf.cpp, candle-core/src/safetensors.rs, burn-pack/src/reader.rs, tinygrad/nn/onnx.py), its
definitions and its byte-level I/O (from_le_bytes, read_u32::<LittleEndian>, struct.unpack, fread, seek,
alignment padding). Commit text naming the subject (a "gguf :" subject, safetensors, tensor serialization,
ONNX import, burnpack, npy/npz, pickle) counts weakly when the commit also touches code.

Not evidence: a model that loads its weights through a format's API (`from_gguf` in a model file is model
support), JSON config or tokenizer.json handling, serde derives, a script that calls `save_file` once, logging,
tests, examples, benchmarks, and kernels that live under a format-named directory (candle's mmq_gguf/*.cu).
detail: {"pattern": "magic" | "definition" | "format_file" | "bytes" | "text", "format": "GGUF" | ..., "source"}.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import CommitContext, Detector, FileView, Hit, rows_matching, text_line_signals
from indexer.signals.engine import is_benchmark_path
from indexer.signals.names import snake
from indexer.signals.python_lines import python_code_lines
from models.records import Signal

# Format name -> what identifiers, paths and text call it (matched on snake_case, lower-cased text).
_FORMATS: tuple[tuple[str, str], ...] = (
    ("GGUF", r"gguf|ggjt|ggml_?file|ggml_?magic"),
    ("safetensors", r"safe_?tensors?|safe_(load|save|open)"),
    ("npy", r"(?<![a-z])np[yz](?![a-z])|numpy_?file|npy_\w*|npz_\w*"),
    # Pickling Python objects is not a model format: only PyTorch's pickled checkpoints are.
    ("pickle", r"unpickl\w*|torch_?pickle|pickle_?(reader|loader)|torch_(load|save)|pth_\w*|pytorch_?reader"),
    ("ONNX", r"onnx|tensor_?proto|model_?proto|graph_?proto|node_?proto"),
    ("burnpack", r"burn_?pack"),
)
_FORMAT_RX = re.compile("|".join(f"(?P<f{i}>{rx})" for i, (_, rx) in enumerate(_FORMATS)))
# Outside a format's own files only two things count, a magic constant (_MAGIC) and a definition named for a
# format (format_of): a file needs one of these words (lower-cased) to hold either, and then only the lines that
# name a format (_CANDIDATE, over the same lower-cased text) are read. A substring test per word is much faster than
# one alternation over every file (bytes `in` against `re` trying each branch at every position).
_GATE = (b"gguf", b"ggjt", b"ggml_file", b"safetensor", b"safe_load", b"safe_save", b"safe_open", b"npy", b"npz",
         b"numpy", b"pickle", b"torch_load", b"onnx", b"proto", b"burnpack", b"burn_pack", b"0x4655", b"0x4747",
         b"0x6767", b"magic")  # fmt: skip
_CANDIDATE = re.compile(
    rb"gguf|ggjt|ggml_?(file|magic|v[123])|safe_?(tensor|load|save|open)|np[yz]|numpy_?file|\\x93numpy|pickl"
    rb"|torch_?(load|save)|pth|pytorch_?reader|onnx|(tensor|model|graph|node)_?proto|burn_?pack|0x(4655|4747|6767)"
    rb"|versionedmagic|max_header_size|__metadata__"
)

# Constants that only a reader or writer of a format names.
_MAGIC = re.compile(
    r"\bGGUF_(MAGIC|VERSION|DEFAULT_ALIGNMENT|KEY_GENERAL_ALIGNMENT)\b|\bGGML_FILE_MAGIC\w*|\b0x(46554747|47475546"
    r"|67676d6c|67676a74|67676d66)\b|\bb[\"']GGUF[\"']|\\x93NUMPY|\bNPY_MAGIC\w*|\bMAX_HEADER_SIZE\b|[\"']__metadata__[\"']"
    r"|\bBURNPACK_MAGIC\w*|\b(Gguf|Ggml)(V[123]|Magic)\b|\bVersionedMagic\b"
)
# Pickle opcodes and generic header constants: the format's own only inside a file whose path names a format.
_FILE_MAGIC = re.compile(
    r"\b(BINPERSID|BINUNICODE|SHORT_BINUNICODE|EMPTY_DICT|SETITEMS|BININT1|BININT2|LONG_BINPUT|BINGET|STACK_GLOBAL"
    r"|NEWOBJ|MEMOIZE|MAGIC_NUMBER|MAGIC|FORMAT_VERSION|HEADER_SIZE|HEADER_LEN)\b"
)
_MAGIC_FORMAT = (
    ("GGUF", re.compile(r"(?i)gguf|ggml|0x(4655|4747|6767)")),
    ("npy", re.compile(r"NUMPY|NPY")),
    ("safetensors", re.compile(r"MAX_HEADER_SIZE|__metadata__")),
    ("burnpack", re.compile(r"BURNPACK")),
    ("pickle", re.compile(r"BIN|DICT|SETITEMS|GLOBAL|NEWOBJ|MEMOIZE")),
)
# Reading and writing bytes: lengths, endianness, offsets and padding.
_BYTES = re.compile(
    r"\b(from|to)_(le|be|ne)_bytes\b|\b(read|write)_[uif](8|16|32|64)\b|\b(Little|Big)Endian\b|\bbyteorder\b"
    r"|\bread_exact\b|\bwrite_all\b|\bSeekFrom\b|\bcast_slice\b|\bnext_multiple_of\b|\balign_offset\b"
    r"|\bf(read|write|seek|tell)\s*\(|\bGGML_PAD\s*\(|\bstruct\.(pack|unpack|calcsize|Struct)\b|\bfrom_bytes\s*\("
    r"|\.to_bytes\s*\(|\bfrombuffer\s*\(|\.tobytes\s*\(|\bmemoryview\s*\(|\.seek\s*\(|\.read\s*\(\s*\d|\bUnpickler\b"
    r"|\bfind_class\b|\bpersistent_load\b|\bzipfile\.|\bstd::(i|o)fstream\b|\.(read|write)\s*\(\s*\(\s*(const\s+)?char"
)
# Definitions, per language: group "name" is the defined name.
_DEFINITION = {
    "rust": re.compile(
        r"^\s*(pub(\([^)]*\))?\s+)?((async|unsafe|const|extern\s+\"C\")\s+)*(fn|struct|enum|trait)\s+(?P<name>\w+)"
        r"|^\s*impl\b(<[^>]*>)?\s+([\w:]+(<[^>]*>)?\s+for\s+)?(\w+::)*(?P<impl>\w+)"
    ),
    "python": re.compile(r"^\s*(async\s+)?(def|class)\s+(?P<name>\w+)"),
    "c": re.compile(
        r"^(?!\s*(if|for|while|switch|return|else|do|case|sizeof)\b)\s*[A-Za-z_][\w\s\*&:<>,]*?[\s\*&](?P<name>[A-Za-z_]"
        r"\w*(::\w+)?)\s*\([^;]*$|^\s*(struct|class)\s+(?P<impl>\w+)\s*(final\s*)?(:[^{;]*)?\{?\s*$"
    ),
}
_DEFINITION["cpp"] = _DEFINITION["c"]
# What a reader or writer is named for (matched on snake_case tokens of a definition).
_IO_WORDS = re.compile(
    r"(^|_)(f?read|reader|f?write|writer|load|loader|save|saver|pars\w*|serial\w*|deserial\w*|header|metadata|magic"
    r"|align\w*|offsets?|dump|encode|decode|store|bytes|buf|mmap|open|init_from\w*|tensor_info|dtype|version)($|_)"
)
# Names that are not a reader or writer though they sit beside one: tests, model state plumbing, builders.
_NOT_FORMAT_NAME = re.compile(r"^test|(^|_)(state_dict|parameters|builder|config|main)($|_)")
# Inside an importer or a quantized backend, definitions are ops (ONNX Gather, a GGUF q4_K matmul), not the format.
_OP_PATH = re.compile(r"(?i)onnx|quant|(^|/)(node|nodes|ops?)/")
# A pipeline or API module named for a format (mistral.rs' pipeline/gguf.rs) runs models loaded from it; a file
# beside a reader that names a model, tokenizer or template (gguf/llama4_bindings.rs) maps the format's metadata.
_USER_PATH = re.compile(
    r"(?i)(^|/)pipeline/|^[\w-]+/src/gguf\.rs$|(^|/)\w*(tokeni[sz]er|bindings?|config|template|registry)\w*\.\w+$"
)
# Files whose path names a format: their code is the format's code.
_FORMAT_PATH = re.compile(
    r"(?i)gguf|ggjt|safetensors?|(^|[/_.-])np[yz]([/_.-]|$)|pickle|burnpack|burn-pack|onnx|(^|/)records?/"
    r"|pytorch_reader|(^|/)io/(load|save)\.\w+$|(^|/)nn/state\.py$"
)
_NOT_FORMAT_PATH = re.compile(
    r"(?i)(^|/)(examples?|docs?|scripts?/ci|\.github)/|mmq_gguf|moe_gguf|mmvq_gguf|(^|/)ops_\w+\.py$|_ops\.py$"
)
# Type stubs restate an API; the code that reads and writes is elsewhere.
_STUB = re.compile(r"\.pyi$")
_LANGUAGES = frozenset({"rust", "c", "cpp", "python"})
_LOG_CALL = re.compile(
    r"\b(\w*LOG\w*|\w*printf|println!|eprintln!|print!|info!|debug!|warn!|error!|trace!|print|logger\.\w+|logging\.\w+"
    r"|panic!|bail!|assert\w*!?)\s*\(|std::c(out|err)"
)
# Commit or PR text that names the subject.
_TEXT = re.compile(
    r"(?i)(^|[\s(\[`])(gguf(-py)?\s*:|gguf[- ](reader|writer|parser|parsing|format|file|files|metadata|header|spec"
    r"|v[1-3]|version|kv|split|dump|loader|loading|writ\w+|read\w*)|safetensors?|burnpack|burn-pack|unpickl\w*|pickle"
    r"|\.?np[yz]\b|onnx[- ](import\w*|export\w*|pars\w+|protobuf|model loading|loader|file)|file[- ]formats?"
    r"|model[- ]formats?|weights?[- ]formats?|checkpoint[- ](format|loading|loader)s?|tensor[- ](de)?serializ\w+"
    r"|(model|weight|checkpoint|record)s? (de)?serializ\w+|(de)?serializ\w+ of (the )?(tensors?|models?|weights"
    r"|checkpoints?|records?)|pytorch (checkpoint|weights|\.pt)|\.pth?\b files?)"
)
_LOG_LINE = re.compile(r"^\s*(\[\w*\]|\d{4}-\d\d-\d\d|(INFO|WARNING|DEBUG|ERROR)\b|>>>|\$ |[a-z]+_\w+: |main: )")
# A subject that says the commit restructures, lints or bumps: format code it touches is upkeep.
_UPKEEP = re.compile(
    r"(?i)\b(refactor\w*|renam\w+|reorgani[sz]\w*|clippy|rustfmt|clang-format|formatting|lint\w*|typos?|bump\w*"
    r"|deprecat\w*|move \w+ to)\b"
)

_WEIGHTS = {"magic": 0.9, "definition": 0.85, "format_file": 0.75, "bytes": 0.7, "other_definition": 0.4}


def format_of(text: str) -> str | None:
    """The format an identifier or a path names (`gguf_write_to_file` -> GGUF, `SafeTensors` -> safetensors)."""
    found = _FORMAT_RX.search(snake(text) if re.fullmatch(r"\w+", text) else text.lower().replace("-", "_"))
    if found is None:
        return None
    return next(_FORMATS[int(k[1:])][0] for k, v in found.groupdict().items() if v is not None)


class FileFormats(Detector):
    name = "file_formats"
    lexical_languages = _LANGUAGES
    max_per_file = 3

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test or is_benchmark_path(f.path) or f.language not in _LANGUAGES or _STUB.search(f.path):
            return []
        path_format = format_of_path(f.path)
        rows = None if path_format is not None else _candidate_rows(f.source)
        if rows is not None and not rows:
            return []  # most files name no format at all
        hits: list[Hit] = []
        for row, line in _lines(f):
            if (rows is not None and row not in rows) or _LOG_CALL.search(line):
                continue
            hit = _line_hit(f, row, line, path_format)
            if hit is not None:
                hits.append(hit)
        return hits

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not _format_code(ctx):
            return []  # docs, CI, tests, or code that is not a format's: the words describe something else
        return text_line_signals(
            ctx,
            self.name,
            lambda line: found.group(0).strip(" ([`").lower() if (found := _TEXT.search(line)) else None,
            lambda word: {"pattern": "text", **_format_detail(word), "source": "text"},
            0.4,
            skip=_LOG_LINE,
            limit=1,
        )

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """Format code a refactor, a lint pass or a version bump touches is upkeep; its text still counts."""
        if _UPKEEP.search(ctx.commit.subject):
            signals[:] = [s for s in signals if s.detail.get("source") == "text"]


def _format_code(ctx: CommitContext) -> bool:
    """Whether the commit changed a format's code: this detector saw it, or a code file whose path names a format."""
    return any(
        r.hits.get(FileFormats.name)
        or (r.view.language in _LANGUAGES and not r.is_test and format_of_path(r.view.path) is not None)
        for r in ctx.files
    )


def format_of_path(path: str) -> str | None:
    if not _FORMAT_PATH.search(path):
        return None
    if re.search(r"(?i)(^|/)records?/", path):
        return "burn record"
    if re.search(r"(?i)(^|/)io/(load|save)\.\w+$|(^|/)nn/state\.py$", path):
        return "checkpoint"
    if _NOT_FORMAT_PATH.search(path):
        return None
    return "pickle" if "pickle" in path.lower() else format_of(path)


def _candidate_rows(source: bytes) -> set[int]:
    """Rows (of the joined added lines) that name a format; none when the file names no format at all."""
    low = source.lower()
    return rows_matching(low, _CANDIDATE) if any(word in low for word in _GATE) else set()


def _lines(f: FileView) -> list[tuple[int, str]]:
    """Code lines: Python's with strings and comments blanked, the others' with comments dropped."""
    if f.language == "python":
        return python_code_lines(f)
    return list(f.code_lines())


def _line_hit(f: FileView, row: int, line: str, path_format: str | None) -> Hit | None:
    magic = _MAGIC.search(f.lines[row] if f.language == "python" else line)
    if magic is None and path_format is not None:
        magic = _FILE_MAGIC.search(line)
    if magic is not None:
        return _hit(row, "magic", _magic_format(magic.group(0)) or path_format)
    name = _defined_name(f.language, line)
    if name is not None:
        words = snake(name)
        own = format_of(name)
        if _NOT_FORMAT_NAME.search(words):
            return None
        if own is not None and _IO_WORDS.search(words):
            return _hit(row, "definition", own)  # gguf_init_from_file, GgufReader, read_npy_header, safe_load
        if path_format is not None and _USER_PATH.search(f.path):
            return None
        if path_format is not None and _IO_WORDS.search(words):
            return _hit(row, "format_file", path_format)
        if path_format is not None and not _OP_PATH.search(f.path):
            return _hit(row, "other_definition", path_format)
        return None
    if path_format is not None and _BYTES.search(line):
        return _hit(row, "bytes", path_format)
    return None


def _defined_name(language: str | None, line: str) -> str | None:
    rx = _DEFINITION.get(language or "")
    found = rx.match(line) if rx is not None else None
    if found is None:
        return None
    return found.group("name") or found.group("impl")


def _magic_format(text: str) -> str | None:
    return next((fmt for fmt, rx in _MAGIC_FORMAT if rx.search(text)), None)


def _hit(row: int, tag: str, fmt: str | None) -> Hit:
    detail: dict[str, Any] = {"pattern": tag, "source": "code"}
    if fmt:
        detail["format"] = fmt
    return Hit(row, _WEIGHTS[tag], detail)


def _format_detail(word: str) -> dict[str, Any]:
    fmt = format_of(word)
    return {"format": fmt} if fmt else {}
