"""SIMD intrinsics: x86 SSE/AVX/AVX-512, ARM NEON and SVE, RISC-V V, wasm simd128, Rust std::arch.

Matches identifiers and type names only (never comments or strings), so a comment saying "AVX2" is
not evidence. detail: {"isa": "avx2" | "avx512" | "avx" | "sse" | "fma" | "neon" | "sve" | "rvv" |
"wasm_simd128" | ..., "match": the identifier}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch, q
from models.records import Signal

_X86 = (
    r"^_mm(256|512)?_\w+_(ps|pd|ss|sd|ph|sh|epi\d+|epu\d+|si\d+|pi\d+|pu\d+|f32|f64|u32|u64|mask\d*|pbh|bh|ps\d+|pd\d+)$"
    r"|^_mm(256|512)?_(prefetch|pause|sfence|lfence|mfence|setcsr|getcsr|zeroupper|zeroall|undefined_\w+)$"
)
_X86_TYPES = r"^__m(64|128|256|512)[idh]?$"
_NEON_OPS = (
    "add|sub|mul|mla|mls|fma|fms|max|min|abs|neg|and|orr|eor|bic|shl|shr|rshr|qadd|qsub|qmovn|movn|movl|padd|paddl"
    "|pmax|pmin|dot|cnt|cvt|cvtn|rnd|rndn|sqrt|recpe|rsqrte|ceq|cgt|clt|cge|cle|tst|bsl|zip1?|zip2|uzp1?|uzp2|trn1|trn2"
    "|ext|rev64|tbl|qtbl1?|qtbl2|dup|addv|maxv|minv|mull|mlal|addl|subl|hadd|rhadd|abd|sra|sli|sri|cls|clz|qdmulh"
    "|qrdmulh|addw|subw|movl_high|mull_high|addlv|paddq|qshrn|qrshrn|shrn|xtn|div|mmla|usdot|bfdot|bfmmla"
)
_NEON = (
    r"^v(ld|st)[1-4]q?(_lane|_dup)?_[a-z0-9]+(_x[234])?$"
    rf"|^v({_NEON_OPS})q?(_n|_lane|_laneq|_high)?_[suf](8|16|32|64)$"
    r"|^v(reinterpret|cvt|get|set|combine|dup|mov|create)q?_\w+$|^vdotq?_\w+$|^vmmlaq_\w+$"
)
_NEON_TYPES = r"^(float|int|uint|bfloat|poly|mfloat8)(8|16|32|64)x[0-9]+(x[234])?_t$"
_SVE_OPS = (
    "ld1|ld1rq|st1|add|sub|mul|mla|mls|mad|dup|addv|maxv|minv|max|min|dot|cvt|reinterpret|sel|and|orr|eor|lsl|lsr"
    "|asr|abs|neg|cmp[a-z]+|qadd|qsub|rinta|rintn|recpe|rsqrte|sqrt|div|unpklo|unpkhi|mmla|bfdot|usdot|sudot|zip1"
    "|zip2|uzp1|uzp2|tbl|exp[a-z]*|undef[0-9]?|set[0-9]|get[0-9]|create[0-9]|ld1ub|ld1sb|ld1uh|ld1sh|st1b|st1h"
)
_SVE = (
    rf"^sv({_SVE_OPS})(_n|_lane|_vnum)?(_[suf](8|16|32|64)|_bf16)+(_[xzm])?$"
    r"|^svptrue_\w+$|^svcnt[bhwd]$|^svwhilelt_\w+$"
)
_SVE_TYPES = r"^sv(float|int|uint|bfloat)(8|16|32|64)_t$|^svbool_t$"
_RVV = r"^__riscv_v\w+$"
_RVV_TYPES = r"^v(float|int|uint|bfloat)(8|16|32|64)m(f?[1248])_t$|^vbool\d+_t$"
_WASM = r"^wasm_(v128|[iuf](8|16|32|64)x\d+)_\w+$|^(f32x4|i32x4|f64x2|i16x8|i8x16|u8x16|v128)_\w+$"
_WASM_TYPES = r"^v128(_t)?$"
_LSX = r"^__(lsx|lasx)_\w+$"  # LoongArch LSX/LASX (they also name their vectors __m128/__m256)
_ALL_IDS = "|".join((_X86, _NEON, _SVE, _RVV, _WASM, _LSX))
_ALL_TYPES = "|".join((_X86_TYPES, _NEON_TYPES, _SVE_TYPES, _RVV_TYPES, _WASM_TYPES))
_HEADERS = (
    r"(immintrin|xmmintrin|emmintrin|pmmintrin|tmmintrin|smmintrin|nmmintrin|arm_neon|arm_sve|riscv_vector"
    r"|wasm_simd128)\.h"
)

_ISA_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # RVV first: its intrinsic names contain other ISAs' words (__riscv_vsseg4e64 is not SSE).
    (re.compile(r"^__riscv_"), "rvv"),
    (re.compile(r"^__lasx_|lasx"), "lasx"),
    (re.compile(r"^__lsx_|\blsx"), "lsx"),
    (re.compile(r"^_mm512_|^__m512|avx512"), "avx512"),
    (re.compile(r"^_mm256_(fn?m(add|sub))"), "fma"),
    (re.compile(r"^_mm256_\w*(epi|epu|si256)|^_mm256_(permutevar8x32|shuffle_epi8|sign)|^__m256i|avx2"), "avx2"),
    (re.compile(r"^_mm256_|^__m256|^avx$|avx\b"), "avx"),
    (re.compile(r"^_mm_f?n?m(add|sub)_|^fma$"), "fma"),
    (re.compile(r"^_mm_|^__m128|^__m64|sse|ssse3|immintrin|mmintrin"), "sse"),
    (re.compile(r"^sv|arm_sve|^sve"), "sve"),
    (re.compile(r"__riscv_|riscv_vector|^v(float|int|uint|bool)\w*m?\w*_t$|^rvv|^v$"), "rvv"),
    (re.compile(r"^wasm_|v128|wasm_simd128|simd128"), "wasm_simd128"),
    (re.compile(r"^v[a-z]|^(float|int|uint|bfloat|poly)\d+x\d+|arm_neon|neon|aarch64|dotprod|i8mm"), "neon"),
)


_ARCH_DIR = re.compile(r"(?:^|/)(s390|powerpc|ppc)/")
_ARCH_ISA = {"s390": "vxe", "powerpc": "vsx", "ppc": "vsx"}


# ISA families a commit message can name. Hits of another family in such a commit are code the diff only
# moved or re-indented (an RVV branch added beside an SVE one re-adds the SVE lines): not the author's work.
_FAMILY_OF_ISA = {
    "sse": "x86",
    "avx": "x86",
    "avx2": "x86",
    "avx512": "x86",
    "fma": "x86",
    "neon": "arm",
    "sve": "arm",
    "rvv": "riscv",
    "wasm_simd128": "wasm",
    "vxe": "s390",
    "vsx": "power",
    "lsx": "loongarch",
    "lasx": "loongarch",
}
_FAMILY_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(sse\d*|ssse3|avx\w*|x86(_64)?|f16c)\b"), "x86"),
    (re.compile(r"(?i)\b(neon|sve2?|arm64|aarch64|armv[89]\w*|i8mm|dotprod)\b"), "arm"),
    (re.compile(r"(?i)\b(rvv|risc-?v\w*|zvfh\w*)\b"), "riscv"),
    (re.compile(r"(?i)\b(wasm\w*|simd128)\b"), "wasm"),
    (re.compile(r"(?i)\b(s390x?|vxe2?|z/?arch\w*|ibm\s?z)\b"), "s390"),
    (re.compile(r"(?i)\b(power\d+|powerpc\w*|ppc\w*|vsx)\b"), "power"),
    (re.compile(r"(?i)\b(loongarch\w*|lsx|lasx)\b"), "loongarch"),
)


def families_named(text: str) -> set[str]:
    """The ISA families a commit message names (empty when it names none)."""
    return {family for rx, family in _FAMILY_WORDS if rx.search(text)}


def isa_of(name: str) -> str:
    lowered = name if name.startswith(("_mm", "__m", "__l", "sv", "v", "wasm")) else name.lower()
    for rx, isa in _ISA_RULES:
        if rx.search(lowered):
            return isa
    return "simd"


class Simd(Detector):
    name = "simd"
    trigger_words = r"^(target_feature|arch|arm_neon|arm_sve|riscv_vector|wasm_simd128)$|intrin"
    patterns = {
        "cfamily": (
            ("intrinsic", f"((identifier) @hit (#match? @hit {q(_ALL_IDS)}))"),
            ("vector_type", f"((type_identifier) @hit (#match? @hit {q(_ALL_TYPES)}))"),
            ("header", f"(preproc_include path: (_) @hit (#match? @hit {q(_HEADERS)}))"),
        ),
        "rust": (
            ("intrinsic", f"((identifier) @hit (#match? @hit {q(_ALL_IDS)}))"),
            ("vector_type", f"((type_identifier) @hit (#match? @hit {q(_ALL_TYPES)}))"),
            (
                "target_feature",
                '(attribute_item (attribute (identifier) @a (#eq? @a "target_feature") arguments: (token_tree) @hit))',
            ),
            (
                "arch_module",
                "((scoped_identifier path: (scoped_identifier path: (identifier) @root name: (identifier) @arch)"
                ' name: (identifier) @hit) (#any-of? @root "std" "core") (#eq? @arch "arch"))',
            ),
        ),
    }
    weights = {"intrinsic": 0.9, "vector_type": 0.8, "target_feature": 0.8, "header": 0.4, "arch_module": 0.5}
    max_per_file = 4

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        # One hit per (isa, row); the per-file cap then keeps the strongest few, spread over ISAs first.
        by_isa: dict[str, list[Hit]] = {}
        for m in matches:
            node = m.node()
            if node is None:
                continue
            text = f.text(node)
            if m.tag == "target_feature":
                features = re.findall(r"\"([^\"]+)\"", text)
                isa = isa_of(features[0].split(",")[0]) if features else "simd"
            else:
                isa = isa_of(text.strip('<>"'))
            by_isa.setdefault(isa, []).append(
                Hit(node.start_point.row, self.weights[m.tag], {"isa": isa, "match": text[:60], "pattern": m.tag})
            )
        arch = _ARCH_DIR.search(f.path)
        if arch and "neon" in by_isa:
            # s390 and POWER ports reuse NEON-style vector type names (float32x4_t) over VXE/VSX.
            isa = _ARCH_ISA[arch.group(1)]
            by_isa[isa] = [Hit(h.row, h.weight, {**h.detail, "isa": isa}) for h in by_isa.pop("neon")]
        if "lsx" in by_isa or "lasx" in by_isa:
            # LoongArch headers name their vectors __m128/__m256 too: those are not SSE/AVX here.
            for isa in ("sse", "avx", "avx2"):
                kept = [h for h in by_isa.get(isa, []) if h.detail["pattern"] != "vector_type"]
                if kept:
                    by_isa[isa] = kept
                else:
                    by_isa.pop(isa, None)
        hits: list[Hit] = []
        for isa_hits in by_isa.values():
            isa_hits.sort(key=lambda h: (-h.weight, h.row))
            # The first per ISA gets a nudge so a file using AVX2 and NEON shows both.
            best = isa_hits[0]
            hits.append(Hit(best.row, min(1.0, best.weight + 0.05), best.detail))
            hits.extend(isa_hits[1:])
        return hits

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        named = families_named(ctx.commit.message)
        if not named:
            return
        # Keep ISAs of the families the message names, and ISAs no family covers ("simd", target features).
        signals[:] = [s for s in signals if _FAMILY_OF_ISA.get(str(s.detail.get("isa")), "") in named | {""}]
