"""Kernel fusion: fused kernels and functions (fused_*, *_fused, Fused* types), fusion passes and their
predicates (can_fuse, FusionPass, burn-fusion optimizations), and kernels whose name combines a norm with a
residual add or a bias with an activation. Defining counts most; referring to fusion machinery counts less.
detail: {"pattern": ...}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import Detector, FileView, Hit, QueryMatch
from indexer.signals.names import definition_patterns, merge, snake, tokens

_FUSION_TOKENS = frozenset({"fused", "fuse", "fusion", "fusible", "fusable", "fuser", "fuses"})
_COMBINED = re.compile(
    r"(add|residual)_(\w+_)?(rms_?)?norm|(rms_?)?norm_(\w+_)?(add|residual)|bias_(\w+_)?(gelu|relu|silu|act\w*)"
    r"|(gelu|relu|silu)_(\w+_)?bias|matmul_(bias|add)_\w+|silu_mul|mul_silu|norm_mul_add|rms_norm_mul"
)
_LOOSE = r"(?i)fus|norm|bias|silu_mul|mul_silu"


class KernelFusion(Detector):
    name = "kernel_fusion"
    trigger_words = (
        r"(?i)fus|(add|residual)_?\w*norm|norm_?\w*(add|residual)|bias_?\w*(gelu|relu|silu|act)"
        r"|(gelu|relu|silu)_?\w*bias|matmul_?(bias|add)|silu_?mul|mul_?silu|norm_?mul"
    )
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (("reference", '((identifier) @hit (#match? @hit "(?i)fus(ed?|ion|ible)"))'),),
            "rust": (("reference", '([(identifier) (type_identifier)] @hit (#match? @hit "(?i)fus(ed?|ion|ible)"))'),),
        },
    )
    weights = {"definition": 0.9, "combined": 0.75, "reference": 0.5}

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            name = f.text(node)
            is_fusion = bool(_FUSION_TOKENS.intersection(tokens(name)))
            if m.tag == "definition":
                if f.is_test:
                    continue
                if is_fusion:
                    tag = "definition"
                elif _COMBINED.search(snake(name)) and f.language not in ("python",):
                    tag = "combined"
                else:
                    continue
            elif is_fusion:
                tag = "reference"
            else:
                continue
            hits.append(Hit(node.start_point.row, self.weights[tag], {"pattern": tag}))
        return hits
