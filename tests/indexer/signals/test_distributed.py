from indexer.signals import detect_commit
from indexer.signals.distributed import collective_of
from models.settings import Settings

from .helpers import commit


def _distributed(files: dict[str, str], message: str = "Change") -> list[dict]:
    d = detect_commit(commit(files, message=message), Settings())
    return [s.detail for s in d.signals if s.kind == "distributed"]


def test_collective_names_map_to_one_area() -> None:
    assert collective_of("ncclAllReduce") == "all_reduce"
    assert collective_of("MPI_Reduce_scatter_block") == "reduce_scatter"
    assert collective_of("MPI_Bcast") == "broadcast"
    assert collective_of("dist.isend") == "send_recv"
    assert collective_of("all_sum") == "all_reduce"
    assert collective_of("matmul") is None


def test_nccl_call_reports_the_collective_and_the_library() -> None:
    details = _distributed({"src/comm.cu": "ncclAllGather(send, recv, n, ncclHalf, comm, stream);"})
    assert details == [{"pattern": "native", "source": "code", "area": "all_gather", "api": "NCCL"}]


def test_python_collective_in_a_string_or_comment_does_not_count() -> None:
    body = 'log.info("dist.all_reduce(%s)", t)  # dist.all_gather(x)\n"""dist.broadcast(t, 0) in a docstring"""\n'
    assert _distributed({"src/train.py": body}) == []


def test_python_multiline_docstring_is_blanked() -> None:
    body = 'def f():\n    """Runs\n    dist.all_reduce(t)\n    """\n    return 1\n'
    assert _distributed({"src/train.py": body}) == []


def test_python_tensor_parallel_class_reports_the_scheme() -> None:
    details = _distributed({"src/tp.py": "class TensorParallelColumnLinear(nn.Linear):\n    pass\n"})
    assert details and details[0]["area"] == "tensor_parallel"


def test_a_test_file_calling_collectives_does_not_count() -> None:
    assert _distributed({"tests/test_comm.py": "dist.all_reduce(t)\n"}) == []


def test_text_needs_code_in_the_commit() -> None:
    assert _distributed({"docs/tp.md": "Tensor parallelism over NCCL."}, message="Document NCCL tensor parallel") == []
    details = _distributed({"src/tp.py": "x = 1\n"}, message="Add tensor parallel attention")
    assert details == [{"pattern": "text", "area": "tensor_parallel", "source": "text"}]


def test_editing_the_distributed_layer_counts_weakly_by_path() -> None:
    body = "void RingGroup::send(const array& a, int dst) {\n  auto sock = sockets_[dst];\n  sock.write(a);\n}\n"
    details = _distributed({"mlx/distributed/ring/ring.cpp": body})
    assert details == [{"pattern": "path", "source": "code"}]
    assert _distributed({"mlx/backend/cpu/ring.cpp": body}) == []
    assert _distributed({"mlx/distributed/ring/ring.cpp": "int x = 1;\n"}) == []  # too little code
