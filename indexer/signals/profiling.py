"""Profiling: Nsight Systems/Compute (nsys, ncu), nvprof, rocprof, VTune, `perf record/stat/report`,
Xcode Instruments and Metal System Trace, Tracy, flame graphs, py-spy, valgrind/callgrind, perfetto and the
like named in commit or PR text; profiler instrumentation added in code (NVTX ranges, Tracy zones, ITT,
roctx, MTLCaptureManager, tracy-client/puffin in Rust). "perf:" as a commit prefix is not profiling.
detail: {"tool": ..., "source": "text" | "code"}.
"""

from __future__ import annotations

import re

from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch, q, text_line_signals
from models.records import Signal

_TOOLS = re.compile(
    r"\b(nsight(?:\s(?:systems|compute))?|ncu|nsys|nvprof|nvvp|rocprof\w*|omniperf|omnitrace|vtune|"
    r"perf\s(?:record|stat|report|top|annotate|trace|mem)|linux\sperf|xcode\sinstruments|"
    r"metal\s(?:system\strace|frame\scapture|debugger)|gpu\sframe\scapture|tracy|flame\s?graphs?|flamegraph|"
    r"speedscope|py-spy|valgrind|callgrind|cachegrind|kcachegrind|heaptrack|pprof|torch\.profiler|"
    r"chrome://tracing|perfetto|roofline|uftrace|likwid|samply|cargo\sflamegraph|intel\sadvisor|"
    r"compute\ssanitizer|nvtx)\b",
    re.IGNORECASE,
)
_INSTRUMENTS = re.compile(r"\b(?:in|with|using|via|from|the)\s+Instruments\b|\bInstruments\s(?:app|trace|profile)")
_CODE = (
    r"^(nvtxRange\w+|nvtxMark\w*|nvtxDomain\w+|ZoneScoped\w*|ZoneNamed\w*|FrameMark\w*|Tracy\w+|TracyC\w+"
    r"|cudaProfilerStart|cudaProfilerStop|roctxRange\w+|roctxMark\w*|__itt_\w+|MTLCaptureManager|os_signpost\w*"
    r"|tracy_client|puffin|nvtx|profile_scope|profile_function|hipProfilerStart|hipProfilerStop)$"
)


class Profiling(Detector):
    name = "profiling"
    trigger_words = r"(?i)tracy|puffin|nvtx|^profile_|ZoneScoped"
    patterns = {
        "cfamily": (("instrumentation", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_CODE)}))"),),
        "rust": (
            ("instrumentation", f"((identifier) @hit (#match? @hit {q(_CODE)}))"),
            ("instrumentation", f"(macro_invocation macro: (identifier) @hit (#match? @hit {q(_CODE)}))"),
        ),
    }
    max_per_file = 2

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        return Hit(node.start_point.row, 0.8, {"tool": f.text(node)[:40], "source": "code"})

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        return text_line_signals(ctx, self.name, _tool_of, lambda tool: {"tool": tool, "source": "text"}, 0.8)


def _tool_of(line: str) -> str | None:
    found = _TOOLS.search(line) or _INSTRUMENTS.search(line)
    return re.sub(r"\s+", " ", found.group(0).lower()) if found else None
