"""The CTranslate2 -> openai-whisper converter: the binary reader on a file written here, the name
mapping against openai-whisper's own model, and the real converted checkpoint against CTranslate2."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from transcribe.convert_openai import openai_state
from transcribe.ct2_weights import read_ct2

D, HEADS, VOCAB, AUDIO_CTX, TEXT_CTX, MELS = 8, 2, 11, 6, 4, 3


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("<H", len(raw)) + raw


def _variable(name: str, array: np.ndarray) -> bytes:
    dtype = {np.float16: 4, np.float32: 0, np.int16: 2, np.int8: 1}[array.dtype.type]
    return (_string(name) + struct.pack("<B", array.ndim) + struct.pack(f"<{array.ndim}I", *array.shape)
            + struct.pack("<BI", dtype, array.nbytes) + array.tobytes())


def tiny_ct2_whisper(rng) -> dict[str, np.ndarray]:
    def f(*shape):
        return rng.standard_normal(shape).astype(np.float16)

    v = {"encoder/num_heads": np.array(HEADS, np.int16), "decoder/num_heads": np.array(HEADS, np.int16),
         "encoder/conv1/weight": f(D, MELS, 3), "encoder/conv1/bias": f(D),
         "encoder/conv2/weight": f(D, D, 3), "encoder/conv2/bias": f(D),
         "encoder/position_encodings/encodings": f(AUDIO_CTX, D),
         "encoder/layer_norm/gamma": f(D), "encoder/layer_norm/beta": f(D),
         "decoder/embeddings/weight": f(VOCAB, D), "decoder/position_encodings/encodings": f(TEXT_CTX, D),
         "decoder/layer_norm/gamma": f(D), "decoder/layer_norm/beta": f(D)}

    def block(prefix, cross):
        fused = f(3 * D)
        fused[D:2 * D] = 0  # no key bias
        v.update({f"{prefix}/self_attention/layer_norm/gamma": f(D), f"{prefix}/self_attention/layer_norm/beta": f(D),
                  f"{prefix}/self_attention/linear_0/weight": f(3 * D, D), f"{prefix}/self_attention/linear_0/bias": fused,
                  f"{prefix}/self_attention/linear_1/weight": f(D, D), f"{prefix}/self_attention/linear_1/bias": f(D),
                  f"{prefix}/ffn/layer_norm/gamma": f(D), f"{prefix}/ffn/layer_norm/beta": f(D),
                  f"{prefix}/ffn/linear_0/weight": f(4 * D, D), f"{prefix}/ffn/linear_0/bias": f(4 * D),
                  f"{prefix}/ffn/linear_1/weight": f(D, 4 * D), f"{prefix}/ffn/linear_1/bias": f(D)})
        if cross:
            kv = f(2 * D)
            kv[:D] = 0
            v.update({f"{prefix}/attention/layer_norm/gamma": f(D), f"{prefix}/attention/layer_norm/beta": f(D),
                      f"{prefix}/attention/linear_0/weight": f(D, D), f"{prefix}/attention/linear_0/bias": f(D),
                      f"{prefix}/attention/linear_1/weight": f(2 * D, D), f"{prefix}/attention/linear_1/bias": kv,
                      f"{prefix}/attention/linear_2/weight": f(D, D), f"{prefix}/attention/linear_2/bias": f(D)})

    for i in range(2):
        block(f"encoder/layer_{i}", False)
        block(f"decoder/layer_{i}", True)
    return v


def write_ct2(path, variables, aliases=(("decoder/projection/weight", "decoder/embeddings/weight"),)):
    blob = struct.pack("<I", 6) + _string("WhisperSpec") + struct.pack("<II", 3, len(variables))
    blob += b"".join(_variable(k, a) for k, a in variables.items())
    blob += struct.pack("<I", len(aliases)) + b"".join(_string(a) + _string(t) for a, t in aliases)
    path.write_bytes(blob)


def test_reader_round_trip_and_mapping(tmp_path):
    variables = tiny_ct2_whisper(np.random.default_rng(0))
    write_ct2(tmp_path / "model.bin", variables)
    spec, read = read_ct2(tmp_path / "model.bin")
    assert spec == "WhisperSpec"
    assert all(np.array_equal(read[k], a) for k, a in variables.items())
    assert read["decoder/projection/weight"] is read["decoder/embeddings/weight"]
    dims, state = openai_state(read)
    assert dims == {"n_mels": MELS, "n_audio_ctx": AUDIO_CTX, "n_audio_state": D, "n_audio_head": HEADS,
                    "n_audio_layer": 2, "n_vocab": VOCAB, "n_text_ctx": TEXT_CTX, "n_text_state": D,
                    "n_text_head": HEADS, "n_text_layer": 2}
    fused = variables["decoder/layer_1/self_attention/linear_0/weight"]
    assert np.array_equal(state["decoder.blocks.1.attn.key.weight"], fused[D:2 * D])
    assert "decoder.blocks.1.attn.key.bias" not in state
    kv = variables["decoder/layer_0/attention/linear_1/weight"]
    assert np.array_equal(state["decoder.blocks.0.cross_attn.value.weight"], kv[D:])
    try:
        import torch
        from whisper.model import ModelDimensions, Whisper
    except ImportError:
        pytest.skip("openai-whisper not installed: names checked without its model")
    model = Whisper(ModelDimensions(**dims))
    expected = model.state_dict()
    assert set(expected) == set(state)
    assert all(tuple(expected[k].shape) == state[k].shape for k in state)
    model.load_state_dict({k: torch.from_numpy(a.astype(np.float32)) for k, a in state.items()})


def test_bad_key_bias_is_refused(tmp_path):
    variables = tiny_ct2_whisper(np.random.default_rng(1))
    variables["encoder/layer_0/self_attention/linear_0/bias"][D] = 1.0
    with pytest.raises(ValueError, match="key projection"):
        openai_state(variables)


@pytest.mark.slow
def test_converted_checkpoint_matches_ctranslate2():
    from callqa import models
    from callqa.settings import load_settings

    settings = load_settings(env={})
    if not (models.is_present("whisper-base-openai", settings) and models.is_present("whisper-base", settings)):
        pytest.skip("whisper-base / whisper-base-openai not provisioned (run `callqa models fetch`)")
    pytest.importorskip("whisper", reason="openai-whisper not installed (pip install 'callqa[openai-whisper]')")
    import ctranslate2
    import torch
    import whisper

    from transcribe.asr_openai_whisper import load_checkpoint

    model = load_checkpoint(models.model_path("whisper-base-openai", settings), "cpu")
    assert model.alignment_heads.to_dense().sum() == 8
    audio = 0.1 * np.sin(np.arange(16000 * 2) / 7).astype(np.float32)
    mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio))[None]
    with torch.no_grad():
        ours = model.encoder(mel).numpy()[0]
    ct2 = ctranslate2.models.Whisper(str(models.model_path("whisper-base", settings)), compute_type="float32")
    theirs = np.asarray(ct2.encode(ctranslate2.StorageView.from_array(mel.numpy())).to_device(ctranslate2.Device.cpu))[0]
    cosine = float((ours * theirs).sum() / np.linalg.norm(ours) / np.linalg.norm(theirs))
    assert cosine > 0.9999
