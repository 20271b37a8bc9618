"""Dashboard users: a TOML file of people, their role and scope, and salted scrypt password hashes.

The file (``callqa-users.toml`` beside the database by default, or the ``users_file`` setting)::

    [users.wang]
    name = "Wang Fang"
    role = "team_lead"            # qa_reviewer | team_lead | manager | agent | admin
    teams = ["north"]             # team_lead: the teams they lead; qa_reviewer: optional limit
    agent_id = ""                 # agent: their agent id in the calls' metadata
    email = "wang@example.com"    # matched against the identity provider when single sign-on is on
    password = "scrypt$16384$8$1$<salt>$<hash>"

Nothing here touches Streamlit: the app, the command line (`callqa users add`) and tests share it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from callqa.errors import InputError
from store.dashboard_queries import Scope

QA_REVIEWER = "qa_reviewer"
TEAM_LEAD = "team_lead"
MANAGER = "manager"
AGENT_ROLE = "agent"
ADMIN = "admin"
USER_ROLES = (QA_REVIEWER, TEAM_LEAD, MANAGER, AGENT_ROLE, ADMIN)

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


@dataclass(frozen=True)
class User:
    """A person who may log in, with what they may see."""

    username: str
    role: str
    name: str = ""
    teams: tuple[str, ...] = ()
    agent_id: str | None = None
    email: str | None = None
    password_hash: str = field(default="", repr=False)

    @property
    def display_name(self) -> str:
        return self.name or self.username


def default_users_file(db: str | Path) -> Path:
    """``callqa-users.toml`` beside the database (what an empty ``users_file`` setting means)."""
    return Path(db).expanduser().resolve().with_name("callqa-users.toml")


def scope_of(user: User) -> Scope:
    """Row-level access: managers and admins see all; leads their teams; agents their own calls."""
    if user.role in (MANAGER, ADMIN):
        return Scope()
    if user.role == TEAM_LEAD:
        return Scope(teams=tuple(user.teams))
    if user.role == AGENT_ROLE:
        # an agent without an agent id sees nothing rather than everything
        return Scope(agent_id=user.agent_id or "\x00no-agent-id")
    if user.role == QA_REVIEWER:
        return Scope(teams=tuple(user.teams) if user.teams else None)
    return Scope(teams=())


def may_hear_original(user: User, roles: str | None = None) -> bool:
    """Whether the user's role may hear original recordings (setting ``original_audio_roles``, a
    comma-separated list of roles, read from the environment or callqa.toml when not given)."""
    if roles is None:
        from callqa.settings import load_settings

        roles = load_settings().original_audio_roles
    return user.role in {r.strip() for r in roles.split(",") if r.strip()}


def recording_for(user: User, original: str, listening, roles: str | None = None) -> tuple[str | None, str]:
    """The recording this user may hear, and why: ``(path, why)``, path None when none may be played.

    ``listening`` is the store's ``ListeningAudio`` of the call. A role that may not hear the original
    gets the redacted copy of the current transcript; the original only when the call was transcribed
    and nothing was redacted; never the original in place of a missing copy. ``why`` is one of
    original, no_redactions, redacted (something is played) or not_transcribed, purged, no_copy,
    copy_missing (nothing is).
    """
    if may_hear_original(user, roles):
        return original, "original"
    if not listening.transcribed:
        return None, "not_transcribed"
    if listening.redactions == 0:
        return original, "no_redactions"
    if listening.purged:
        return None, "purged"
    if listening.copy is None:
        return None, "no_copy"
    if not Path(listening.copy.path).is_file():
        return None, "copy_missing"
    return listening.copy.path, "redacted"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash as ``scrypt$N$r$p$salt$hash`` (base64)."""
    if not password:
        raise ValueError("password must not be empty")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R,
                            p=_SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash from :func:`hash_password` (constant-time compare)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def load_users(path: str | Path) -> dict[str, User]:
    """Every user in the file by username; a missing file is no users; a bad one an InputError."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(str(path), f"cannot read users file ({err})") from err
    users = {}
    for username, entry in (doc.get("users") or {}).items():
        role = entry.get("role")
        if role not in USER_ROLES:
            raise InputError(str(path), f"user '{username}' has unknown role {role!r} "
                                        f"(one of {', '.join(USER_ROLES)})")
        users[username] = User(
            username=username, role=role, name=str(entry.get("name", "")),
            teams=tuple(str(t) for t in entry.get("teams", ())),
            agent_id=str(entry["agent_id"]) if entry.get("agent_id") else None,
            email=str(entry["email"]).lower() if entry.get("email") else None,
            password_hash=str(entry.get("password", "")),
        )
    return users


def authenticate(users: dict[str, User], username: str, password: str) -> User | None:
    """The user when the password matches, else None (unknown users take as long as known ones)."""
    user = users.get(username.strip())
    if user is None or not user.password_hash:
        verify_password(password, hash_password("timing-equaliser", salt=b"0" * 16))
        return None
    return user if verify_password(password, user.password_hash) else None


def user_for_email(users: dict[str, User], email: str | None) -> User | None:
    """The user whose ``email`` matches a single-sign-on identity (case-insensitive)."""
    if not email:
        return None
    email = email.lower()
    return next((u for u in users.values() if u.email == email), None)


def add_user(path: str | Path, username: str, password: str, role: str, *,
             teams: tuple[str, ...] | list[str] = (), agent_id: str | None = None,
             name: str = "", email: str | None = None) -> User:
    """Add or replace one user in the users file (created if absent, written atomically, mode 600)."""
    if not _USERNAME.match(username):
        raise InputError(username, "user name may use letters, digits and _ . @ - (1-64 characters)")
    if role not in USER_ROLES:
        raise InputError(username, f"unknown role {role!r} (one of {', '.join(USER_ROLES)})")
    if role == AGENT_ROLE and not agent_id:
        raise InputError(username, "an agent needs --agent-id (their id in the calls' metadata)")
    if role == TEAM_LEAD and not teams:
        raise InputError(username, "a team lead needs at least one team")
    path = Path(path)
    users = load_users(path)
    users[username] = User(username=username, role=role, name=name, teams=tuple(teams),
                           agent_id=agent_id or None, email=email.lower() if email else None,
                           password_hash=hash_password(password))
    _write_users(path, users)
    return users[username]


def remove_user(path: str | Path, username: str) -> bool:
    """Remove a user; False when there was none by that name."""
    users = load_users(path)
    if users.pop(username, None) is None:
        return False
    _write_users(Path(path), users)
    return True


def _write_users(path: Path, users: dict[str, User]) -> None:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string # noqa: E731
    lines = ["# callqa dashboard users. Manage with `callqa users add`; passwords are scrypt hashes.", ""]
    for user in users.values():
        lines += [f"[users.{q(user.username)}]", f"name = {q(user.name)}", f"role = {q(user.role)}",
                  f"teams = [{', '.join(q(t) for t in user.teams)}]"]
        if user.agent_id:
            lines.append(f"agent_id = {q(user.agent_id)}")
        if user.email:
            lines.append(f"email = {q(user.email)}")
        lines += [f"password = {q(user.password_hash)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
