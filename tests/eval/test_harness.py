"""The harness on a fake engine: same judging for every system, the EVALUATION.md JSON, the report, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.harness import SCOUT, Ranked, evaluate
from eval.report import markdown, terminal
from models.errors import ScoutError
from models.records import Interpretation, Match, SearchRequest, SearchResult

PROFILES = [
    {"id": "p1", "aliases": ["ada@x.org", "gh:ada"], "labels": {"rust": 3, "quantization": 3}, "repos": {"o/a": 5},
     "last_active": "2026-09-01", "name": "Ada"},
    {"id": "p2", "aliases": ["bo@x.org"], "labels": {"rust": 2, "quantization": 2}, "repos": {"o/a": 2},
     "last_active": "2026-02-01", "name": "Bo"},
    {"id": "p3", "aliases": ["cy@x.org"], "labels": {"cuda": 3}, "repos": {"o/b": 9}, "last_active": "2021-01-01",
     "name": "Cy"},
    {"id": "p4", "aliases": ["di@x.org"], "labels": {"python": 3}, "repos": {"o/a": 40}, "last_active": "2026-01-01",
     "name": "Di"},
]  # fmt: skip
QUERIES = [
    {"id": "q1", "text": "rust quantization", "require": [["rust"], ["quantization"]], "repos": [],
     "active_since": None},
    {"id": "q2", "text": "cuda people", "require": [["cuda"]], "repos": [], "active_since": None},
]  # fmt: skip


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "profiles.jsonl", PROFILES), write(tmp_path / "queries.jsonl", QUERIES)


def match(rank: int, pid: str, login: str | None = None, emails: tuple[str, ...] = ()) -> Match:
    return Match(rank=rank, id=pid, name=pid, login=login, emails=list(emails), score=1.0 / rank)


class FakeEngine:
    """Answers like SearchEngine.search; records the requests it was sent."""

    def __init__(self, answers: dict[str, list[Match]]) -> None:
        self.answers = answers
        self.requests: list[SearchRequest] = []

    def search(self, request: SearchRequest) -> SearchResult:
        self.requests.append(request)
        matches = self.answers.get(request.query, [])[: request.limit]
        interp = Interpretation(text=request.query, languages=["rust"] if "rust" in request.query else [])
        return SearchResult(interpretation=interp, total=len(matches), matches=matches)


class FixedRanker:
    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def rank(self, text: str, limit: int) -> list[Ranked]:
        return [Ranked(i, (i,), i) for i in self.ids[:limit]]


def test_scout_is_judged_through_the_search_request(files: tuple[Path, Path]) -> None:
    engine = FakeEngine(
        {
            "rust quantization": [match(1, "gh:ada"), match(2, "stranger@y.org"), match(3, "bo@x.org")],
            "cuda people": [match(1, "di@x.org"), match(2, "someone", emails=("CY@x.org",))],
        }
    )
    report = evaluate(engine, *files, limit=7)
    assert [r.limit for r in engine.requests] == [7, 7]
    scout = report.systems[SCOUT]
    assert scout.per_query["q1"]["ndcg@10"] == pytest.approx(1.0)  # the stranger is dropped (condensed)
    assert scout.per_query["q1"]["p@10"] == pytest.approx(0.2)
    assert scout.per_query["q2"]["mrr"] == pytest.approx(0.5)
    assert scout.outcomes["q1"].interpretation is not None
    strict = evaluate(engine, *files, unjudged_as_irrelevant=True)
    assert strict.systems[SCOUT].per_query["q1"]["ndcg@10"] < 1.0


def test_baselines_are_scored_on_the_same_labels(files: tuple[Path, Path]) -> None:
    engine = FakeEngine({"rust quantization": [match(1, "gh:ada"), match(2, "bo@x.org")]})
    report = evaluate(engine, *files, baselines={"popularity": FixedRanker(["di@x.org", "cy@x.org", "bo@x.org"])})
    pop = report.systems["popularity"]
    assert pop.per_query["q1"]["ndcg@10"] < report.systems[SCOUT].per_query["q1"]["ndcg@10"]
    assert pop.per_query["q2"]["mrr"] == pytest.approx(0.5)
    assert report.best_baseline() is not None and report.best_baseline()[0] == "popularity"  # type: ignore[index]


def test_json_has_the_design_shape(files: tuple[Path, Path]) -> None:
    engine = FakeEngine({"rust quantization": [match(1, "gh:ada")]})
    data = evaluate(engine, *files, baselines={"bm25": FixedRanker(["p2"])}).to_json()
    assert set(data) == {"systems", "judged"}
    assert data["judged"] == {"profiles": 4, "queries": 2}
    assert set(data["systems"]) == {"scout", "bm25"}  # type: ignore[arg-type]
    scout = data["systems"]["scout"]  # type: ignore[index]
    assert set(scout) == {"mean", "per_query"}
    assert set(scout["mean"]) == {"ndcg@10", "p@10", "mrr", "map", "recall@50"}
    assert set(scout["per_query"]) == {"q1", "q2"}
    json.dumps(data)


def test_a_split_runs_only_its_queries_and_the_json_has_means_per_split(tmp_path: Path) -> None:
    split = [dict(QUERIES[0], split="dev"), dict(QUERIES[1], split="test")]
    profiles, queries = write(tmp_path / "p.jsonl", PROFILES), write(tmp_path / "q.jsonl", split)
    engine = FakeEngine(
        {"rust quantization": [match(1, "gh:ada"), match(2, "bo@x.org")], "cuda people": [match(1, "di@x.org")]}
    )
    dev = evaluate(engine, profiles, queries, split="dev")
    assert [r.query for r in engine.requests] == ["rust quantization"]
    assert [q.id for q in dev.queries] == ["q1"] and dev.splits == ["dev"]
    both = evaluate(engine, profiles, queries)
    assert both.splits == ["dev", "test"]
    assert both.subset("test").systems[SCOUT].mean["ndcg@10"] == pytest.approx(0.0)
    assert both.subset("dev").systems[SCOUT].mean["ndcg@10"] == pytest.approx(1.0)
    data = both.to_json()
    assert data["splits"]["dev"]["queries"] == 1  # type: ignore[index]
    assert data["splits"]["test"]["systems"]["scout"]["ndcg@10"] == 0.0  # type: ignore[index]
    with pytest.raises(ScoutError, match='no query has "split": "test"'):
        evaluate(engine, *[write(tmp_path / "p2.jsonl", PROFILES), write(tmp_path / "q2.jsonl", QUERIES)],
                 split="test")  # fmt: skip


def test_terminal_and_markdown_reports(files: tuple[Path, Path]) -> None:
    engine = FakeEngine({"rust quantization": [match(1, "bo@x.org"), match(2, "gh:ada")]})
    report = evaluate(engine, *files, baselines={"bm25": FixedRanker(["cy@x.org"])})
    text = terminal(report)
    lines = text.splitlines()
    assert any(line.startswith("system") and "nDCG@10" in line and "Recall@50" in line for line in lines)
    assert any(line.startswith("scout") for line in lines) and any(line.startswith("bm25") for line in lines)
    per_query = [line.split()[0] for line in lines if line[:1] == "q" and line[1:2].isdigit()]
    assert per_query == ["q2", "q1"]  # worst first
    assert "1.000 (bm25)" in text  # the best baseline on q2, beside Scout's 0
    md = markdown(report)
    assert "| system | nDCG@10 | P@10 | MRR | MAP | Recall@50 |" in md
    assert "Scout understood: languages=rust" in md
    assert "### q2: cuda people" in md and "No results." in md
    assert "Relevant people not returned: p3 Cy (grade 3)" in md
    assert "| 1 | bo@x.org | bo@x.org | p2 Bo | 2 |" in md


def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], scout_ids: list[str],
            baseline_ids: list[str]) -> tuple[int, str]:  # fmt: skip
    import eval.baselines
    import indexer.store
    import search.engine
    from api.cli import main

    class Closable:
        def close(self) -> None:
            pass

    engine = FakeEngine({q["text"]: [match(i + 1, pid) for i, pid in enumerate(scout_ids)] for q in QUERIES})
    engine.embedder = object()  # type: ignore[attr-defined]
    engine.close = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(search.engine.SearchEngine, "open", classmethod(lambda cls, settings, embedder=None: engine))
    monkeypatch.setattr(indexer.store.Store, "open", classmethod(lambda cls, path, **how: Closable()))
    monkeypatch.setattr(eval.baselines, "build", lambda store, encoder: {"bm25": FixedRanker(baseline_ids)})
    profiles, queries = write(tmp_path / "p.jsonl", PROFILES), write(tmp_path / "q.jsonl", QUERIES)
    rc = main(["--data-dir", str(tmp_path / "data"), "eval", "--profiles", str(profiles), "--queries", str(queries),
               *argv])  # fmt: skip
    return rc, ""


def test_cli_writes_json_and_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out_json, out_md = tmp_path / "e.json", tmp_path / "e.md"
    rc, _ = run_cli(monkeypatch, tmp_path, ["--json", str(out_json), "--report", str(out_md)], ["gh:ada"], ["p4"])
    assert rc == 0
    assert json.loads(out_json.read_text())["judged"]["queries"] == 2
    assert out_md.read_text().startswith("# Scout evaluation")
    assert "nDCG@10" in capsys.readouterr().out


def test_cli_fails_below_the_floor_or_a_baseline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    rc, _ = run_cli(monkeypatch, tmp_path, ["--min-ndcg", "0.9"], ["di@x.org"], ["gh:ada", "cy@x.org"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "below the floor 0.90" in err and "below bm25" in err
    rc, _ = run_cli(monkeypatch, tmp_path, ["--min-ndcg", "0.1"], ["gh:ada", "bo@x.org", "cy@x.org"], ["di@x.org"])
    assert rc == 0
    rc, _ = run_cli(monkeypatch, tmp_path, [], ["di@x.org"], ["gh:ada"])  # no floor asked for: report only
    assert rc == 0


def test_cli_bad_input_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    assert main(["--data-dir", str(tmp_path), "eval"]) == 2
    assert "scout eval --sample" in capsys.readouterr().err
    missing = tmp_path / "nope.jsonl"
    assert main(["--data-dir", str(tmp_path), "eval", "--profiles", str(missing), "--queries", str(missing)]) == 2
    assert f"no such file: {missing}" in capsys.readouterr().err
