"""LLM serving: KV-cache managers (types and functions that manage a KV cache, block managers/allocators,
prefix/radix caches), batch schedulers (continuous batching, request queues, preemption), speculative
decoding (draft models, draft tokens, verification). Defining these counts; a model that merely keeps a
`kv_cache` field or clears it does not. detail: {"pattern": ..., "area": "kv_cache" | "scheduler" | "speculative"}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.names import definition_patterns, merge, snake

_TYPE_NAME = re.compile(
    r"(^|_)(kv_?cache(_\w+)?|paged_kv\w*|block_(manager|allocator|pool|space_manager)|cache_engine|kv_pool"
    r"|radix_cache|prefix_cache|rotating_kv_cache|(batch_|request_)?scheduler|continuous_batch\w*"
    r"|(continuous|request|dynamic|inference|token)_batcher"
    r"|request_queue|sequence_group|speculative\w*|draft_model|spec_decode\w*)$"
)
_FN_NAME = re.compile(
    r"^(\w+_)?(kv_cache_\w+|\w+_kv_cache)$|^(schedule\w*|preempt\w*|evict\w*|swap_in|swap_out|allocate_slots"
    r"|free_blocks|append_slots|can_allocate|allocate_blocks|speculative_\w+|draft_\w+|verify_draft\w*"
    r"|accept_draft\w*|reject_draft\w*|continuous_batch\w*|add_request|abort_request|step_batch)$"
)
# Noise and learning-rate schedulers share the name with batch schedulers.
_NOT_SERVING = re.compile(
    r"ddpm|ddim|euler|pndm|lms|dpm|noise|diffusion|unipc|heun|(^|_)lr(_|$)|cosine|warmup|flow_match"
    r"|tile|persistent|(^|_)(cta|warp|thread|block)_?scheduler"
)
_NOT_MANAGER = re.compile(r"^(clear|reset|get|set|with|new|init|take)_\w*cache$|^\w*_kv_cache_(len|size)$")
_FIELDS = (
    r"^(n_draft|draft_tokens|num_speculative_tokens|max_num_seqs|max_num_batched_tokens|num_gpu_blocks"
    r"|block_size_tokens|waiting_queue|running_queue|swapped_queue|n_seq_max|kv_unified)$"
)
_LOOSE = (
    r"(?i)kv_?cache|paged|block_?(manager|allocator|pool)|cache_?engine|kv_?pool|radix|prefix_?cache|schedul|batch"
    r"|request_?queue|sequence_?group|speculativ|draft|spec_?decode|preempt|evict|swap_(in|out)|slots|blocks|request"
)


def _area(name: str) -> str:
    if re.search(r"specul|draft|spec_decode", name):
        return "speculative"
    if re.search(r"schedul|batch|queue|request|preempt|sequence_group|step", name):
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
    )
    trigger_text = (r"(?:struct|class|impl|enum|trait)\s+\w*K[vV]Cache",)
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (("field", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_FIELDS)}))"),),
            "rust": (("field", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_FIELDS)}))"),),
        },
    )
    weights = {"type": 0.9, "function": 0.8, "field": 0.6}

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            name = snake(f.text(node))
            if _NOT_SERVING.search(name) or (f.is_test and m.tag != "field"):
                continue
            if m.tag == "field":
                tag = "field"
            elif node.type == "type_identifier" and _TYPE_NAME.search(name):
                tag = "type"
            elif node.type != "type_identifier" and _FN_NAME.search(name) and not _NOT_MANAGER.search(name):
                tag = "function"
            else:
                continue
            hits.append(Hit(node.start_point.row, self.weights[tag], {"pattern": tag, "area": _area(name)}))
        return hits
