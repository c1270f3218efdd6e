from indexer.signals import detect_commit
from indexer.signals.classify import file_class
from models.records import FileChange
from models.settings import Settings

from .helpers import commit


def test_catalog_path_rules_decide_systems_and_application() -> None:
    assert file_class("huggingface/candle", FileChange(path="candle-core/src/tensor.rs")) == "systems"
    assert file_class("huggingface/candle", FileChange(path="candle-examples/examples/llama/main.rs")) == "application"
    assert file_class("ggml-org/ggml", FileChange(path="src/ggml-cuda/norm.cu")) == "systems"
    assert file_class("ggml-org/ggml", FileChange(path="docs/gguf.md")) == "docs"


def test_unknown_repos_fall_back_to_language_and_path() -> None:
    assert file_class("someone/thing", FileChange(path="kernels/add.cu")) == "systems"
    assert file_class("someone/thing", FileChange(path="examples/run.cpp")) == "application"
    assert file_class("someone/thing", FileChange(path="train.py")) == "application"
    assert file_class("someone/thing", FileChange(path=".github/workflows/ci.yml")) == "ci"


def test_line_counts_split_systems_and_application() -> None:
    c = commit(
        {"candle-core/src/a.rs": "fn a() {}\nfn b() {}", "candle-examples/examples/x/main.rs": "fn main() {}"},
        repo="huggingface/candle",
    )
    cc = detect_commit(c, Settings()).commit_class
    assert (cc.systems_lines, cc.app_lines) == (2, 1)
    assert not cc.python_only and not cc.docs_only


def test_python_only_and_typo_fix() -> None:
    cc = detect_commit(commit({"tools/run.py": "print('x')"}, message="Fix typo in log"), Settings()).commit_class
    assert cc.python_only and cc.typo_fix
