"""What every page is given: the store, the person looking, what they may see, and their language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from dashboards import i18n
from dashboards.auth import ADMIN, AGENT_ROLE, MANAGER, QA_REVIEWER, TEAM_LEAD, User, scope_of
from store.dashboard_queries import Scope

# Who may open which page (row-level access still applies inside every page).
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    "listening": (QA_REVIEWER, TEAM_LEAD, MANAGER, AGENT_ROLE, ADMIN),
    "queue": (QA_REVIEWER, TEAM_LEAD, MANAGER, AGENT_ROLE, ADMIN),
    "coaching": (QA_REVIEWER, TEAM_LEAD, MANAGER, AGENT_ROLE, ADMIN),
    "trends": (QA_REVIEWER, TEAM_LEAD, MANAGER, ADMIN),
    "calibration": (QA_REVIEWER, TEAM_LEAD, MANAGER, ADMIN),
    "admin": (ADMIN,),
}
REVIEWER_ROLES = (QA_REVIEWER, TEAM_LEAD, ADMIN)  # may confirm or correct scores
DISPUTER_ROLES = (AGENT_ROLE, TEAM_LEAD)  # may dispute a review
RESOLVER_ROLES = (QA_REVIEWER, ADMIN)  # may resolve a dispute (never their own review)
PLANNER_ROLES = (QA_REVIEWER, TEAM_LEAD, MANAGER, ADMIN)  # may draw sampling plans
EXPORTER_ROLES = (QA_REVIEWER, TEAM_LEAD, MANAGER, ADMIN)


def pages_for(role: str) -> list[str]:
    return [page for page, roles in PAGE_ROLES.items() if role in roles]


@dataclass(frozen=True)
class Ctx:
    store: Any  # store.Store
    user: User
    lang: str
    users_file: Path

    @property
    def scope(self) -> Scope:
        return scope_of(self.user)

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.lang, **values)

    def name(self, code: str) -> str:
        return i18n.name(code, self.lang)

    def may(self, roles: tuple[str, ...]) -> bool:
        return self.user.role in roles

    def call_filter(self, **values):
        """A CallFilter with this viewer's row-level access always applied."""
        from store.filters import CallFilter

        scope = self.scope
        return CallFilter(allowed_teams=scope.teams, allowed_agent_id=scope.agent_id, **values)

    def query(self, fn: Callable, *args, **kwargs):
        """Run one read query ``fn(con, *args)``: on the render's session connection (the shell wraps
        every page render in ``store.session()``), else on a connection opened for just this call."""
        with self.store.read() as con:
            return fn(con, *args, **kwargs)

    def audit(self, action: str, target: str | None, detail: dict | None = None) -> None:
        self.store.audit(self.user.username, action, target, detail or {})
