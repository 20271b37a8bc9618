"""The one progress-hook shape, borrowed from pyannote.audio.

A hook is any callable ``hook(step, artifact, total=None, completed=None)``. The core calls it;
only the command line turns it into a progress bar, so no stage ever touches a UI.
"""

from __future__ import annotations

from typing import Any, Protocol


class ProgressHook(Protocol):
    def __call__(
        self, step: str, artifact: Any = None, *, total: float | None = None,
        completed: float | None = None,
    ) -> None: ...


def silent(step: str, artifact: Any = None, *, total: float | None = None,
           completed: float | None = None) -> None:
    """The default hook: report nothing."""
