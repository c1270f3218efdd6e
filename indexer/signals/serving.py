"""LLM serving: KV-cache managers (types and functions that manage a KV cache, block managers/allocators, block
tables, prefix/radix caches), batch schedulers (continuous batching, request queues, sequence groups, preemption),
speculative decoding (draft models, draft tokens, verification), token samplers (top-k/top-p/min-p, penalties,
sampling params) and the server in front of them (HTTP route handlers for chat/completions, SSE streaming).
Defining these counts, in Rust, C/C++ and Python; a model that merely keeps a `kv_cache` field or clears it does
not, nor does a CLI example's sampling loop or a noise/learning-rate/GPU-tile scheduler.
detail: {"pattern": ..., "area": "kv_cache" | "scheduler" | "speculative" | "sampling" | "server_api"}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.names import definition_patterns, merge, snake
from indexer.signals.python_lines import python_blocks, python_code_lines

_TYPE_NAME = re.compile(
    r"(^|_)(kv_?cache(_\w+)?|paged_kv\w*|block_(manager|allocator|pool|space_manager)|cache_engine|kv_pool"
    r"|radix_cache|prefix_cache|rotating_kv_cache|(batch_|request_)?scheduler|continuous_batch\w*"
    r"|(continuous|request|dynamic|inference|token)_batcher"
    r"|request_queue|sequence_group|speculative\w*|draft_model|spec_decode\w*"
    r"|block_engine|block_tables?|prefix_cacher|server_(slot|context|task\w*)|sampler|sampling_params|logits_processor"
    r"|(chat_)?completion_(request|response|chunk\w*)|chat_completion\w*)$"
)
_FN_NAME = re.compile(
    r"^(\w+_)?(kv_cache_\w+|\w+_kv_cache)$|^(schedule\w*|preempt\w*|evict\w*|swap_in|swap_out|allocate_slots"
    r"|free_blocks|append_slots|can_allocate|allocate_blocks|speculative_\w+|draft_\w+|verify_draft\w*"
    r"|accept_draft\w*|reject_draft\w*|continuous_batch\w*|add_request|abort_request|step_batch|finish_seq\w*|add_seq"
    r"|get_block_tables?|(handle_|stream_)?(chat_?)?completions?|handle_(chat_)?completions?_\w+)$"
    r"|^(\w+_)?sample_(top_k|top_p|min_p|argmax|multinomial|speculative|seqs?|sequences?|tokens?|best|logits|next_token)"
    r"(_\w+)?$|^(\w+_)?top_p(_\w+)?$|^top_k_sampl\w*$|^apply_(repetition_|frequency_|presence_|dry_)?penalt\w*$"
)
# A plain `Scheduler` or `schedule_*` is also a stream scheduler (mlx), a kernel scheduler (tinygrad), an optimizer
# step, a GPU tile scheduler or a diffusion sampler: it counts only in a file that speaks of sequences, requests or
# KV blocks. A `Sampler` is also a data-loader or texture sampler: it counts beside logits, top-k/top-p, temperature.
_NEEDS_SERVING_CONTEXT = re.compile(r"^(\w+_)?scheduler$|^schedule(_\w+)?$")
_SERVING_CONTEXT = re.compile(
    rb"\b(seqs?|seq_?ids?|SeqIds?|sequences|seq_groups?|[Rr]equests?|waiting|preempt\w*|block_tables?|kv_cache\w*|K[Vv]Cache\w*)\b"
)
_SAMPLING_CONTEXT = re.compile(rb"(?i)\b(logits|logprobs?|top_?[kp]|min_p|temperature)\b")
# Generated bindings (ctypes autogen of OpenCL/libclang) name samplers and completion chunks nobody wrote.
_GENERATED_PATH = re.compile(r"(^|/)autogen/")
# Samplers live in every CLI example's generation loop; in examples only a server's count.
_EXAMPLE_PATH = re.compile(r"(?i)(^|/)[\w-]*examples?/")
# Most of a serving engineer's changes edit the server and engine loop rather than define them: in a file whose path
# names a server, engine, scheduler or sampler, lines that work on requests, responses, sequences and sampling
# params count (>= 2 such lines, so a one-line flag added to a server is not its code). A C++ `req` counts through
# the HTTP request API (`req.has_file`), so an IPC server's `req.cmd` does not.
_SERVING_PATH = re.compile(
    r"(?i)(^|/)[\w.-]*serv(er|ing)[\w.-]*(/|\.[a-z]+$)|(^|/)(engine|scheduler|sampler|sampling|sequence|request|response"
    r"|openai|chat_completions?|completions?|prefix_cacher|block_engine|paged_attention)(/|\.[a-z]+$|_)"
)
_SERVING_LINE = re.compile(
    r"(?<![\w.])req\s*(\.|->)\s*(has_file|has_param|get_param_value|get_file_value|get_header_value|is_connection_closed"
    r"|files|params|body)\b"
    r"|(?<![\w.])(?P<obj>request|seq|seqs|sequence|slot|scheduled|scheduler|prefix_cacher|sampling_params|sampler)"
    r"\s*(\.|->)\s*[a-z_]\w*|(?<![\w.])res\s*(\.|->)\s*(set_content|status|set_header|set_chunked_content_provider)\b"
    r"|(?<![\w:])(?P<enum>Response|RequestMessage|SequenceState|StopReason)::[A-Z]\w*"
)
_SERVING_MIN_LINES = 2
# Python servers: a route decorator whose path is an inference endpoint.
_PY_ROUTE = re.compile(
    r"^@\w+\.(post|get|api_route|websocket)\(\s*[rf]?[\"'](/v\d+)?/(chat|completions?|generate\w*|infer\w*|embeddings)"
)
# Noise and learning-rate schedulers share the name with batch schedulers.
_NOT_SERVING = re.compile(
    r"ddpm|ddim|euler|pndm|lms|dpm|noise|diffusion|unipc|heun|(^|_)lr(_|$)|cosine|warmup|flow_match"
    r"|tile|persistent|(^|_)(cta|warp|thread|block)_?scheduler|(down|up|sub|re)_?sampl"
)
_NOT_MANAGER = re.compile(r"^(clear|reset|get|set|with|new|init|take)_\w*cache$|^\w*_kv_cache_(len|size)$")
_FIELDS = (
    r"^(n_draft|draft_tokens|num_speculative_tokens|max_num_seqs|max_num_batched_tokens|num_gpu_blocks"
    r"|block_size_tokens|waiting_queue|running_queue|swapped_queue|n_seq_max|kv_unified)$"
)
_LOOSE = (
    r"(?i)kv_?cache|paged|block_?(manager|allocator|pool)|cache_?engine|kv_?pool|radix|prefix_?cache|schedul|batch"
    r"|request_?queue|sequence_?group|speculativ|draft|spec_?decode|preempt|evict|swap_(in|out)|slots|blocks|request"
    r"|sampl|top_?[pk]|penalt|completion|server|block_?table|prefix_?cacher|logits_?processor|_seq"
)
# HTTP routes: an httplib server's `svr->Post(path, handler)` (a client's Post has a body, not a handler) and an
# axum router's `.route(path, post(handler))`; SSE responses stream tokens.
_ROUTE_METHODS = r"^(Post|Get|Put|Delete|Options|Patch)$"
_ROUTE_CALL = (
    f"(call_expression function: (field_expression field: (field_identifier) @m (#match? @m {q(_ROUTE_METHODS)}))"
)
_ROUTE_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "cpp": (
        (
            "route",
            f"{_ROUTE_CALL} arguments: (argument_list (_) (lambda_expression))) @hit",
        ),
        (
            "route",
            f'{_ROUTE_CALL} arguments: (argument_list (_) (identifier) @h (#match? @h "^handle_"))) @hit',
        ),
    ),
    "rust": (
        (
            "route",
            '(call_expression function: (field_expression field: (field_identifier) @m (#eq? @m "route"))'
            " arguments: (arguments (_) (call_expression function: (identifier) @v"
            ' (#match? @v "^(get|post|put|delete|patch)$")))) @hit',
        ),
        ("sse", '(call_expression function: (scoped_identifier path: (identifier) @t (#eq? @t "Sse")) @hit)'),
    ),
}


def _area(name: str) -> str:
    if re.search(r"specul|draft|spec_decode", name):
        return "speculative"
    if re.search(r"sampl|top_[kp]|min_p|penalt|logits_processor", name):
        return "sampling"
    if re.search(r"completion|server|route|sse", name):
        return "server_api"
    if re.search(r"schedul|batch|queue|request|preempt|seq|step", name):
        return "scheduler"
    return "kv_cache"


class Serving(Detector):
    name = "serving"
    # Model code names a `kv_cache` field and clears it; managers define KV-cache types and functions.
    trigger_words = (
        r"(?i)^\w*kv_cache_\w+$|^(?!clear_|reset_)\w+_kv_cache$|paged_?kv|block_?(manager|allocator|pool|space)"
        r"|cache_?engine|kv_?pool|radix_?cache|prefix_?cache|scheduler|continuous_?batch|batcher|request_?queue"
        r"|sequence_?group|speculativ|draft|spec_?decode|preempt|evict|swap_(in|out)|allocate_(slots|blocks)"
        r"|append_slots|free_blocks|can_allocate|add_request|abort_request|step_batch|^schedule"
        r"|sampler|sampling_?params|logits_?processor|^(\w+_)?sample_|top_?p|penalt|completions?$|^(Post|Get|route|Sse)$"
        r"|block_?tables?|prefix_?cacher|server_?(slot|context|task)|finish_seq|add_seq"
    )
    trigger_text = (r"(?:struct|class|impl|enum|trait)\s+\w*K[vV]Cache",)
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (("field", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_FIELDS)}))"),),
            "rust": (("field", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_FIELDS)}))"),),
        },
        _ROUTE_PATTERNS,
    )
    weights = {"type": 0.9, "function": 0.8, "route": 0.8, "sse": 0.7, "field": 0.6}
    lexical_languages = frozenset({"python", "c", "cpp", "cuda", "rust"})

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None or (f.is_test and m.tag != "field"):
                continue
            if m.tag in ("route", "sse"):
                hits.append(Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "area": "server_api"}))
                continue
            name = snake(f.text(node))
            tag = "field" if m.tag == "field" else _definition_tag(name, is_type=node.type == "type_identifier")
            if tag is not None and _counts_here(f, name, tag):
                hits.append(Hit(node.start_point.row, self.weights[tag], {"pattern": tag, "area": _area(name)}))
        return hits

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test:
            return []
        # Python scripts under examples/ are clients of a server, not its code.
        client = f.language == "python" and _EXAMPLE_PATH.search(f.path)
        hits = _server_code_hits(f) if _SERVING_PATH.search(f.path) and not client else []
        if f.language != "python":
            return hits
        for block in python_blocks(f):
            if any(_PY_ROUTE.match(d) for d in _raw_decorators(f, block.row, len(block.decorators))):
                hits.append(Hit(block.row, self.weights["route"], {"pattern": "route", "area": "server_api"}))
                continue
            name = snake(block.name)
            tag = _definition_tag(name, is_type=block.kind == "class")
            if tag is not None and _counts_here(f, name, tag):
                hits.append(Hit(block.row, self.weights[tag], {"pattern": tag, "area": _area(name)}))
        return hits


def _server_code_hits(f: FileView) -> list[Hit]:
    lines = python_code_lines(f) if f.language == "python" else f.code_lines()
    found = [(row, m) for row, line in lines if (m := _SERVING_LINE.search(line))]
    if len(found) < _SERVING_MIN_LINES:
        return []
    row, m = found[0]
    obj = m.group("obj") or m.group("enum") or "res"
    area = "sampling" if "sampl" in obj else "scheduler" if obj in _SCHEDULING_OBJECTS else "server_api"
    return [Hit(row, 0.5, {"pattern": "server_code", "area": area})]


_SCHEDULING_OBJECTS = frozenset(
    {"seq", "seqs", "sequence", "slot", "scheduled", "scheduler", "SequenceState", "StopReason"}
)


def _definition_tag(name: str, *, is_type: bool) -> str | None:
    if _NOT_SERVING.search(name):
        return None
    if is_type:
        return "type" if _TYPE_NAME.search(name) else None
    return "function" if _FN_NAME.search(name) and not _NOT_MANAGER.search(name) else None


def _counts_here(f: FileView, name: str, tag: str) -> bool:
    """A bare scheduler needs serving words in its file, a sampler token-sampling words; a sampler in a CLI example
    is the example's loop."""
    if _GENERATED_PATH.search(f.path):
        return False
    if tag != "field" and _NEEDS_SERVING_CONTEXT.search(name) and not _SERVING_CONTEXT.search(f.source):
        return False
    if _area(name) != "sampling":
        return True
    return bool(_SAMPLING_CONTEXT.search(f.source)) and not (_EXAMPLE_PATH.search(f.path) and "serv" not in f.path)


def _raw_decorators(f: FileView, row: int, count: int) -> list[str]:
    # Decorators as written: the route's path is a string, which the blanked code lines no longer show.
    return [line.strip() for line in f.lines[max(0, row - count) : row]]
