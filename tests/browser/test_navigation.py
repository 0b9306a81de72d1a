"""Every role sees its whole navigation, the language switch and logout on common office screens."""

import pytest

from joutsa_tyollisyys.demo import ensure_demo_users

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ("valmentaja", "sosiaaliohjaaja", "toimisto", "tyoryhma", "paakayttaja", "etsiva")


@pytest.mark.parametrize("width,height", [(1280, 720), (1366, 768)])
def test_the_navigation_is_visible_without_the_menu_button(page, live_server, log_in, width, height):
    ensure_demo_users()
    page.set_viewport_size({"width": width, "height": height})
    for username in ROLES:
        log_in(page, username)
        nav = page.get_by_role("navigation", name="Päävalikko")
        assert not nav.get_by_role("button", name="Näytä valikko").is_visible(), username
        links = nav.locator("#mainnav .nav-link")
        assert links.count() >= 2, username
        for i in range(links.count()):
            link = links.nth(i)
            assert link.is_visible(), (username, link.inner_text())
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (username, link.inner_text(), box)
        assert nav.get_by_label("Kieli").is_visible(), username
        user_menu = nav.locator(".dropdown > button")
        assert user_menu.is_visible(), username
        assert user_menu.bounding_box()["x"] + user_menu.bounding_box()["width"] <= width, username
        user_menu.click()
        logout = nav.get_by_role("button", name="Kirjaudu ulos")
        assert logout.is_visible(), username
        if width == 1366 and username == "paakayttaja":
            page.screenshot(path=f"/tmp/h4-nav-{width}.png")
        logout.click()
        page.wait_for_url(f"{live_server.url}/**")
