from pathlib import Path

import pytest

from indexer.profiles import build_profiles
from models.records import CommitClass

from .test_profiles import Fixture, by_id, settings

REFORMAT = CommitClass(systems_lines=400, reformat=True).model_dump_json()


@pytest.fixture
def fx(tmp_path: Path) -> Fixture:
    f = Fixture(tmp_path)
    f.identity("cy@example.net", "Cy Vector", "cy@example.net")
    return f


def _simd(fx: Fixture, isa: str, n: int) -> None:
    for _ in range(n):
        fx.change("cy@example.net", "Cy Vector", "2025-11-01", signals=(("simd", 0.9, {"isa": isa}),))


def test_simd_isas_are_ranked_by_changes_and_rare_ones_dropped(fx: Fixture) -> None:
    _simd(fx, "vxe", 9)
    _simd(fx, "avx2", 3)
    _simd(fx, "neon", 1)  # a shared file touched once: 1 of 13 changes, under the 20% share
    # many rows in one change are one change's worth of NEON
    fx.change(
        "cy@example.net", "Cy Vector", "2025-11-01", signals=tuple(("simd", 0.9, {"isa": "sve"}) for _ in range(9))
    )
    cy = by_id(build_profiles(fx.store, settings()))["cy@example.net"]
    assert cy.skills["simd"].details == ["vxe", "avx2"]


def test_few_simd_changes_keep_every_isa(fx: Fixture) -> None:
    _simd(fx, "rvv", 3)
    _simd(fx, "sve", 1)
    cy = by_id(build_profiles(fx.store, settings()))["cy@example.net"]
    assert cy.skills["simd"].details == ["rvv", "sve"]


def test_reformat_commits_count_neither_lines_nor_signals(fx: Fixture) -> None:
    fx.change(
        "cy@example.net",
        "Cy Vector",
        "2025-11-01",
        files=(("src/app.py", "python", 30),),
        cls=CommitClass(app_lines=30).model_dump_json(),
    )
    fx.change(
        "cy@example.net",
        "Cy Vector",
        "2025-11-02",
        files=(("ggml/src/ggml-metal/ggml-metal.metal", "metal", 400),),
        signals=(("metal_kernel", 1.0, {}),),
        cls=REFORMAT,
    )
    cy = by_id(build_profiles(fx.store, settings()))["cy@example.net"]
    assert "metal" not in cy.languages
    assert cy.systems_share == 0.0
    assert "metal_kernel" not in cy.skills


def test_python_bindings_in_a_bindings_tree_count_in_full(fx: Fixture) -> None:
    for path_class in ("application", None):
        fx.change(
            "cy@example.net",
            "Cy Vector",
            "2025-11-01",
            files=(("bindings/python/src/models.rs", "rust", 20),),
            signals=(("python_bindings", 1.0, {"api": "pyo3"}), ("unsafe_rust", 1.0, {})),
            path_class=path_class,
        )
    cy = by_id(build_profiles(fx.store, settings()))["cy@example.net"]
    evidence = cy.skills["python_bindings"]
    assert evidence.details == ["pyo3"]
    # unsafe code in application paths is halved; bindings are at home there
    assert cy.skills["unsafe_rust"].score < evidence.score
