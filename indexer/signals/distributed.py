"""Distributed execution: collectives and point-to-point transfers through NCCL/RCCL/HCCL, MPI, Gloo, oneCCL or
a framework's own layer (torch.distributed, mx.distributed, cudarc's nccl, burn-collective), process groups
and device meshes, tensor/pipeline/sequence/expert/data parallelism and FSDP/ZeRO sharding.

C/C++/CUDA and Rust: communicator types and collective calls are name rules (a name in a comment or a
string does not count). Python: code lines with comments and strings blanked (python_lines). Test files do
not count: a test that calls all_reduce exercises the machinery, it does not build it. Commit or PR text
naming collectives, backends or a parallelism scheme counts when the commit also touches code.
detail: {"pattern": ..., "area": "all_reduce" | "tensor_parallel" | ..., "api": "NCCL" | "MPI" | ...,
"source": "code" | "text"}.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import (
    CommitContext,
    Detector,
    FileView,
    Hit,
    QueryMatch,
    first_area,
    path_signal,
    q,
    text_line_signals,
)
from indexer.signals.python_lines import python_rule_hits
from models.records import Signal

_COLLECTIVES = {
    "allreduce": "all_reduce",
    "allgather": "all_gather",
    "reducescatter": "reduce_scatter",
    "alltoall": "all_to_all",
    "bcast": "broadcast",
    "broadcast": "broadcast",
    "send": "send_recv",
    "recv": "send_recv",
    "isend": "send_recv",
    "irecv": "send_recv",
    "sendrecv": "send_recv",
    "allsum": "all_reduce",
    "barrier": "barrier",
    "reduce": "reduce",
    "gather": "gather",
    "scatter": "scatter",
}

_NATIVE = (
    r"^((nccl|rccl|mscclpp|Hccl|hccl)(AllReduce|AllGather|ReduceScatter|Broadcast|Bcast|Reduce|Send|Recv|AllToAll"
    r"|GroupStart|GroupEnd|CommInitRank\w*|CommInitAll|GetUniqueId|CommDestroy|CommSplit|CommCount|CommUserRank"
    r"|CommInitClusterInfo)"
    r"|ncclComm_t|ncclUniqueId|ncclDataType_t|ncclRedOp_t|HcclComm|HcclRootInfo|ncclResult_t"
    r"|MPI_(Allreduce|Allgather\w*|Reduce_scatter\w*|Bcast|Send|Recv|Isend|Irecv|Sendrecv|Alltoall\w*|Reduce|Gather\w*"
    r"|Scatter\w*|Init|Init_thread|Comm_rank|Comm_size|Comm_split|Barrier|Finalize|Comm|Request|Wait\w*)"
    r"|all_reduce|allreduce|all_gather|allgather|reduce_scatter|all_to_all|alltoall|all_sum|AllReduce|AllGather"
    r"|ReduceScatter|ProcessGroup\w*|DeviceMesh|NcclComm|NcclCommunicator|Communicator)$"
)
_RUST = (
    r"^(all_reduce|all_gather|reduce_scatter|all_to_all|all_reduce_\w+|AllReduce\w*|AllGather\w*|ReduceScatter\w*"
    r"|NcclComm|Nccl\w+|nccl|ProcessGroup\w*|DeviceMesh|CollectiveConfig|CollectiveClient|CollectiveServer"
    r"|register_collective|finish_collective|Communicator|ncclAllReduce|ncclAllGather)$"
)
# Names like `all_reduce` or `AllGather` also mean "reduce every element" in single-device reduction code
# (mlx's reduce kernels, a Metal `all_sum` local), so they count only in files that live with distributed code.
_LIBRARY_NAME = re.compile(r"(?i)^(nccl|rccl|mscclpp|hccl|mpi_)")
_DISTRIBUTED_PATH = re.compile(r"(?i)distributed|collective|comm|nccl|mpi|parallel|multi|ring|jaccl|shard|mesh|dist/")
_ACCELERATED = {"nccl": "NCCL", "rccl": "RCCL", "mscclpp": "MSCCL++", "hccl": "HCCL", "mpi": "MPI"}

_PY_PREFILTER = re.compile(
    rb"dist|all_|reduce|gather|scatter|Shard|Replicate|Partial|[Mm]esh|Parallel|ProcessGroup|shard|send|recv|broadcast|ZeRO|Zero"
)
_PY_RULES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (
        re.compile(
            r"^\s*(async\s+)?def\s+(\w*_)?(all_?reduce|all_?gather|reduce_?scatter|all_?to_?all|all_sum)\w*\s*\("
        ),
        0.9,
        "definition",
    ),
    (
        re.compile(
            r"^\s*class\s+\w*(ProcessGroup|DeviceMesh|ParallelContext|TensorParallel\w*|PipelineParallel\w*"
            r"|ExpertParallel\w*|ColumnParallel\w*|RowParallel\w*|ShardedOptimizer|ZeroOptimizer|ZeRO\w*)\b"
        ),
        0.9,
        "definition",
    ),
    (
        re.compile(
            r"\b(dist|torch\.distributed|c10d|distributed|funcol|_functional_collectives|group)\.(all_reduce|all_gather\w*"
            r"|reduce_scatter\w*|all_to_all\w*|broadcast\w*|send|recv|isend|irecv|batch_isend_irecv|reduce"
            r"|all_sum|all_max|all_min|scatter|gather)\s*\("
        ),
        0.8,
        "collective",
    ),
    (
        re.compile(
            r"\b(init_process_group|new_group|new_subgroups\w*|init_device_mesh|DeviceMesh|ProcessGroup\w*"
            r"|distribute_tensor|distribute_module|parallelize_module|fully_shard|FullyShardedDataParallel"
            r"|DistributedDataParallel|ColwiseParallel|RowwiseParallel|SequenceParallel|PipelineStage"
            r"|PipelineSchedule\w*|Schedule1F1B|ScheduleGPipe|DTensor)\b"
        ),
        0.7,
        "process_group",
    ),
    (re.compile(r"\b(Shard|Replicate|Partial)\(\s*(-?\d+|dim=)?"), 0.6, "placement"),
    (re.compile(r"\bmx\.distributed\.\w+\s*\(|\bmlx\.core\.distributed\b"), 0.75, "collective"),
    (re.compile(r"\.shard_?\(\s*(devices|\(|\[|tuple|GPUS|\w+_devices)"), 0.7, "placement"),
)
_PY_AREAS = (
    ("tensor_parallel", re.compile(r"(?i)tensor_?parallel|colwise|rowwise|column_?parallel|row_?parallel")),
    ("pipeline_parallel", re.compile(r"(?i)pipeline|1f1b|gpipe")),
    ("expert_parallel", re.compile(r"(?i)expert")),
    ("fsdp", re.compile(r"(?i)fully_?shard|fsdp|zero")),
    ("data_parallel", re.compile(r"(?i)DistributedDataParallel")),
    ("sharding", re.compile(r"(?i)shard|replicate|partial|distribute_tensor|dtensor")),
    ("device_mesh", re.compile(r"(?i)device_?mesh")),
    ("process_group", re.compile(r"(?i)process_?group|new_group|subgroups|parallel_?context")),
)

# Directories that hold a framework's distributed layer (nanotron/parallel/, mlx/distributed/, burn-collective/).
_SUBSYSTEM_PATH = re.compile(
    r"(^|/)(distributed|parallel|parallelism|tensor_parallel|pipeline_parallel|expert_parallel|collective|nccl|mpi"
    r"|jaccl|burn-collective|burn-communication)(/|\.\w+$)"
)
# `pg: dist.ProcessGroup` threads a group through model code; it does not build distributed execution.
_ANNOTATION = re.compile(r"(:|->)\s*[\w.\[\], ]*$")

_TEXT = re.compile(
    r"\b(all[-_ ]?reduce|all[-_ ]?gather|reduce[-_ ]scatter|all[-_ ]to[-_ ]all|nccl|rccl|hccl|mscclpp|gloo|oneccl"
    r"|ucx|mpi|jaccl|torch\.distributed|c10d|fsdp2?|zero[- ]?[123]|deepspeed|megatron|device[- ]mesh|process[- ]groups?"
    r"|(tensor|pipeline|sequence|context|expert|model|column|row)[- ]parallel(ism)?|tp[ =]\d|pp[ =]\d"
    r"|distributed[- ](data[- ]parallel|training|inference|backend|launch|setup|examples?)|ddp"
    r"|multi[- ]node|multi[- ]gpu|nvlink|infiniband|rdma|collective (communication|ops?|operations)|dtensor)\b",
    re.IGNORECASE,
)
_TEXT_AREAS = (
    ("all_reduce", re.compile(r"(?i)all[-_ ]?reduce")),
    ("all_gather", re.compile(r"(?i)all[-_ ]?gather")),
    ("reduce_scatter", re.compile(r"(?i)reduce[-_ ]scatter")),
    ("all_to_all", re.compile(r"(?i)all[-_ ]to[-_ ]all")),
    ("tensor_parallel", re.compile(r"(?i)(tensor|column|row)[- ]parallel|^tp")),
    ("pipeline_parallel", re.compile(r"(?i)pipeline[- ]parallel|^pp")),
    ("sequence_parallel", re.compile(r"(?i)(sequence|context)[- ]parallel")),
    ("expert_parallel", re.compile(r"(?i)expert[- ]parallel")),
    ("fsdp", re.compile(r"(?i)fsdp|zero|deepspeed")),
    ("multi_gpu", re.compile(r"(?i)multi[- ](gpu|node)|nvlink|infiniband|rdma")),
    ("device_mesh", re.compile(r"(?i)device[- ]mesh")),
)
_TEXT_APIS = {
    "nccl": "NCCL",
    "rccl": "RCCL",
    "hccl": "HCCL",
    "gloo": "Gloo",
    "mpi": "MPI",
    "ucx": "UCX",
    "oneccl": "oneCCL",
    "jaccl": "JACCL",
    "mscclpp": "MSCCL++",
}
# Pasted program output in a PR body ("[rank0]:2024-11-25 ... INFO - Applied FSDP") reports, it does not build.
_LOG_LINE = re.compile(r"^\s*(\[rank\d+\]|\d{4}-\d\d-\d\d|(INFO|WARNING|DEBUG|ERROR)\b|>>>|\$ )")


def collective_of(name: str) -> str | None:
    """`ncclAllReduce` -> all_reduce, `MPI_Bcast` -> broadcast, `dist.isend` -> send_recv."""
    key = re.sub(r"^(nccl|rccl|mscclpp|hccl|mpi_|dist\.|\w+\.)", "", name.lower()).replace("_", "")
    for prefix, area in _COLLECTIVES.items():
        if key.startswith(prefix):
            return area
    return None


def _api_of(name: str) -> str | None:
    low = name.lower()
    for prefix, api in _ACCELERATED.items():
        if low.startswith(prefix):
            return api
    return None


def _native_detail(name: str) -> dict[str, Any]:
    detail: dict[str, Any] = {"source": "code"}
    area = collective_of(name)
    if area is None and re.search(r"(?i)processgroup|mesh|comm|communicator|uniqueid|rootinfo", name):
        area = "process_group"
    if area:
        detail["area"] = area
    api = _api_of(name)
    if api:
        detail["api"] = api
    return detail


class Distributed(Detector):
    name = "distributed"
    trigger_words = None
    patterns = {
        "cfamily": (("native", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_NATIVE)}))"),),
        "rust": (("native", f"([(identifier) (type_identifier) (field_identifier)] @hit (#match? @hit {q(_RUST)}))"),),
    }
    weights = {"native": 0.8}
    lexical_languages = frozenset({"python"})
    max_per_file = 3

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test:
            return None
        name = f.text(node)
        if not _LIBRARY_NAME.match(name) and (f.language == "metal" or not _DISTRIBUTED_PATH.search(f.path)):
            return None
        detail = _native_detail(name)
        weight = 0.85 if "api" in detail else 0.7
        return Hit(node.start_point.row, weight, {"pattern": "native", **detail})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if not _PY_PREFILTER.search(f.source):
            return []  # none of the rules' words: most Python files stop here
        if f.is_test:
            return []
        return python_rule_hits(
            f,
            _PY_RULES,
            lambda _tag, text: _python_detail(text),
            lambda tag, line, found: tag == "process_group" and _ANNOTATION.search(line, 0, found.start()) is not None,
        )

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not ctx.touches_code():
            return []  # docs, CI or tests alone: a description, not the work
        signals = path_signal(ctx, self.name, _SUBSYSTEM_PATH, {}, 0.5, min_lines=3)
        return text_line_signals(
            ctx,
            self.name,
            lambda line: found.group(0).lower() if (found := _TEXT.search(line)) else None,
            lambda word: {"pattern": "text", **_text_detail(word), "source": "text"},
            0.6,
            skip=_LOG_LINE,
            signals=signals,
        )


def _python_detail(match: str) -> dict[str, Any]:
    area = collective_of(re.sub(r"^\s*(async\s+)?def\s+", "", match).split("(")[0].strip().split(".")[-1])
    if area is None:
        area = first_area(match, _PY_AREAS)
    return {"area": area} if area else {}


def _text_detail(word: str) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    area = next((a for a, rx in _TEXT_AREAS if rx.search(word)), None)
    if area:
        detail["area"] = area
    api = _TEXT_APIS.get(word)
    if api:
        detail["api"] = api
    return detail
