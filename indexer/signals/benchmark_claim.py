"""Benchmark claims in commit messages and PR text, parsed into structured claims.

A claim is a before/after pair ("from 12.3 ms to 8.1 ms", "41 -> 57 tok/s"), a speedup ("1.8x faster",
"speedup of 2.1x"), a relative change ("35% faster", "reduces latency by 20%"), a performance table (rows of
numbers under a header naming a metric: llama-bench's t/s, pp512/tg128, ms, speedup...), or a single
number with a throughput/bandwidth unit. Numbers without a performance context (a timeout of 30 ms, a
version 1.2.3, "50% of the tests") are not claims. Trailers (Co-authored-by: ...) are ignored.

detail: {"metric", "before", "after", "unit", "hardware", "kind": "before_after" | "speedup" | "percent" |
"table" | "figure"}; before/after are floats or None, hardware the first GPU/CPU/SoC named in the text.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import TRAILER, CommitContext, Detector
from models.records import Signal

_NUM = r"(\d+(?:[.,]\d+)?)"
_UNIT = (
    r"(ms|msec|µs|μs|us|ns|sec|s|seconds|tok/s|tokens/s|tokens/sec|t/s|it/s|iter/s|GB/s|GiB/s|MB/s|TB/s|TFLOPS|"
    r"TFLOP/s|GFLOPS|GFLOP/s|TOPS|fps|samples/s|req/s|x|×|%)"
)
_UNIT_END = r"(?![\w/])"
_BEFORE_AFTER = re.compile(
    rf"(?i)(?:from\s+)?~?{_NUM}\s*{_UNIT}?{_UNIT_END}\s*(?:->|→|=>|-->|\bto\b)\s*~?{_NUM}\s*{_UNIT}{_UNIT_END}"
)
# "drops to 21.7 t/s from 28.8": the pair in the other order
_AFTER_BEFORE = re.compile(rf"(?i)\bto\s+~?{_NUM}\s*{_UNIT}?{_UNIT_END}\s+from\s+~?{_NUM}\s*{_UNIT}?{_UNIT_END}")
_SPEEDUP = re.compile(
    rf"(?i)~?{_NUM}\s*(x|×)\s*(faster|speed-?up|improvement|better|slower|higher|lower|throughput)|"
    rf"speed-?up\s*(?:of|:|is|=)?\s*(?:~|about|up to)?\s*{_NUM}\s*(x|×)|"
    rf"(?:up to|about|roughly|~)\s*{_NUM}\s*(x|×)\s+(?:faster|speed-?up|improvement|better|higher|throughput)"
)
_PERCENT = re.compile(
    rf"(?i)~?{_NUM}\s*%\s*(faster|slower|speed-?up|improvement|less (time|memory)|more throughput|reduction|"
    rf"increase|decrease|better|higher|lower|fewer)|"
    rf"(improv\w*|speeds? up|reduc\w*|increas\w*|cuts?|decreas\w*|boosts?)\b[^.\n]{{0,60}}?\bby\s*~?{_NUM}\s*%"
)
_FIGURE = re.compile(
    r"(?i)~?(\d+(?:[.,]\d+)?)\s*(tok/s|tokens/s|tokens/sec|t/s|it/s|GB/s|GiB/s|TB/s|TFLOPS|TFLOP/s|GFLOPS|GFLOP/s"
    r"|TOPS|samples/s|req/s)(?![\w/])"
)
# "tok/s=202.8", "t/s: 41.5": a unit labelling the number after it
_LABELLED_FIGURE = re.compile(
    r"(?i)(?<![\w/])(tok/s|tokens/s|t/s|it/s|GB/s|GiB/s|TFLOPS|GFLOPS|samples/s|req/s)\s*[=:]\s*(\d+(?:\.\d+)?)"
)
_PERF_WORDS = re.compile(
    r"(?i)\b(faster|slower|speed|speedup|perf|performance|throughput|latency|bench\w*|improv\w*|regress\w*|"
    r"optimi[sz]\w*|tok/s|t/s|prompt processing|text generation|pp\d+|tg\d+|per token|runtime|takes?|took)\b"
)
_TABLE_HEADER = re.compile(
    r"(?i)\|\s*[^|\n]*(t/s|tok/s|ms|speed-?up|before|after|master|pr\b|time|throughput|latency|gb/s|tflops|pp\d+|tg\d+)"
)
_TABLE_ROW = re.compile(r"^\s*\|.*\d.*\|\s*$")
HARDWARE = re.compile(
    r"\b(A100|H100|H200|H800|A800|B200|GB200|V100|P100|T4|L4|L40S?|A10G?|A6000|RTX\s?A?\d{4}(?:\s?(?:Ti|Super|Ada))?|"
    r"GTX\s?\d{3,4}(?:\s?Ti)?|RX\s?\d{4}\s?(?:XTX|XT)?|MI\d{3}X?|Radeon\s?\w+|"
    r"M[1-4](?:\s(?:Pro|Max|Ultra))?(?=\s|,|\)|$)|Apple\sM[1-4]\w*|Ryzen\s?\d?\s?\d{4}\w*|EPYC\s?\w+|Xeon\s?[\w-]*|"
    r"Threadripper\s?\w*|Raspberry\sPi\s?\d?|Pixel\s?\d+|Snapdragon\s?\w+|Graviton\s?\d?|Jetson\s?\w+|"
    r"i[3579]-\d{4,5}\w*|Core\s?Ultra\s?\w*|Arc\s?A\d{3}|Intel\s(?:Max|Flex)\s?\w*|iPhone\s?\d+\w*)"
)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def metric_for(unit: str | None, line: str) -> str:
    lowered = line.lower()
    if re.search(r"\bpp\d+|prompt", lowered):
        return "prompt_processing"
    if re.search(r"\btg\d+|text generation|generation", lowered):
        return "text_generation"
    u = (unit or "").lower()
    if u in ("ms", "msec", "µs", "μs", "us", "ns", "s", "sec", "seconds"):
        return "latency"
    if "/s" in u and u[0] in "gmt" and "b" in u:
        return "bandwidth"
    if "flop" in u or u == "tops":
        return "flops"
    if "/s" in u or u == "fps":
        return "throughput"
    if u in ("x", "×"):
        return "speedup"
    if u == "%":
        return "relative_change"
    return "performance"


def parse_claims(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line index, claim) for each claim in the text, strongest kinds first within a line."""
    lines = [ln for ln in text.splitlines()]
    hardware_found = HARDWARE.search(text)
    hardware = hardware_found.group(0) if hardware_found else None
    has_perf_context = bool(_PERF_WORDS.search(text))
    claims: list[tuple[int, dict[str, Any]]] = []
    table_done = False
    for i, line in enumerate(lines):
        if TRAILER.match(line) or len(line) > 1000:
            continue
        claim: dict[str, Any] | None = None
        if m := _BEFORE_AFTER.search(line):
            unit = m.group(4) or m.group(2)
            before, after = _float(m.group(1)), _float(m.group(3))
            if (
                unit
                and before is not None
                and after is not None
                and before != after
                and (has_perf_context or unit not in ("s", "sec", "seconds", "%"))
            ):
                claim = {"kind": "before_after", "before": before, "after": after, "unit": unit}
        if claim is None and (m := _AFTER_BEFORE.search(line)):
            unit = m.group(2) or m.group(4)
            after, before = _float(m.group(1)), _float(m.group(3))
            if unit and before is not None and after is not None and before != after and has_perf_context:
                claim = {"kind": "before_after", "before": before, "after": after, "unit": unit}
        if claim is None and (m := _SPEEDUP.search(line)):
            value = next((g for g in (m.group(1), m.group(4), m.group(6)) if g), None)
            claim = {"kind": "speedup", "before": None, "after": _float(value), "unit": "x"}
        if claim is None and (m := _PERCENT.search(line)):
            value = m.group(1) or m.group(5)
            claim = {"kind": "percent", "before": None, "after": _float(value), "unit": "%"}
        if claim is None and not table_done and _TABLE_ROW.match(line) and _TABLE_HEADER.search(line + "\n"):
            rows = [ln for ln in lines[i + 1 : i + 40] if _TABLE_ROW.match(ln)]
            numeric = [ln for ln in rows if len(re.findall(r"\d+(?:\.\d+)?", ln)) >= 2]
            if len(numeric) >= 1:
                header_unit = re.search(r"(?i)t/s|tok/s|ms|gb/s|tflops|speed-?up", line)
                claim = {
                    "kind": "table",
                    "before": None,
                    "after": None,
                    "unit": header_unit.group(0) if header_unit else None,
                    "rows": len(numeric),
                }
                table_done = True
        if claim is None and (m := _LABELLED_FIGURE.search(line)) and has_perf_context:
            claim = {"kind": "figure", "before": None, "after": _float(m.group(2)), "unit": m.group(1)}
        if claim is None and (m := _FIGURE.search(line)) and has_perf_context:
            claim = {"kind": "figure", "before": None, "after": _float(m.group(1)), "unit": m.group(2)}
        if claim is None:
            continue
        claim["metric"] = metric_for(claim["unit"], line)
        claim["hardware"] = hardware
        claims.append((i, claim))
    return claims


_WEIGHTS = {"before_after": 0.9, "table": 0.9, "speedup": 0.8, "percent": 0.7, "figure": 0.6}


class BenchmarkClaim(Detector):
    name = "benchmark_claim"
    max_per_file = 3

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        text = ctx.text
        lines = text.splitlines()
        claims = parse_claims(text)
        claims.sort(key=lambda c: (-_WEIGHTS[c[1]["kind"]], c[0]))
        signals: list[Signal] = []
        for i, claim in claims[: self.max_per_file]:
            weight = _WEIGHTS[claim["kind"]] + (0.1 if claim["hardware"] else 0.0)
            snippet = "\n".join(lines[i : i + (4 if claim["kind"] == "table" else 1)])
            signals.append(
                Signal(
                    kind=self.name,
                    weight=min(1.0, weight),
                    language=None,
                    evidence=ctx.evidence(snippet=snippet),
                    detail=claim,
                )
            )
        return signals
