"""Query counts must not grow with data size (issue 8): every list page, measured at two sizes.

The pages come from the permission matrix (``tests/<app>/matrix.py``): every GET page without URL
arguments is measured, a page with arguments only when it lists rows (``WITH_KWARGS``); every other GET
page is excluded here with its reason, and a new page that is neither fails
``test_every_page_is_measured_or_excluded``. The admin's change lists of our apps are measured too.

The data (``tests/list_data.py``) is built twice, in ``SMALL`` and in ``LARGE`` units, each in a
savepoint rolled back afterwards. Each page is requested by a role that may see it (a coach when allowed,
who owns the units' clients) and by the other roles of ``ALSO`` allowed to; the first request of a page
only fills the caches that live for the process. The counted queries must be equal at both sizes. So that
an empty list cannot fool the test, the larger size must show more units on the page to the first role
(their marker names, ``Mittari01`` …), or, for lists whose rows carry no names, a longer page.
"""

import re
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import list_data
from tests.list_data import ADMIN, CLERK, COACH, MARKER, SOCIAL, WG, YOUTH
from tests.test_permission_matrix import CASES

SMALL, LARGE = 2, 6
#: Who measures a page: the first of these the matrix allows (a coach owns the units' clients) ...
ROLE_ORDER = [COACH, SOCIAL, CLERK, WG, ADMIN, YOUTH]
#: ... and these too when allowed: other scopes and other branches of the same pages.
ALSO = [SOCIAL, CLERK, WG, ADMIN]

