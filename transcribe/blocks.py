"""A recording as consecutive blocks of a few minutes, each ending at its quietest moment, so memory
stays bounded on a 2-hour call and no word is cut in two at a block boundary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

SAMPLE_RATE = 16000
BLOCK_S = 240.0  # a block's nominal length
SEARCH_S = 15.0  # the cut is placed at the quietest 100 ms in the block's last SEARCH_S seconds
FRAME = SAMPLE_RATE // 10


@dataclass(frozen=True)
class Block:
    offset: float  # seconds from the start of the recording
    samples: np.ndarray  # float32 (channels, n)

    @property
    def duration(self) -> float:
        return self.samples.shape[-1] / SAMPLE_RATE


def quietest_cut(samples: np.ndarray, search_s: float = SEARCH_S) -> int:
    """Sample index of the start of the quietest 100 ms frame within the last ``search_s`` seconds."""
    n = samples.shape[-1]
    first = max(0, n - int(search_s * SAMPLE_RATE))
    tail = samples[:, first:]
    frames = tail.shape[-1] // FRAME
    if frames < 2:
        return n
    energy = (tail[:, : frames * FRAME] ** 2).reshape(tail.shape[0], frames, FRAME).sum(axis=(0, 2))
    return first + int(np.argmin(energy)) * FRAME + FRAME // 2


def blocks(chunks: Iterable[np.ndarray], block_s: float = BLOCK_S) -> Iterator[Block]:
    """Regroup streamed ``(channels, n)`` chunks into blocks cut at quiet moments."""
    size = int(block_s * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    held = 0
    offset = 0
    for chunk in chunks:
        chunk = np.atleast_2d(np.asarray(chunk, dtype=np.float32))
        pending.append(chunk)
        held += chunk.shape[-1]
        while held >= size + int(SEARCH_S * SAMPLE_RATE):
            joined = np.concatenate(pending, axis=1)
            cut = quietest_cut(joined[:, :size])
            yield Block(offset / SAMPLE_RATE, np.ascontiguousarray(joined[:, :cut]))
            offset += cut
            rest = joined[:, cut:]
            pending, held = [rest], rest.shape[-1]
    if held:
        yield Block(offset / SAMPLE_RATE, np.ascontiguousarray(np.concatenate(pending, axis=1)))
