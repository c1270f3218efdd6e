"""`scout signals-check`: precision and recall of every signal detector on the shipped labelled snippet set."""

from __future__ import annotations

import argparse
import json

from models.settings import Settings

MIN_PRECISION = 0.9
MIN_RECALL = 0.85


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "signals-check",
        help="precision and recall of each signal detector on the labelled snippets",
        description="Run every detector over the labelled snippet set shipped in indexer/signals/labelled and"
        f" print precision and recall per detector; exit 1 if any is below {MIN_PRECISION} precision or"
        f" {MIN_RECALL} recall.",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list the cases each detector got wrong")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.signals.check import evaluate  # detectors load tree-sitter grammars: only when run

    scores = evaluate(settings)
    failing = [n for n, s in scores.items() if s.precision < MIN_PRECISION or s.recall < MIN_RECALL]
    if args.json:
        out = {
            name: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "positives": s.positives,
                "negatives": s.negatives,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "tn": s.tn,
            }
            for name, s in scores.items()
        }
        print(json.dumps({"detectors": out, "failing": failing}, indent=2))
        return 1 if failing else 0
    print(f"{'detector':<18} {'precision':>9} {'recall':>7} {'pos':>4} {'neg':>4}")
    for name, s in scores.items():
        mark = "  <- below target" if name in failing else ""
        print(f"{name:<18} {s.precision:>9.2f} {s.recall:>7.2f} {s.positives:>4} {s.negatives:>4}{mark}")
        if args.verbose:
            for miss in s.misses:
                print(f"    {miss}")
    print(f"targets: precision >= {MIN_PRECISION}, recall >= {MIN_RECALL}; {len(failing)} detector(s) below")
    return 1 if failing else 0
