"""The packaged sentence-transformers model run through ONNX Runtime: the same vectors, a fraction of the start-up.

Importing torch + sentence-transformers and loading the model costs 5-15 s per process on a 2-core
machine, more than indexing a mid-sized repository; ONNX Runtime and the Rust tokenizer load in under
a second, and encode somewhat faster on CPU. The ONNX graph is exported once from the model's own
safetensors (offline: torch + onnx, both installed) into a cache keyed by the model files, and reused
by every later process and data directory. Pooling and normalisation follow the model's
sentence-transformers config (mean of the token states, then L2), so the vectors match the torch path
to float rounding (tests/indexer/test_onnx_encoder.py).

`embedding_precision = "int8"` runs a copy of that graph whose MatMul weights are quantized to int8 per output
channel (ONNX Runtime's dynamic quantization, made once from the fp32 graph): about a fifth less CPU per summary
on this machine, vectors within cosine 0.976 (mean 0.991) of fp32; BENCHMARKS.md has the ranking measured with it.
Its activations are quantized per batch, so a text's vector moves with its batch companions (cosine 0.985-0.995
alone against batched): that is why it is an option, not the default.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

EXPORT_VERSION = "1"  # bump when the export below changes, so stale graphs are not reused
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def supports(model_dir: Path) -> bool:
    """True for a local BERT-style sentence-transformers model pooled by the mean of its token states."""
    pooling = model_dir / "1_Pooling" / "config.json"
    needed = (model_dir / "tokenizer.json", model_dir / "sentence_bert_config.json", pooling)
    if not all(path.is_file() for path in needed):
        return False
    config = json.loads(pooling.read_text(encoding="utf-8"))
    return {k for k, v in config.items() if k.startswith("pooling_mode_") and v} == {"pooling_mode_mean_tokens"}


def graph_path(model_dir: Path, cache_dir: Path, precision: str = "fp32") -> Path:
    """Where the exported graph of `model_dir` lives: keyed by its files' sizes and times, not its location only."""
    digest = hashlib.sha256(f"{EXPORT_VERSION}\n{model_dir.resolve()}".encode())
    for path in sorted(model_dir.iterdir()):
        if path.is_file():
            stat = path.stat()
            digest.update(f"\n{path.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return (
        cache_dir
        / "onnx"
        / digest.hexdigest()[:24]
        / ("model.onnx" if precision == "fp32" else f"model.{precision}.onnx")
    )


def quantize(source: Path, target: Path) -> None:
    """Write `source` with its MatMul weights quantized to int8 per channel to `target`, atomically."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    handle, tmp = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
    os.close(handle)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process the graph first is for vision models, noise here
    try:
        quantize_dynamic(source, tmp, per_channel=True, op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8)
        os.replace(tmp, target)
    finally:
        root.setLevel(level)
        Path(tmp).unlink(missing_ok=True)


def export(model_dir: Path, target: Path) -> None:
    """Write the model's transformer as an ONNX graph to `target`, atomically (a concurrent run sees all or none)."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    class _LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    example = torch.ones((2, 8), dtype=torch.long)
    mask = example.clone()
    mask[1, 5:] = 0  # a padded row, so the traced graph keeps the attention mask
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
    os.close(handle)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about shapes fixed in the trace: BERT's do not vary
            torch.onnx.export(
                _LastHiddenState(model),
                (example, mask, torch.zeros_like(example)),
                tmp,
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")},
                opset_version=_OPSET,
                dynamo=False,  # the TorchScript exporter needs no onnxscript and handles BERT's masks
            )
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


class OnnxEncoder:
    """Tokenise with the model's tokenizer.json, run the graph, mean-pool over real tokens, L2-normalise."""

    def __init__(self, model_dir: Path, cache_dir: Path, threads: int, precision: str = "fp32") -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        graph = graph_path(model_dir, cache_dir)
        if not graph.is_file():
            export(model_dir, graph)
        if precision != "fp32":
            quantized = graph_path(model_dir, cache_dir, precision)
            if not quantized.is_file():
                quantize(graph, quantized)
            graph = quantized
        self.tokenizer: Tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()  # pad per batch below, to the batch's longest text, not a fixed 128
        self.tokenizer.enable_truncation(_max_tokens(model_dir))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        # Idle threads sleep instead of spinning: on a busy machine spinning burnt 20 % more CPU for the same wall time.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: onnxruntime.InferenceSession = onnxruntime.InferenceSession(
            str(graph), options, providers=["CPUExecutionProvider"]
        )
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int, progress: bool = False) -> np.ndarray:
        """(len(texts), dimension) float32, L2-normalised; texts are batched by token count, so padding stays small."""
        from tqdm import tqdm

        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        bar = tqdm(total=len(texts), desc="embedding", unit="profile", file=sys.stderr, disable=not progress)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                ids[r, : len(encodings[i].ids)] = encodings[i].ids
                mask[r, : len(encodings[i].ids)] = 1
            states = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            pooled = (states * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            bar.update(len(rows))
        bar.close()
        return out


def _max_tokens(model_dir: Path) -> int:
    config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return int(config.get("max_seq_length") or 512)
