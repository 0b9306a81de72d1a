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

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