CLIENT_PAGE = "measured at two sizes in tests/clients/test_client_page_queries.py (every section, every panel)"
#: GET pages that are not measured, and why.
EXCLUDED = {
    "core:home": CLIENT_PAGE,
    "two_factor_verify": "redirects to the set-up until the user has an authenticator (a form of one code)",
    "sso_start": "a redirect to the identity provider (404 without single sign-on configured)",
    "oidc_authentication_callback": "the identity provider's answer (404 without single sign-on configured)",
    "no_role": "a page of text for a person without a role (a redirect for those with one)",
    "clients:log_extract": "a form of one client's extract (its rows are the log's, shown after a search)",
    "clients:log_verify": "the latest checkpoint (a file) and a button: the check itself is a POST",
    "clients:detail": CLIENT_PAGE,
    # Pages of one object: a form or a detail page with a fixed number of rows of its own.
    "clients:edit": "a form of one client",
    "clients:assign": "a form of one client (with its few worker changes)",
    "clients:consent_add": "a form of one client",
    "clients:meeting_log": "a form of one meeting",
    "clients:meeting_record": "a form of one meeting",
    "clients:meeting_plan": "a form of one client",
    "clients:invitation_create": "a form of one client",
    "clients:te_record_add": "a form of one client",
    "activation:figures_edit": "a form of one client",
    "activation:plan_create": "a form of one client",
    "activation:plan_detail": "one plan (tests/activation: bounded)",
    "activation:plan_edit": "a form of one plan",
    "activation:plan_agree": "a form of one plan",
    "activation:plan_end": "a form of one plan",
    "activation:plan_review": "a form of one plan",
    "rehab_work:agreement_detail": "one agreement (tests/rehab_work: bounded)",
    "rehab_work:agreement_edit": "a form of one agreement",
    "rehab_work:decide": "a form of one agreement",
    "rehab_work:agreement_sign": "a form of one agreement",
    "rehab_work:agreement_extend": "a form of one agreement",
    "rehab_work:agreement_end": "a form of one agreement",
    "rehab_work:final_evaluation": "a form of one agreement",
    "rehab_work:feedback": "a form of one agreement",
    "rehab_work:claim_submit": "a form of one claim",
    "rehab_work:claim_paid": "a form of one claim",
    "obligation_employment:notice_create": "a form of one client",
    "obligation_employment:case_detail": "one case (tests/obligation_employment: bounded)",
    "obligation_employment:meeting": "a form of one case",
    "obligation_employment:application": "a form of one case",
    "obligation_employment:decision": "a form of one case",
    "obligation_employment:contract": "a form of one case",
    "obligation_employment:close": "a form of one case",
    "obligation_employment:claim_wages": "a form of one claim",
    "obligation_employment:claim_submit": "a form of one claim",
    "obligation_employment:claim_paid": "a form of one claim",
    "payment_share:job": "one import job (its own months)",
    "payment_share:job_progress": "one import job's progress",
    "health_cooperation:check_refer": "a form of one client",
    "health_cooperation:referral_create": "a form of one client",
    "health_cooperation:pension_open": "a form of one client",
    "health_cooperation:check_forms": "one health check",
    "health_cooperation:check_outcome": "a form of one health check",
    "health_cooperation:booking": "one booking and its next steps",
    "health_cooperation:booking_outcome": "a form of one booking",
    "health_cooperation:pension": "one investigation (its fixed checklist)",
    "health_cooperation:pension_close": "a form of one investigation",
    "health_cooperation:pension_item": "a form of one examination",
    "workshop:group_edit": "a form of one group",
    "workshop:period_create": "a form of one client",
    "workshop:period_edit": "a form of one period",
    "workshop:coaching_create": "a form of one client",
    "workshop:youth_create": "a form of one client",
    "workshop:certificate_create": "a form of one client",
    "reporting:detail": "one report: figures from its stored snapshot",
    "reporting:chart": "one report's chart from its stored snapshot",
    # Files of one object.
    "clients:invitation_pdf": "a file download of one invitation",
    "clients:export": "a file download of one client's data",
    "activation:plan_pdf": "a file download of one plan",
    "rehab_work:agreement_pdf": "a file download of one agreement",
    "rehab_work:attendance_statement": "a file download of one agreement's month",
    "rehab_work:claim_export": "a file download of one claim",
    "obligation_employment:contract_pdf": "a file download of one case",
    "obligation_employment:claim_pdf": "a file download of one claim",
    "workshop:coaching_plan_pdf": "a file download of one client",
    "workshop:certificate_pdf": "a file download of one certificate",
    "workshop:library_download": "a file download of one document",
    "workshop:library_blank": "a file download of one blank form",
    "reporting:pdf": "a file download of one report",
    "outreach:letters_pdf": "a file download of one round's letters",
    "outreach:letters_progress": "one round's progress",
    "reporting:xlsx": "a file download of one report",
}
#: Pages with URL arguments that list rows: the arguments, from the data.
WITH_KWARGS = {
    "clients:calendar_feed": lambda d: {"token": d.users[COACH].calendar_token},
    "rehab_work:claim_detail": lambda d: {"pk": d.objects["big_claim"].pk},
    "health_cooperation:client": lambda d: {"pk": d.objects["health_client"].pk},
    "workshop:group_detail": lambda d: {"pk": d.objects["group"].pk},
    "workshop:session_attendance": lambda d: {"pk": d.objects["session"].pk},
    "reporting:people": lambda d: {"pk": d.objects["report"].pk, "key": "rehab_clients"},
    "messaging:client": lambda d: {"pk": d.objects["health_client"].pk},
    # Forms whose choices are rows that grow with the data.
    "rehab_work:agreement_create": lambda d: {"client_pk": d.objects["health_client"].pk},  # placements
    "health_cooperation:booking_create": lambda d: {"pk": d.objects["health_client"].pk},  # free slots
    "workshop:participant_add": lambda d: {"pk": d.objects["group"].pk},  # the coach's clients
    "outreach:round": lambda d: {"pk": d.objects["big_round"].pk},
}
#: Measured pages that list no rows: their counts must stay equal, but they need not grow.
NOT_A_LIST = {
    "clients:create": "a form",
    "outreach:round_new:empty": "the page that asks to choose persons first",
    "rehab_work:claim_create": "a form",
    "workshop:group_create": "a form",
    "payment_share:upload": "a form (with the last five jobs and twelve lists)",
    "payment_share:sample": "a generated sample file",
    "payment_share:figures": "aggregates of the month",
    "payment_share:trend": "one row per quarter (at most eight) from one grouped query",
    "payment_share:trend_chart": "one bar per quarter (at most eight) from one grouped query",
    "payment_share:trend_export": "one row per quarter (at most eight) from one grouped query",
    "reporting:inputs": "a form (with the twelve latest months' inputs)",
    "two_factor_setup": "a form (the user's own authenticator)",
}
#: Lists whose rows carry no names: the page must get longer instead.
ROWS_WITHOUT_NAMES = {
    "payment_share:review_export": "an XLSX file (its text is compressed)",
    "rehab_work:claim_list": "claims (periods and sums)",
    "reporting:index": "reports (months)",
    "outreach:rounds": "rounds (dates and counts)",
    "clients:calendar_feed": "meetings of the feed (no names in a calendar)",
    "health_cooperation:booking_create": "free slots (times)",
}
#: More measured pages than the matrix's cases: (url name, query string).
EXTRA = [("clients:list", "q=Mittari+Aino"), ("payment_share:review", "no_worker=on")]

