"""Convert a CTranslate2 Whisper folder into an openai-whisper checkpoint (same weights, offline).

CTranslate2's Whisper variables map one-to-one onto openai-whisper's state dict: self-attention
Q, K and V are fused into one ``linear_0`` (K has no bias: CTranslate2 stores zeros there),
cross-attention K and V are fused into ``linear_1``, layer norms are gamma/beta. The checkpoint is
the dict ``openai-whisper``'s ``load_model`` reads (``dims`` and ``model_state_dict``) plus the
word-timestamp ``alignment_heads`` from the CTranslate2 ``config.json``.

Called by ``callqa.models.fetch`` for the ``whisper-base-openai`` model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from transcribe.ct2_weights import read_ct2


def _attention(ct2: dict[str, np.ndarray], src: str, dst: str, fused: str, state: dict) -> None:
    weight, bias = ct2[f"{src}/{fused}/weight"], ct2[f"{src}/{fused}/bias"]
    d = weight.shape[1]
    names = ("query", "key", "value") if fused == "linear_0" and weight.shape[0] == 3 * d else ("key", "value")
    for i, part in enumerate(names):
        state[f"{dst}.{part}.weight"] = weight[i * d:(i + 1) * d]
        if part != "key":
            state[f"{dst}.{part}.bias"] = bias[i * d:(i + 1) * d]
        elif np.any(bias[i * d:(i + 1) * d]):
            raise ValueError(f"{src}: key projection has a non-zero bias; not a Whisper model")


def _linear(ct2, src: str, dst: str, state: dict) -> None:
    state[f"{dst}.weight"] = ct2[f"{src}/weight"]
    state[f"{dst}.bias"] = ct2[f"{src}/bias"]


def _norm(ct2, src: str, dst: str, state: dict) -> None:
    state[f"{dst}.weight"] = ct2[f"{src}/gamma"]
    state[f"{dst}.bias"] = ct2[f"{src}/beta"]


def _block(ct2, src: str, dst: str, state: dict, cross: bool) -> None:
    _norm(ct2, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln", state)
    _attention(ct2, f"{src}/self_attention", f"{dst}.attn", "linear_0", state)
    _linear(ct2, f"{src}/self_attention/linear_1", f"{dst}.attn.out", state)
    if cross:
        _norm(ct2, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln", state)
        _linear(ct2, f"{src}/attention/linear_0", f"{dst}.cross_attn.query", state)
        _attention(ct2, f"{src}/attention", f"{dst}.cross_attn", "linear_1", state)
        _linear(ct2, f"{src}/attention/linear_2", f"{dst}.cross_attn.out", state)
    _norm(ct2, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln", state)
    _linear(ct2, f"{src}/ffn/linear_0", f"{dst}.mlp.0", state)
    _linear(ct2, f"{src}/ffn/linear_1", f"{dst}.mlp.2", state)


def _layers(ct2, side: str) -> int:
    return len({k.split("/")[1] for k in ct2 if re.match(rf"{side}/layer_\d+/", k)})


def openai_state(ct2: dict[str, np.ndarray]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """openai-whisper's ``dims`` and state dict (numpy arrays) from CTranslate2 Whisper variables."""
    state: dict[str, np.ndarray] = {}
    n_enc, n_dec = _layers(ct2, "encoder"), _layers(ct2, "decoder")
    for name in ("conv1", "conv2"):
        _linear(ct2, f"encoder/{name}", f"encoder.{name}", state)
    state["encoder.positional_embedding"] = ct2["encoder/position_encodings/encodings"]
    for i in range(n_enc):
        _block(ct2, f"encoder/layer_{i}", f"encoder.blocks.{i}", state, cross=False)
    _norm(ct2, "encoder/layer_norm", "encoder.ln_post", state)
    state["decoder.token_embedding.weight"] = ct2["decoder/embeddings/weight"]
    state["decoder.positional_embedding"] = ct2["decoder/position_encodings/encodings"]
    for i in range(n_dec):
        _block(ct2, f"decoder/layer_{i}", f"decoder.blocks.{i}", state, cross=True)
    _norm(ct2, "decoder/layer_norm", "decoder.ln", state)
    audio_ctx, audio_state = ct2["encoder/position_encodings/encodings"].shape
    text_ctx, text_state = ct2["decoder/position_encodings/encodings"].shape
    dims = {
        "n_mels": int(ct2["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(audio_ctx), "n_audio_state": int(audio_state),
        "n_audio_head": int(ct2["encoder/num_heads"]), "n_audio_layer": n_enc,
        "n_vocab": int(ct2["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(text_ctx), "n_text_state": int(text_state),
        "n_text_head": int(ct2["decoder/num_heads"]), "n_text_layer": n_dec,
    }
    return dims, state


def convert(source_dir: Path, target_dir: Path, spec: Any) -> Path:
    """Write ``target_dir/<spec.entry>`` from the CTranslate2 Whisper model in ``source_dir``."""
    import torch

    spec_name, ct2 = read_ct2(Path(source_dir) / "model.bin")
    if spec_name != "WhisperSpec":
        raise ValueError(f"{source_dir}: a {spec_name} model, not Whisper")
    dims, state = openai_state(ct2)
    config = json.loads((Path(source_dir) / "config.json").read_text(encoding="utf-8"))
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sorted(state.items())},
        "alignment_heads": [[int(layer), int(head)] for layer, head in config.get("alignment_heads", ())],
    }
    out = Path(target_dir) / (spec.entry if spec is not None and spec.entry else "model.pt")
    torch.save(checkpoint, out)
    return out
