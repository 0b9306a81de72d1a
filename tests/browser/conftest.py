import pytest

from joutsa_tyollisyys.demo import DEMO_PASSWORD


@pytest.fixture
def log_in(live_server):
    """Log in through the real login form (so axes and the session work as for a person)."""

    def do(page, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Käyttäjätunnus").fill(username)
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_url(f"{live_server.url}/")

    return do


def assert_accessible(page):
    """axe-core: no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    # axe reads the colours as they are at that moment: a button still in its colour transition (Bootstrap's .15 s,
    # e.g. the user menu's button just opened) would be measured half-way and fail the contrast check at random.
    # (Polled from here: the app's CSP forbids the eval that wait_for_function uses.)
    for _ in range(40):
        if page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            break
        page.wait_for_timeout(50)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