#: Change lists of the admin that the admin role does not see (403), and why.
ADMIN_EXCLUDED = {
    "clients.client": "clients are handled in the app, where every read is logged",
    "reporting.monthlyinputs": "not among the admin role's models (reporting/registrations.py)",
    "reporting.monthlyreport": "not among the admin role's models (reporting/registrations.py)",
}
#: Change lists of reference data: measured, but the units add no rows to them.
ADMIN_REFERENCE = {
    "activation.servicetype", "health_cooperation.examinationtype", "health_cooperation.soteteamschedule",
    "health_cooperation.healthcooperationsettings", "obligation_employment.wagesubsidyrate",
    "obligation_employment.obligationsettings", "payment_share.paymentshareband", "payment_share.columnmapping",
    "rehab_work.compensationrate", "rehab_work.expenseallowancerate", "workshop.servicelengthlimit",
    "workshop.qualification", "workshop.competencearea", "payment_share.shareruleset",
    "core.lawruleset", "outreach.invitationtemplate",
    "core.ssogrouprole",  # the mapping of the identity provider's groups: not per unit
    "core.accessibilityfeedback",  # feedback from anyone: not per unit (its page is measured all the same)
}
OUR_APPS = {"core", "clients", "activation", "rehab_work", "obligation_employment", "payment_share",
            "health_cooperation", "workshop", "reporting", "messaging", "outreach"}


@dataclass(frozen=True)
class Page:
    key: str
    url_name: str
    kwargs: object = None  # callable(data) -> dict
    query: str = ""
    roles: tuple = ()  # () = anonymous (a token URL); the first role is checked for growth
    growth: str = "names"  # "names", "length" or "" (not a list)
    status: int = 200


def _kwargs_urls():
    return {case.url_name for case in CASES if case.kwargs}


def _get_urls():
    return {case.url_name for case in CASES if case.method == "get"}


def _roles(allowed):
    first = next(role for role in ROLE_ORDER if role in allowed)
    return (first, *(role for role in ALSO if role in allowed and role != first))


def _growth(key, url_name):
    if key in NOT_A_LIST or url_name in NOT_A_LIST:
        return ""
    return "length" if key in ROWS_WITHOUT_NAMES or url_name in ROWS_WITHOUT_NAMES else "names"


def app_pages() -> list[Page]:
    pages = []
    for case in CASES:
        if case.method != "get" or case.url_name in EXCLUDED:
            continue
        if case.kwargs and case.url_name not in WITH_KWARGS:
            continue  # reported by test_every_page_is_measured_or_excluded
        roles = () if case.public else _roles(case.allowed)
        pages.append(Page(case.key, case.url_name, WITH_KWARGS.get(case.url_name), case.query, roles,
                          _growth(case.key, case.url_name)))
    by_name = {case.url_name: case for case in CASES if case.method == "get"}
    for url_name, query in EXTRA:
        case = by_name[url_name]
        pages.append(Page(f"{url_name}?{query}", url_name, None, query, _roles(case.allowed),
                          _growth(url_name, url_name)))
    return pages


def admin_pages() -> list[Page]:
    """The admin's change lists of our models (the excluded ones must stay closed to the admin role)."""
    pages = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        if model._meta.app_label not in OUR_APPS:
            continue
        url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        growth = "" if label in ADMIN_REFERENCE | set(ADMIN_EXCLUDED) else "names"
        pages.append(Page(f"admin {label}", url_name, None, "", (ADMIN,), growth,
                          403 if label in ADMIN_EXCLUDED else 200))
    return pages


