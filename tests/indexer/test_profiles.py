import json
from datetime import date
from pathlib import Path

import pytest

from indexer.profiles import build_profiles, evidence_texts, load_profile, rebuild, recency
from indexer.signals import detect_commit
from indexer.store import Store
from models.records import CommitClass
from models.settings import Settings

from .signals.helpers import commit

SYSTEMS = CommitClass(systems_lines=100).model_dump_json()
PYTHON = CommitClass(python_only=True, app_lines=50).model_dump_json()


class Fixture:
    """Rows inserted straight into the store, the way the indexer would leave them."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = Store.open(tmp_path / "scout.db")
        self.n = 0

    def identity(self, email: str, name: str, person: str) -> None:
        with self.store.transaction() as c:
            c.execute("INSERT INTO identities VALUES (?, ?, ?)", (email, name, person))

    def change(
        self,
        email: str,
        name: str,
        when: str,
        *,
        repos: tuple[str, ...] = ("acme/tensor",),
        files: tuple[tuple[str, str | None, int], ...] = (("core/ops/matmul.cu", "cuda", 40),),
        signals: tuple[tuple[str, float, dict], ...] = (),
        cls: str = SYSTEMS,
        co_authors: tuple[tuple[str, str], ...] = (),
        flags: str = "",
        path_class: str | None = None,
    ) -> str:
        self.n += 1
        cid = f"p:{self.n:04d}"
        sha = f"{self.n:040x}"
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message, class_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cid, email, name, f"{when}T12:00:00+00:00", f"change {self.n}", f"change {self.n}", cls),
            )
            for repo in repos:
                c.execute("INSERT INTO commits (repo, sha, change_id) VALUES (?, ?, ?)", (repo, sha, cid))
            for path, lang, added in files:
                c.execute(
                    "INSERT INTO file_changes (change_id, path, kind, language, added, removed, flags, path_class)"
                    " VALUES (?, ?, 'modified', ?, ?, 0, ?, ?)",
                    (cid, path, lang, added, flags, path_class),
                )
            for kind, weight, detail in signals:
                c.execute(
                    "INSERT INTO signals (change_id, kind, weight, language, repo, sha, path, line, snippet, title,"
                    " detail_json) VALUES (?, ?, ?, 'cuda', ?, ?, ?, 7, 'x', ?, ?)",
                    (
                        cid,
                        kind,
                        weight,
                        repos[0],
                        sha,
                        files[0][0] if files else None,
                        f"change {self.n}",
                        json.dumps(detail),
                    ),
                )
            for co_email, co_name in co_authors:
                c.execute("INSERT INTO co_authors VALUES (?, ?, ?)", (cid, co_email, co_name))
        return cid


@pytest.fixture
def fx(tmp_path: Path) -> Fixture:
    f = Fixture(tmp_path)
    f.identity("ada@example.com", "Ada Quill", "gh:adaq")
    f.identity("1234+adaq@users.noreply.github.com", "adaq", "gh:adaq")
    f.identity("bo@example.org", "Bo Rand", "bo@example.org")
    f.identity("ci-bot@example.com", "ci-bot[bot]", "")
    return f


def settings(**kw: object) -> Settings:
    return Settings(as_of=date(2026, 1, 1), **kw)


def by_id(profiles: list) -> dict:
    return {p.id: p for p in profiles}


def test_one_profile_per_person_merging_emails_and_none_for_bots(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-03-01")
    fx.change("1234+adaq@users.noreply.github.com", "adaq", "2025-04-01")
    fx.change("bo@example.org", "Bo Rand", "2025-05-01")
    fx.change("ci-bot@example.com", "ci-bot[bot]", "2025-05-02")
    people = by_id(build_profiles(fx.store, settings()))
    assert set(people) == {"gh:adaq", "bo@example.org"}
    ada = people["gh:adaq"]
    assert ada.activity.commits == 2
    assert set(ada.emails) == {"ada@example.com", "1234+adaq@users.noreply.github.com"}
    assert ada.login == "adaq"
    assert load_profile(fx.store, "gh:adaq") == ada


def test_change_in_two_repos_counts_once_but_lists_both(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-03-01", repos=("acme/tensor", "acme/tensor-vendor"))
    ada = by_id(build_profiles(fx.store, settings()))["gh:adaq"]
    assert ada.activity.commits == 1
    assert ada.repos == {"acme/tensor": 1, "acme/tensor-vendor": 1}


def test_co_author_gets_partial_credit_for_the_change(fx: Fixture) -> None:
    fx.change(
        "bo@example.org",
        "Bo Rand",
        "2025-03-01",
        signals=(("quantization", 1.0, {"formats": ["Q4_K"], "pattern": "block"}),),
        co_authors=(("ada@example.com", "Ada Quill"),),
    )
    people = by_id(build_profiles(fx.store, settings()))
    ada, bo = people["gh:adaq"], people["bo@example.org"]
    assert ada.activity.commits == 1 and ada.repos == {"acme/tensor": 1}
    assert ada.skills["quantization"].commits == 1
    # a shared (often squashed) change counts less for a co-author than for its author
    assert bo.skills["quantization"].score > ada.skills["quantization"].score > 0


def test_scores_count_distinct_changes_and_saturate(fx: Fixture) -> None:
    # forty observations in one change are one piece of evidence
    fx.change("bo@example.org", "Bo Rand", "2025-12-01", signals=tuple(("simd", 1.0, {}) for _ in range(40)))
    one = by_id(build_profiles(fx.store, settings()))["bo@example.org"].skills["simd"]
    assert one.commits == 1
    for _ in range(99):
        fx.change("bo@example.org", "Bo Rand", "2025-12-01", signals=(("simd", 1.0, {}),))
    hundred = by_id(build_profiles(fx.store, settings()))["bo@example.org"].skills["simd"].score
    for _ in range(100):
        fx.change("bo@example.org", "Bo Rand", "2025-12-01", signals=(("simd", 1.0, {}),))
    two_hundred = by_id(build_profiles(fx.store, settings()))["bo@example.org"].skills["simd"].score
    assert one.score < hundred <= two_hundred <= 1.0
    assert two_hundred - hundred < 1e-3  # the 200th change adds nothing


def test_a_change_that_adds_much_of_the_work_counts_more_than_a_small_one(fx: Fixture) -> None:
    optimizer = (("train/optim/adamw.py", "python", 800),)
    fx.change("ada@example.com", "Ada Quill", "2025-12-01", files=optimizer, signals=(("training_internals", 1.0, {}),))
    tweak = (("train/optim/adamw.py", "python", 4),)
    fx.change("bo@example.org", "Bo Rand", "2025-12-01", files=tweak, signals=(("training_internals", 1.0, {}),))
    people = by_id(build_profiles(fx.store, settings()))
    big, small = people["gh:adaq"].skills["training_internals"], people["bo@example.org"].skills["training_internals"]
    assert big.commits == small.commits == 1
    assert big.score > small.score
    # Bounded: one huge change never counts as much as three ordinary ones.
    for _ in range(3):
        fx.change("bo@example.org", "Bo Rand", "2025-12-01", files=tweak, signals=(("training_internals", 1.0, {}),))
    people = by_id(build_profiles(fx.store, settings()))
    assert people["bo@example.org"].skills["training_internals"].score > big.score


def test_recent_work_outweighs_old_work_by_half_life(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-12-31", signals=(("cuda_kernel", 1.0, {}),))
    fx.change("bo@example.org", "Bo Rand", "2020-01-01", signals=(("cuda_kernel", 1.0, {}),))
    people = by_id(build_profiles(fx.store, settings()))
    assert people["gh:adaq"].skills["cuda_kernel"].score > people["bo@example.org"].skills["cuda_kernel"].score
    assert recency(date(2024, 1, 1), date(2026, 1, 1), 731) == pytest.approx(0.5)
    assert recency(date(2026, 1, 1), date(2026, 1, 1), 730) == 1.0


def test_reference_date_defaults_to_newest_change_month(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2019-06-20", signals=(("cuda_kernel", 1.0, {}),))
    alone = by_id(build_profiles(fx.store, Settings()))["gh:adaq"].skills["cuda_kernel"].score
    # measured from 2019-06-01, not from today: old-but-only work is not wiped out
    assert alone > 0.25


def test_evidence_is_capped_and_spread_over_repos(fx: Fixture) -> None:
    for _ in range(8):
        fx.change("ada@example.com", "Ada Quill", "2025-06-01", signals=(("metal_kernel", 1.0, {}),))
    fx.change("ada@example.com", "Ada Quill", "2025-01-01", repos=("other/lib",), signals=(("metal_kernel", 0.5, {}),))
    skill = by_id(build_profiles(fx.store, settings()))["gh:adaq"].skills["metal_kernel"]
    assert len(skill.evidence) == 5
    assert {e.repo for e in skill.evidence} == {"acme/tensor", "other/lib"}
    assert len({e.sha for e in skill.evidence}) == 5


def test_details_come_from_signal_details_most_frequent_first(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-06-01", signals=(("quantization", 1.0, {"formats": ["Q8_0"]}),))
    for _ in range(2):
        fx.change(
            "ada@example.com",
            "Ada Quill",
            "2025-06-01",
            signals=(("quantization", 1.0, {"formats": ["Q4_K"], "pattern": "block"}),),
        )
    fx.change(
        "ada@example.com",
        "Ada Quill",
        "2025-06-01",
        signals=(("simd", 1.0, {"isa": "avx2"}), ("simd", 1.0, {"isa": "neon", "match": "vld1q_f32(p)"})),
    )
    skills = by_id(build_profiles(fx.store, settings()))["gh:adaq"].skills
    assert skills["quantization"].details == ["Q4_K", "Q8_0"]
    assert skills["simd"].details == ["avx2", "neon"]


def test_depth_rewards_sustained_systems_work_and_flags_python_only(fx: Fixture) -> None:
    for i in range(12):
        fx.change(
            "ada@example.com",
            "Ada Quill",
            f"2025-{1 + i % 12:02d}-01",
            files=(("kernels/cuda/gemm.cu", "cuda", 60), ("kernels/cuda/test_gemm.cu", "cuda", 20)),
            signals=(("cuda_kernel", 1.0, {}), ("tests_with_code", 1.0, {})),
        )
    for i in range(12):
        fx.change(
            "bo@example.org",
            "Bo Rand",
            f"2025-{1 + i % 12:02d}-01",
            files=(("python/api/layers.py", "python", 60),),
            cls=PYTHON,
        )
    people = by_id(build_profiles(fx.store, settings()))
    ada, bo = people["gh:adaq"], people["bo@example.org"]
    assert ada.depth > 0.5 > bo.depth
    assert ada.systems_share == 1.0 and bo.systems_share == 0.0
    assert bo.flags == ["python_only"] and ada.flags == []
    assert ada.activity.active_weeks == 12


def test_a_person_writing_triton_kernels_is_systems_and_not_python_only(fx: Fixture) -> None:
    kernel = _classified(
        {"ops/add.py": "@triton.jit\ndef k(x, BLOCK: tl.constexpr):\n    tl.store(x, tl.load(x) + 1)\n"}
    )
    wrapper = _classified({"ops/add.py": "def add(x):\n    k[(1,)](x, BLOCK=1024)\n    return x\n"})
    for i in range(6):
        fx.change("ada@example.com", "Ada Quill", f"2025-{1 + i:02d}-01", files=(("ops/add.py", "python", 3),),
                  cls=kernel, signals=(("triton_kernel", 1.0, {"api": "triton"}),))  # fmt: skip
        fx.change("bo@example.org", "Bo Rand", f"2025-{1 + i:02d}-01", files=(("ops/add.py", "python", 3),),
                  cls=wrapper)  # fmt: skip
    people = by_id(build_profiles(fx.store, settings()))
    ada, bo = people["gh:adaq"], people["bo@example.org"]
    assert ada.flags == [] and ada.systems_share == 1.0 and "triton_kernel" in ada.skills
    assert bo.flags == ["python_only"] and bo.systems_share == 0.0


def _classified(files: dict[str, str]) -> str:
    """The CommitClass the indexer stores for a commit of these files (detectors included)."""
    return detect_commit(commit(files), Settings()).commit_class.model_dump_json()


def test_vendored_lines_do_not_count_as_languages(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-06-01", files=(("third_party/x.c", "c", 900),), flags="vendored")
    fx.change("ada@example.com", "Ada Quill", "2025-06-02", files=(("src/lib.rs", "rust", 30),))
    ada = by_id(build_profiles(fx.store, settings()))["gh:adaq"]
    assert ada.languages == {"rust": 30}


def test_unchanged_people_are_skipped_and_new_work_rebuilds_only_its_author(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-06-01")
    fx.change("bo@example.org", "Bo Rand", "2025-06-01")
    assert len(build_profiles(fx.store, settings())) == 2
    again = rebuild(fx.store, settings())
    assert again.built == [] and again.unchanged == 2
    fx.change("bo@example.org", "Bo Rand", "2025-06-03")
    assert [p.id for p in build_profiles(fx.store, settings())] == ["bo@example.org"]
    # a scoring setting that matters changes every fingerprint
    assert len(build_profiles(fx.store, settings(half_life_days=100))) == 2


def test_person_merged_away_loses_their_profile(fx: Fixture) -> None:
    fx.change("bo@example.org", "Bo Rand", "2025-06-01")
    build_profiles(fx.store, settings())
    with fx.store.transaction() as c:
        c.execute("UPDATE identities SET person_id = 'gh:adaq' WHERE email = 'bo@example.org'")
    result = rebuild(fx.store, settings())
    assert result.removed == ["bo@example.org"]
    assert load_profile(fx.store, "bo@example.org") is None
    assert load_profile(fx.store, "gh:adaq") is not None


def test_unsafe_share_uses_detector_line_counts(fx: Fixture) -> None:
    fx.change(
        "ada@example.com",
        "Ada Quill",
        "2025-06-01",
        files=(("src/ffi.rs", "rust", 100),),
        signals=(
            ("unsafe_rust", 1.0, {"summary": True, "unsafe_lines": 25, "rust_lines": 90}),
            ("unsafe_rust", 0.8, {}),
        ),
    )
    ada = by_id(build_profiles(fx.store, settings()))["gh:adaq"]
    assert ada.unsafe_share == pytest.approx(0.25)
    assert ada.summary  # every built profile carries its summary


def test_reviews_given_on_github_count_for_the_reviewer_login(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-06-01")
    build_profiles(fx.store, settings())

    def review(number: int) -> None:
        with fx.store.transaction() as c:
            c.execute(
                "INSERT INTO github_signals (repo, number, login, kind, weight, snippet, title, at)"
                " VALUES ('acme/tensor', ?, 'AdaQ', 'code_review', 0.8, 'use shared memory here', 'Faster gemm',"
                " '2025-07-01T00:00:00Z')",
                (number,),
            )

    review(7)
    review(7)  # two comments on one PR are one review unit
    (ada,) = build_profiles(fx.store, settings())
    assert ada.skills["code_review"].commits == 1
    assert ada.skills["code_review"].evidence[0].title == "Faster gemm"
    assert ada.activity.commits == 1  # reviews are not commits
    review(8)
    (again,) = build_profiles(fx.store, settings())  # a new review changes the fingerprint
    assert again.skills["code_review"].commits == 2


def test_signals_in_examples_count_less_and_in_vendored_code_not_at_all(fx: Fixture) -> None:
    fx.change("ada@example.com", "Ada Quill", "2025-06-01", signals=(("unsafe_rust", 1.0, {}),), path_class="systems")
    fx.change("bo@example.org", "Bo Rand", "2025-06-01", signals=(("unsafe_rust", 1.0, {}),), path_class="application")
    fx.change("bo@example.org", "Bo Rand", "2025-06-02", signals=(("simd", 1.0, {}),), path_class="vendored")
    people = by_id(build_profiles(fx.store, settings()))
    ada, bo = people["gh:adaq"], people["bo@example.org"]
    assert ada.skills["unsafe_rust"].score > bo.skills["unsafe_rust"].score > 0
    assert "simd" not in bo.skills


def test_non_code_files_are_not_languages(fx: Fixture) -> None:
    files = (("src/lib.rs", "rust", 30), ("README.md", "markdown", 300), ("Cargo.toml", "toml", 10))
    fx.change("ada@example.com", "Ada Quill", "2025-06-01", files=files)
    assert by_id(build_profiles(fx.store, settings()))["gh:adaq"].languages == {"rust": 30}


def test_evidence_texts_hold_each_counted_change_once_without_trailers_vendored_code_or_bots(fx: Fixture) -> None:
    nccl = fx.change(
        "ada@example.com",
        "Ada Quill",
        "2025-06-01",
        files=(("dist/nccl_backend.cu", "cuda", 40),),
        signals=(("cuda_kernel", 1.0, {"match": "ncclAllReduce(buf)"}),),
    )
    fx.change("ada@example.com", "Ada Quill", "2025-06-02", cls=CommitClass(reformat=True).model_dump_json())
    fx.change("ada@example.com", "Ada Quill", "2025-06-02", cls=CommitClass(ci_only=True).model_dump_json())
    docs = fx.change("ada@example.com", "Ada Quill", "2025-06-03", cls=CommitClass(docs_only=True).model_dump_json())
    fx.change("bo@example.org", "Bo Rand", "2025-06-04", files=(("vendor/lib.c", "c", 5),), flags="vendored")
    fx.change("ci-bot@example.com", "ci-bot[bot]", "2025-06-05")
    with fx.store.transaction() as c:
        message = "Add NCCL all-reduce\n\nShards across GPUs.\nSigned-off-by: Ada Quill <ada@example.com>"
        c.execute(
            "UPDATE changes SET subject = 'Add NCCL all-reduce', message = ? WHERE change_id = ?", (message, nccl)
        )
        c.execute("UPDATE changes SET message = 'docs\n\nA long body about kernels' WHERE change_id = ?", (docs,))
        c.execute(
            "INSERT INTO file_changes (change_id, path, kind, added, removed, flags) VALUES"
            " (?, 'third_party/nccl/nccl.h', 'modified', 9, 0, 'vendored')",
            (nccl,),
        )

    texts = evidence_texts(fx.store)

    assert set(texts) == {"gh:adaq", "bo@example.org"}
    assert texts["bo@example.org"] == []  # only vendored code
    newest, oldest = texts["gh:adaq"]  # the reformat pass and the CI change are not there; newest first
    assert (newest.subject, newest.text) == ("change 4", "")  # docs-only: subject alone
    assert oldest.subject == "Add NCCL all-reduce" and oldest.day == date(2025, 6, 1)
    assert "Shards across GPUs." in oldest.text and "ncclAllReduce(buf)" in oldest.text
    assert "dist/nccl_backend.cu" in oldest.text
    assert "Signed-off-by" not in oldest.text and "third_party" not in oldest.text
