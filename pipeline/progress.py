"""The command line's progress bar: calls done, audio hours and an ETA weighted by audio length."""

from __future__ import annotations

import sys
from typing import Sequence

from callqa.records import Call

# Transcript-only calls cost almost nothing to process; weigh them as a second of audio.
_TRANSCRIPT_WEIGHT_S = 1.0


def write_line(text: str) -> None:
    """A message on stderr that does not break a running progress bar."""
    from tqdm import tqdm

    tqdm.write(text, file=sys.stderr)


def _weight(call: Call) -> float:
    return call.audio.duration_s if call.audio else _TRANSCRIPT_WEIGHT_S


class CallProgress:
    """A bar over the audio seconds of a batch, showing calls done and audio hours."""

    def __init__(self, calls: Sequence[Call], disabled: bool = False):
        self.total_calls = len(calls)
        self.total_audio_h = sum(c.audio.duration_s for c in calls if c.audio) / 3600
        self.calls_done = 0
        self.audio_done_h = 0.0
        self.failed_count = 0
        self._weights = {c.call_id: _weight(c) for c in calls}
        self._disabled = disabled or not calls
        self._bar = None

    def __enter__(self) -> "CallProgress":
        if not self._disabled:
            from tqdm import tqdm

            self._bar = tqdm(total=sum(self._weights.values()), file=sys.stderr,
                             unit="audio-s", dynamic_ncols=True, desc="processing", mininterval=1.0,
                             bar_format="{desc} {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]")
            self._refresh()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()

    def _advance(self, call: Call) -> None:
        self.calls_done += 1
        if call.audio:
            self.audio_done_h += call.audio.duration_s / 3600
        if self._bar is not None:
            self._bar.update(self._weights.get(call.call_id, 0.0))
            self._refresh()

    def _refresh(self) -> None:
        failed = f", {self.failed_count} failed" if self.failed_count else ""
        self._bar.set_postfix_str(
            f"calls {self.calls_done}/{self.total_calls}{failed}, "
            f"audio {self.audio_done_h:.3f}/{self.total_audio_h:.3f} h", refresh=True)

    def done(self, call: Call) -> None:
        self._advance(call)

    def failed(self, call: Call, message: str) -> None:
        self.failed_count += 1
        write_line(message)
        self._advance(call)
