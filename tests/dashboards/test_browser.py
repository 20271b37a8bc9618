"""End to end in a real browser: the served app, headless Chromium driven by Playwright.

Starts ``streamlit run`` on a free loopback port (stopped at the end), logs in as each role, opens a
call, jumps the audio to a turn, submits a correction and checks what each role can and cannot see.
Screenshots of every page go to artifacts/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.dashboards.conftest import PASSWORD
from dashboards.launch import streamlit_command
from store import Store

CHROMIUM = "/usr/bin/chromium"  # the Debian package (never `playwright install`)
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(command: list[str], **popen) -> Iterator[str]:
    """Run ``streamlit run`` (``command``) until its health check answers; yield its URL; stop it."""
    port = int(command[command.index("--server.port") + 1])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def needs_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (Debian: apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")


@pytest.fixture
def server(demo):
    needs_browser()
    with serving(streamlit_command(demo / "calls.duckdb", _free_port(), demo / "users.toml")) as url:
        yield url, demo


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _login(browser, url: str, username: str, path: str = "/"):
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(url + path)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"({_ROLE_NAMES[username]})").wait_for(timeout=30_000)
    return page


_ROLE_NAMES = {"qa": "QA reviewer", "qa2": "QA reviewer", "lead": "Team lead", "boss": "Manager",
               "a01": "Agent", "root": "Admin"}


def _shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # let charts finish drawing
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _pages(page) -> list[str]:
    text = page.locator('[data-testid="stSidebar"] [role="radiogroup"]').last.inner_text()
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_roles_call_page_audio_jump_and_correction(server, browser):
    url, demo = server
    store = Store(demo / "calls.duckdb")
    calls = store.call_overview()
    # every page, as the admin
    page = _login(browser, url, "root")
    assert _pages(page) == ["Listening room", "QA queue", "Coaching", "Trends", "Calibration", "Admin"]
    page.get_by_text(f"{len(calls)} calls").wait_for()
    _shot(page, "admin-listening")
    for name in ("QA queue", "Coaching", "Trends", "Calibration", "Admin"):
        page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).click()
        page.get_by_role("heading", name=name).wait_for()
        _shot(page, "admin-" + name.lower().replace(" ", "-"))
    page.close()

    # a reviewer opens a call, jumps the audio to a turn and corrects the level
    page = _login(browser, url, "qa")
    page.get_by_role("button", name="Open call").click()
    page.get_by_text("Transcript", exact=True).wait_for()
    call_id = next(c for c in calls.call_id if c[:12] in page.get_by_role("heading", level=3).first.inner_text())
    turns = store.call_turns(call_id)
    target = turns.iloc[3]
    label = f"{int(target.start_s) // 60}:{int(target.start_s) % 60:02d}"
    page.get_by_role("button", name=f"▶ {label}").click()
    page.wait_for_function(f"() => {{ const a = document.querySelector('audio');"
                           f" return a && a.currentTime >= {int(target.start_s)} - 0.01; }}", timeout=20_000)
    assert page.locator('.cq-turn[data-turn="3"]').get_attribute("style").count("box-shadow") == 1
    _shot(page, "qa-call-after-jump")
    page.get_by_role("tab", name="Review", exact=True).click()
    machine = int(calls.set_index("call_id").loc[call_id, "resolution_level"])
    form = page.locator('[data-testid="stForm"]').first
    form.locator('[data-testid="stSelectbox"]').first.click()
    new_level = (machine + 2) % 5
    page.get_by_role("option").nth(new_level).click()
    form.get_by_label("Reason (required when you change a score)").first.fill("customer never accepted the remedy")
    form.get_by_role("button", name="Save review").click()
    page.get_by_text("1 corrected").wait_for(timeout=20_000)
    _shot(page, "qa-review-saved")
    review = store.reviews(call_id=call_id, criterion="resolution_level").iloc[0]
    assert review.verdict == "correct" and review.value == new_level and review.reviewer == "qa"
    page.close()

    # an agent sees only their own calls, fewer pages, and not another agent's call by link
    own = int((calls.agent_id == "A01").sum())
    page = _login(browser, url, "a01")
    page.get_by_text(f"{own} calls").wait_for()
    assert _pages(page) == ["Listening room", "QA queue", "Coaching"]
    _shot(page, "agent-listening")
    page.close()
    other = calls[calls.agent_id != "A01"].call_id.iloc[0]
    page = _login(browser, url, "a01", f"/?call={other}")
    page.get_by_text("This call does not exist or you may not see it.").wait_for()
    assert page.locator("audio").count() == 0 and page.locator(".cq-turn").count() == 0
    _shot(page, "agent-refused-other-call")
    page.close()
    page = _login(browser, url, "a01", "/?page=admin")  # a page by link: refused and audited
    page.get_by_text("You do not have access to this page.").wait_for()
    assert page.get_by_role("heading", name="Admin").count() == 0
    _shot(page, "agent-refused-admin-page")
    page.close()
    assert store.audit_log(action="access.denied", actor="a01").target.tolist() == ["admin", other]

    # a team lead sees only their team; a manager sees everyone, in Chinese
    page = _login(browser, url, "lead")
    page.get_by_text(f"{int((calls.team == 'north').sum())} calls").wait_for()
    assert "Admin" not in _pages(page)
    page.close()
    page = _login(browser, url, "boss")
    page.locator('[data-testid="stSidebar"]').get_by_text("中文").click()
    page.get_by_role("heading", name="听音室").wait_for()
    page.get_by_text(f"共 {len(calls)} 通").wait_for()
    _shot(page, "manager-listening-zh")
    page.close()


def test_dispute_raised_by_the_agent_and_overturned_by_a_second_reviewer(server, browser):
    from callqa.records import Review

    url, demo = server
    store = Store(demo / "calls.duckdb")
    calls = store.call_overview()
    own = calls[calls.agent_id == "A01"].iloc[0]
    machine = int(own.resolution_level)
    disputed = store.add_review(Review(own.call_id, "resolution_level", "qa", "correct", value=(machine + 1) % 5,
                                       reason="the refund was only promised"))
    # the agent disputes the review from the call's review history
    page = _login(browser, url, "a01", f"/?call={own.call_id}")
    page.get_by_role("tab", name="Reviews of this call").click()
    page.get_by_label("Why do you dispute it?").fill("the customer confirmed the refund arrived")
    page.get_by_role("button", name="Dispute this review").click()
    page.get_by_text("Dispute raised.").wait_for(timeout=20_000)
    page.close()
    # a second reviewer overturns it with the machine's level: a new review, the old one kept
    page = _login(browser, url, "qa2", "/?page=queue")
    page.get_by_role("heading", name="QA queue").wait_for()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Overturn the review")
    form.get_by_text("Overturn the review").click()
    form.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option").nth(machine).click()
    form.get_by_label("Resolution").fill("listened again: the refund was confirmed")
    form.get_by_role("button", name="Resolve").click()
    page.get_by_text("the correction is saved as a new review").wait_for(timeout=20_000)
    _shot(page, "qa2-dispute-overturned")
    page.close()
    dispute = store.disputes(call_id=own.call_id).iloc[0]
    assert (dispute.outcome, dispute.resolver, dispute.raised_by) == ("overturned", "qa2", "a01")
    new = store.reviews(call_id=own.call_id, reviewer="qa2").iloc[0]
    assert (new.verdict, new.supersedes, new.review_id) == ("confirm", disputed, dispute.new_review_id)
    assert store.load_review(disputed).value == (machine + 1) % 5  # the overturned review is kept
