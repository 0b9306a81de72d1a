"""Issue 19: at common office screen sizes the main navigation, the language switch and the user's menu (with log
out) are on screen without the menu button, for every role."""

import pytest

from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = {
    "valmentaja": ["Asiakkaat", "Omat tapaamiset", "Työtoiminta", "Maksuosuuslista"],
    "sosiaaliohjaaja": ["Asiakkaat", "Velvoitetyöllistäminen", "Maksuosuuslista", "Raportit"],
    "toimisto": ["KEHA-tilitykset", "Velvoitetyöllistäminen", "Raportit"],
    "tyoryhma": ["Raportit"],
    "paakayttaja": ["Ylläpito"],
}


@pytest.mark.parametrize("width,height", [(1280, 720), (1366, 768)])
def test_navigation_is_open_at_office_screen_sizes(page, live_server, log_in, width, height):
    ensure_demo_users()
    page.set_viewport_size({"width": width, "height": height})
    for username, links in ROLES.items():
        page.context.clear_cookies()
        log_in(page, username)
        navigation = page.get_by_role("navigation", name="Päävalikko")
        assert not navigation.get_by_role("button", name="Näytä valikko").is_visible()
        for name in ["Oma työpöytä", *links]:
            link = navigation.get_by_role("link", name=name, exact=True)
            assert link.is_visible(), (username, width, name)
            box = link.bounding_box()
            assert box["x"] + box["width"] <= width, (username, width, name)  # on screen, not pushed off
        assert page.get_by_label("Kieli").is_visible()
        user_menu = navigation.get_by_role("button", name=page.locator(".app-navbar-tools .dropdown-toggle")
                                           .inner_text())
        user_menu.click()
        page.get_by_role("button", name="Kirjaudu ulos").wait_for()  # the menu opened (visible)
    assert_accessible(page)


def test_review_worker_choices_are_readable_at_1366(page, live_server, log_in):
    from tests.payment_share.factories import EntryFactory, ShareListFactory

    users = ensure_demo_users()
    share_list = ShareListFactory()
    for _ in range(3):
        EntryFactory(share_list=share_list, client__responsible_worker=users["valmentaja"])
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "sosiaaliohjaaja")
    page.goto(f"{live_server.url}/payment-share/?month={share_list.month:%Y-%m}")
    selects = page.locator("select.review-worker-select")
    assert selects.count() >= 3
    assert all(selects.nth(i).bounding_box()["width"] >= 150 for i in range(selects.count()))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling of the page


@pytest.mark.parametrize("language,desk", [("fi", "Oma työpöytä"), ("sv", "Mitt skrivbord")])
def test_navigation_is_one_line_at_1366_in_finnish_and_swedish(page, live_server, log_in, language, desk):
    """Issue 19: at 1366×768 every role's links fit on one line under the service's name, in both languages (the
    Swedish names are longer: the social counsellor's ten links wrapped to two lines)."""
    ensure_demo_users()
    page.set_viewport_size({"width": 1366, "height": 768})
    for username in [*ROLES, "etsiva", "tietosuoja", "sijainen"]:
        page.context.clear_cookies()
        log_in(page, username)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.reload()
        navigation = page.locator(".app-navbar")
        assert navigation.get_by_role("link", name=desk, exact=True).is_visible(), (username, language)
        assert not navigation.locator(".navbar-toggler").is_visible()
        links = navigation.locator(".navbar-nav .nav-link")
        boxes = [links.nth(i).bounding_box() for i in range(links.count())]
        assert len({round(box["y"]) for box in boxes}) == 1, (username, language, [links.nth(i).inner_text()
                                                                                   for i in range(links.count())])
        assert max(box["x"] + box["width"] for box in boxes) <= 1366 - 12, (username, language)
