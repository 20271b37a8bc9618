"""The errors callqa raises on purpose. Each names what went wrong in words a user can act on."""

from __future__ import annotations


class CallqaError(Exception):
    """Base class for every error callqa raises deliberately."""


class InputError(CallqaError):
    """One input (audio file, manifest, transcript, rubric, setting) is unusable.

    ``str(err)`` is ``"path: reason"``, the form the CLI prints on stderr and the store keeps.
    """

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class MissingExtra(CallqaError):
    """An optional backend was chosen whose dependencies are not installed."""

    def __init__(self, backend: str, extra: str, cause: BaseException | None = None, install: str = ""):
        detail = f" ({cause})" if cause else ""
        super().__init__(
            f"the backend '{backend}' needs optional dependencies{detail}: "
            + (install or f"pip install 'callqa[{extra}]'")
        )
        self.backend = backend
        self.extra = extra


class SettingError(CallqaError):
    """A setting has an unknown name or a value of the wrong kind."""