def test_every_page_is_measured_or_excluded():
    get_urls = _get_urls()
    unclassified = sorted(
        name for name in get_urls
        if name not in EXCLUDED and name in _kwargs_urls() and name not in WITH_KWARGS
    )
    assert not unclassified, (
        f"GET pages with URL arguments neither measured (WITH_KWARGS) nor excluded (EXCLUDED): {unclassified}"
    )
    named = set(EXCLUDED) | set(WITH_KWARGS) | set(NOT_A_LIST) | set(ROWS_WITHOUT_NAMES) | {u for u, _q in EXTRA}
    stale = sorted(named - get_urls - {case.key for case in CASES if case.method == "get"})  # a case's own key too
    assert not stale, f"Not GET pages of the matrix (remove them here): {stale}"
    assert not set(EXCLUDED) & set(WITH_KWARGS), "a page both measured and excluded"


def test_every_admin_list_of_ours_is_measured_or_excluded():
    labels = {m._meta.label_lower for m in admin.site._registry if m._meta.app_label in OUR_APPS}
    assert labels - set(ADMIN_EXCLUDED), "no admin change lists found"
    assert not (set(ADMIN_EXCLUDED) | ADMIN_REFERENCE) - labels, "stale entries in ADMIN_EXCLUDED/ADMIN_REFERENCE"


@dataclass
class Measure:
    status: int
    queries: list
    units: int
    length: int


def _logged_in(user):
    """A client with a fresh session, marked as seen now: its first request does not renew it (the
    session is written at most once a minute, joutsa_tyollisyys/middleware.py)."""
    http = HttpClient()
    http.force_login(user)
    session = http.session
    session["_seen"] = int(time.time())
    session.save()
    return http


def _measure(pages, data) -> dict:
    results = {}
    for page in pages:
        kwargs = page.kwargs(data) if page.kwargs else {}
        url = reverse(page.url_name, kwargs=kwargs) + (f"?{page.query}" if page.query else "")
        for index, role in enumerate(page.roles or (None,)):
            http = _logged_in(data.users[role]) if role else HttpClient()
            if index == 0:
                http.get(url)  # fills the caches that live for the process (content types, settings rows …)
            with CaptureQueriesContext(connection) as captured:
                response = http.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            results[page.key, role] = Measure(
                response.status_code,
                [q["sql"] for q in captured.captured_queries],
                len({int(n) for n in MARKER.findall(text)}),
                len(body),
            )
    return results


def measure_sizes(pages, sizes=(SMALL, LARGE)):
    """{size: {(page key, role): Measure}}, each size built and measured in a rolled-back savepoint."""
    out = {}
    for units in sizes:
        with transaction.atomic():
            out[units] = _measure(pages, list_data.build(units))
            transaction.set_rollback(True)
    return out


def _shape(sql):
    """The SQL with its literals taken out: the same statement for another row looks the same."""
    return re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'|\"s\d+_x\d+\"", "S", sql))


def _grown(small, large) -> list[str]:
    before, after = Counter(map(_shape, small)), Counter(map(_shape, large))
    return [f"    {after[s] - before[s]:+d} × {s[:300]}" for s in after if after[s] > before[s]]


def compare(pages, results) -> list[str]:
    problems = []
    for page in pages:
        for role in page.roles or (None,):
            small, large = results[SMALL][page.key, role], results[LARGE][page.key, role]
            who = role or "anonymous"
            if small.status != page.status or large.status != page.status:
                problems.append(f"{page.key} ({who}): status {small.status}/{large.status}, not {page.status}")
                continue
            if page.status != 200:
                continue
            if len(small.queries) != len(large.queries):
                problems.append(
                    f"{page.key} ({who}): {len(small.queries)} queries with {SMALL} units, "
                    f"{len(large.queries)} with {LARGE}\n" + "\n".join(_grown(small.queries, large.queries))
                )
            if role != (page.roles[0] if page.roles else None):
                continue  # growth is checked for the first role (who sees the most)
            if page.growth == "names" and not 0 < small.units < large.units:
                problems.append(f"{page.key} ({who}): shows {small.units} units with {SMALL}, "
                                f"{large.units} with {LARGE}: make tests/list_data.py add rows for it")
            if page.growth == "length" and not small.length < large.length:
                problems.append(f"{page.key} ({who}): no longer with {LARGE} units than with {SMALL}")
    return problems


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data():
    pages = admin_pages() + app_pages()  # the admin's first: the pages measured after them log access
    results = measure_sizes(pages)
    problems = compare(pages, results)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
