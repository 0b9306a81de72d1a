"""The screen review's gallery (make screens): index.html from a folder of screenshots, role × page, fi and sv."""

import json

from screens import gallery
from screens.crawl import SKIP, pattern, slug


def _png(folder, name):
    (folder / name).write_bytes(b"\x89PNG\r\n\x1a\n")


def test_index_has_a_row_per_role_and_page_and_a_column_per_language(tmp_path):
    for name in ["tyoryhma--00-home--fi.png", "tyoryhma--00-home--sv.png", "tyoryhma--01-reports--fi.png",
                 "valmentaja--00-home--sv.png", "valmentaja--00-home--fi.png", "notes.txt.png"]:
        _png(tmp_path, name)
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"tyoryhma--01-reports": {"title": "Seurantaraportit", "url": "/reports/"}}), encoding="utf-8")

    html = gallery.build(tmp_path).read_text(encoding="utf-8")

    assert html.index('id="valmentaja"') < html.index('id="tyoryhma"')  # the roles in the demo's order
    assert html.count("<tr><th>") - html.count("<tr><th>page") == 3  # valmentaja: home; tyoryhma: home, reports
    assert '<a href="tyoryhma--00-home--sv.png"><img src="tyoryhma--00-home--sv.png"' in html
    assert "Seurantaraportit<br><small>/reports/</small>" in html
    assert html.count('class="missing"') == 1  # tyoryhma's reports page has no Swedish image
    assert "notes.txt" not in html
    assert "<th>fi</th><th>sv</th>" in html


def test_links_of_a_kind_and_what_is_not_followed():
    assert pattern("http://x/clients/267/meetings/1461/log/?next=1") == "/clients/N/meetings/N/log/"
    assert slug("http://x/clients/267/") == "clients-n"
    for path in ["/accounts/logout/", "/clients/3/export.zip", "/rehab/claims/2/pdf/", "/admin/auth/",
                 "/admin/core/user/add/", "/reports/13/pdf", "/i18n/setlang/"]:
        assert SKIP.search(path), path
    for path in ["/clients/", "/admin/", "/admin/core/user/", "/admin/core/user/3/change/", "/reports/13/"]:
        assert not SKIP.search(path), path
