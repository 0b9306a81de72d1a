"""Load test (issue 8): the five roles log in through the login form and walk their daily journeys.

``bench/load.py`` starts gunicorn and runs this file; to drive a server that is already running::

    locust -f bench/locustfile.py --host http://127.0.0.1:8765 --headless -u 50 -r 10 -t 60s

Users are weighted like an employment area: mostly coaches. Every request is named by its Django route;
a request fails when its status is not the one the journey expects (a page 200, a saved form 302: a
redirect where a page was expected means the session was lost), or when the page is one of our error
pages or shows an error message. Objects (clients, agreements, claims, reports) are picked from the pages
the user has just seen, never hard-coded.

Environment:

- ``LOAD_COACHES``: how many generated coaches (``valmentaja-1`` … ``valmentaja-N``, made by
  ``seed_demo --clients`` on a large data set) to log in besides the three demo coaches. ``load.py``
  counts them in the database.
- ``LOAD_PASSWORD``: the demo password (``Joutsa-demo-2026``).
- ``LOAD_SAMPLES``: a CSV file to write every request to (start time, method, name, ms, failed), for exact
  percentiles and the figures after the last login (``load.py`` reads it).

The file imports nothing from the project: it runs in any environment that has locust.
"""

import csv
import itertools
import os
import random
import re
from datetime import date, datetime, time, timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, events, task
from locust.exception import RescheduleTask

PASSWORD = os.environ.get("LOAD_PASSWORD", "Joutsa-demo-2026")
DEMO_COACHES = ["valmentaja", "valmentaja2", "valmentaja3"]
#: The pause between two pages in seconds, "min,max": 5–15 s (default) is an office worker's pace at their daily
#: work; 1–3 s (LOAD_THINK=1,3) is a stress pace, every simulated user clicking as fast as they can read.
THINK = [float(v) for v in os.environ.get("LOAD_THINK", "5,15").split(",")]
GENERATED_COACHES = [f"valmentaja-{n}" for n in range(1, int(os.environ.get("LOAD_COACHES", "0") or 0) + 1)]
# Each simulated coach takes the next account. The demo coaches come first: their clients hold the
# rehabilitative-work agreements (the attendance grid). With generated coaches every user has an account of
# its own, spread over the teams; on the demo data set the three demo coaches are shared.
_generated = GENERATED_COACHES.copy()
random.Random(2026).shuffle(_generated)
COACH_ACCOUNTS = itertools.cycle(DEMO_COACHES + _generated)

# Our error pages (templates/403.html, 404.html, 500.html) and error messages, in Finnish (the default).
ERROR_PAGE = re.compile(
    r"<title>(?:403|404|500) ·|Sinulla ei ole pääsyä tälle sivulle|Sivua ei löytynyt|Jokin meni vikaan"
    r'|class="alert alert-danger" role="alert"'
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')
CLIENT_LINK = re.compile(r'<a href="/clients/(\d+)/">([^<]+)</a>')
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"')
CELL_REFUSED = re.compile(r'invalid-feedback d-block"[^>]*role="alert">[^<]*')
NAME_PREFIXES = ["Vir", "Kor", "Mäk", "Nie", "Lai", "Hei", "Kos", "Sal", "Lah", "Tuo"]  # only if a page shows none

# Attendance rows a simulated user edits: on a shared demo account two users never edit the same agreement
# (one person would not either), so a refusal is the application's, not a race between simulated users.
_attendance_owner: dict[tuple[str, int], int] = {}


SAMPLES_FILE = os.environ.get("LOAD_SAMPLES", "")
_samples: list[tuple] = []


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, start_time=None, **_kwargs):
    if SAMPLES_FILE:
        _samples.append((f"{start_time or 0:.3f}", request_type, name, f"{response_time:.1f}", int(bool(exception))))


@events.test_stop.add_listener
def _write_samples(**_kwargs):
    if SAMPLES_FILE:
        with open(SAMPLES_FILE, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["start", "method", "name", "ms", "failed"])
            writer.writerows(_samples)


class Form(HTMLParser):
    """The fields a browser would submit from the first ``<form>`` with this action ("": no action attribute,
    the form posts to its own page), and the options of its selects."""

    def __init__(self, html: str, action: str = ""):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.found, self.fields = action, False, False, {}
        self._select = self._textarea = None
        self._first_option = None
        self.options: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and not self.found and a.get("action", "") == self.action:
            self.inside = self.found = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif a.get("type") not in ("submit", "button", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
            self.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self.options[self._select].append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def links(html: str, pattern: str) -> list[str]:
    """Distinct links matching ``pattern`` (a regex over the path), in page order."""
    found = re.findall(rf'href="({pattern})"', html)
    return list(dict.fromkeys(unescape(link) for link in found))


class Journey(FastHttpUser):
    """A worker with a login: helpers to read a page, post a form and pause to think."""

    abstract = True
    wait_time = between(*THINK)
    username = ""

    def account(self) -> str:
        """The user name this simulated user logs in with."""
        return self.username

    def on_start(self):
        self.username = self.account()
        self.csrf = ""
        self.seen_assets: set[str] = set()
        page = self.get("/accounts/login/", "login")
        self.post("/accounts/login/", "login", {
            "username": self.username, "password": PASSWORD, "next": "",
        }, expect_location="/")
        self.assets(page)

    # --- requests -------------------------------------------------------------------------------------

    def _check(self, response, expect: int, expect_location: str | None, refused: re.Pattern | None) -> str:
        """Mark the request failed unless it answered as a working page does; return the body."""
        headers = response.headers or {}
        body = response.text or ""
        if response.status_code != expect:
            where = headers.get("Location", "") or repr(getattr(response, "error", None) or "")
            response.failure(f"HTTP {response.status_code}, expected {expect} {where}".strip())
            return ""
        if expect_location is not None:
            location = urlsplit(headers.get("Location", "")).path
            if location != expect_location:
                response.failure(f"redirected to {location}, expected {expect_location}")
                return ""
        if "html" in headers.get("Content-Type", ""):
            error = ERROR_PAGE.search(body) or (refused.search(body) if refused else None)
            if error:
                response.failure(f"error page or message: {unescape(error.group(0))[:120]}")
                return ""
            token = CSRF.search(body)
            if token:
                self.csrf = token.group(1) or token.group(2)
        response.success()
        return body

    def get(self, path: str, name: str, *, params: dict | None = None, expect: int = 200) -> str:
        url = f"{path}?{urlencode(params, doseq=True)}" if params else path
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            return self._check(response, expect, None, None)

    def post(self, path: str, name: str, data: dict, *, expect: int = 302, expect_location: str | None = None,
             htmx: bool = False, refused: re.Pattern | None = None) -> str:
        """POST a form; ``refused``: what in a 200 answer means the application refused the change."""
        data = {**data, "csrfmiddlewaretoken": self.csrf}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.host + path}
        if htmx:
            headers.update({"HX-Request": "true", "X-CSRFToken": self.csrf})
        with self.client.post(path, name=name, data=urlencode(data, doseq=True), headers=headers,
                              allow_redirects=False, catch_response=True) as response:
            return self._check(response, expect, expect_location, refused)

    def assets(self, page: str):
        """CSS and scripts of the page, once per user (the browser caches them)."""
        for asset in ASSET.findall(page):
            if asset not in self.seen_assets:
                self.seen_assets.add(asset)
                self.get(asset, "static")

    def think(self):
        """The pause between two pages of a journey."""
        self.wait()

    @staticmethod
    def stop_journey():
        raise RescheduleTask()


class Coach(Journey):
    """Front page, meetings of the week, find a client, log a meeting, attendance, activation work queue."""

    weight = 34

    def account(self):
        return next(COACH_ACCOUNTS)

    def on_start(self):
        super().on_start()
        self.known_clients: dict[str, str] = {}  # id -> name seen on the coach's own pages

    def remember(self, page: str):
        for pk, name in CLIENT_LINK.findall(page):
            self.known_clients[pk] = unescape(name)

    @task
    def day(self):
        front = self.get("/", "core:home")
        self.remember(front)
        self.think()
        meetings = self.get("/clients/meetings/", "clients:my_meetings")
        self.remember(meetings)
        self.think()
        self.find_and_log()
        self.think()
        self.attendance()
        self.think()
        self.get("/activation/", "activation:work_queue")

    def find_and_log(self):
        names = [word for name in self.known_clients.values() for word in name.split() if len(word) >= 3]
        word = random.choice(names) if names else random.choice(NAME_PREFIXES)
        results = self.get("/clients/", "clients:list", params={"q": word[: random.choice((3, 4))]})
        found = [pk for pk, _name in CLIENT_LINK.findall(results)]
        pk = random.choice(found) if found else None
        if pk is None and self.known_clients:
            pk = random.choice(list(self.known_clients))
        if pk is None:
            self.stop_journey()
        self.think()
        page = self.get(f"/clients/{pk}/", "clients:detail")
        if f"/clients/{pk}/meetings/log/" not in page and self.known_clients:
            # Someone else's client: log the meeting with one of the coach's own.
            pk = random.choice(list(self.known_clients))
            self.think()
            page = self.get(f"/clients/{pk}/", "clients:detail")
        if f"/clients/{pk}/meetings/log/" not in page:
            return
        self.think()
        path = f"/clients/{pk}/meetings/log/"
        form = Form(self.get(path, "clients:meeting_log"))
        if not form.found:
            return
        fields = dict(form.fields)
        fields.update({
            "kind": random.choice([v for v in form.options.get("kind", []) if v] or [fields.get("kind", "")]),
            "duration_minutes": random.choice(["30", "45", "60"]),
            "location": "TyöVarikko, Länsitie 5",
            "notes": "Kuulumiset, työnhaun tilanne ja kuntouttavan työtoiminnan jatko.",
            "next_steps": "Asiakas hakee kahta työpaikkaa; valmentaja selvittää työkokeilupaikan.",
        })
        if random.random() < 0.3:
            fields["contact_checked"] = "on"
        if random.random() < 0.5:
            next_day = date.today() + timedelta(days=14)
            if next_day.weekday() >= 5:  # the office is closed at weekends
                next_day += timedelta(days=7 - next_day.weekday())
            fields["next_starts_at"] = datetime.combine(next_day, time(10)).strftime("%Y-%m-%dT%H:%M")
        self.think()
        self.post(path, "clients:meeting_log", fields, expect_location=f"/clients/{pk}/")
        self.get(f"/clients/{pk}/", "clients:detail")

    def attendance(self):
        """The week grid; one day marked (present, or an absence corrected) the way the page's htmx does."""
        page = self.get("/rehab/attendance/", "rehab_work:attendance_week")
        change = self.attendance_change(page)
        if change is None and "?week=" in page:
            previous = re.search(r'href="\?week=(\d{4}-\d{2}-\d{2})"', page)
            if previous:
                self.think()
                page = self.get("/rehab/attendance/", "rehab_work:attendance_week",
                                params={"week": previous.group(1)})
                change = self.attendance_change(page)
        if change is None:
            return
        agreement, day, value = change
        form = Form(page, "/rehab/attendance/")
        data = {"agreement": agreement, "day": day, f"cell-{agreement}-{day}": value,
                "week": form.fields.get("week", ""), "shown": re.findall(r'name="shown" value="([^"]+)"', page)}
        self.think()
        # The row comes back; a refused day carries its reason (role="alert") under the cell.
        self.post("/rehab/attendance/cell/", "rehab_work:attendance_cell", data, expect=200, htmx=True,
                  refused=CELL_REFUSED)

    def attendance_change(self, page: str):
        today = date.today().isoformat()
        candidates = []
        for pk, row in re.findall(r'<tr id="row-(\d+)">(.*?)</tr>', page, re.S):
            owner = _attendance_owner.setdefault((self.username, int(pk)), id(self))
            if owner != id(self):
                continue
            counted = re.search(r"<td>(\d+)/(\d+)</td>", row)
            room = counted is not None and int(counted.group(1)) < int(counted.group(2))
            for select in re.findall(r"<select[^>]*>.*?</select>", row, re.S):
                name = re.search(r'name="cell-\d+-(\d{4}-\d{2}-\d{2})"', select)
                if not name or " disabled" in select.split(">")[0] or name.group(1) > today:
                    continue
                current = re.search(r'<option value="([^"]*)" selected>', select)
                current = current.group(1) if current else ""
                if not current and room:
                    candidates.append((pk, name.group(1), "present"))
                elif current in ("present", "own_illness"):
                    candidates.append((pk, name.group(1), "own_illness" if current == "present" else "present"))
        return random.choice(candidates) if candidates else None


class SocialCounsellor(Journey):
    """Decision queue, an agreement waiting for a decision, the payment-share monthly review."""

    weight = 6
    username = "sosiaaliohjaaja"

    @task
    def day(self):
        queue = self.get("/rehab/decisions/", "rehab_work:decision_queue")
        waiting = links(queue, r"/rehab/agreements/\d+/decision/")
        if not waiting:
            waiting = [f"{link}decision/" for link in links(self.get("/rehab/", "rehab_work:agreement_list"),
                                                              r"/rehab/agreements/\d+/")]
        if waiting:
            decision = random.choice(waiting)
            self.think()
            self.get(decision.removesuffix("decision/"), "rehab_work:agreement_detail")
            self.think()
            if decision in queue:
                self.get(decision, "rehab_work:decide")
                self.think()
        review_payment_share(self)


def review_payment_share(user: Journey):
    """Kela's payment-share list: the monthly review, page 1, with a filter or two."""
    page = user.get("/payment-share/", "payment_share:review")
    form = Form(page)
    month = form.fields.get("month") or (form.options.get("month") or [""])[0]
    user.think()
    filters = random.choice([
        {"no_worker": "on"},
        {"not_contacted_months": "6"},
        {"approaching_days": "60"},
        {"new_only": "on"},
        {"mine": "on", "not_contacted_months": "3"},
    ])
    user.get("/payment-share/", "payment_share:review", params={"month": month, **filters})


class OfficeClerk(Journey):
    """Obligation-employment cases, KEHA claims, the payment-share review, wage-subsidy claims."""

    weight = 6
    username = "toimisto"

    @task
    def day(self):
        cases = self.get("/obligation/", "obligation_employment:case_list")
        found = links(cases, r"/obligation/\d+/")
        if found:
            self.think()
            self.get(random.choice(found), "obligation_employment:case_detail")
        self.think()
        claims = self.get("/rehab/claims/", "rehab_work:claim_list")
        found = links(claims, r"/rehab/claims/\d+/")
        if found:
            self.think()
            self.get(random.choice(found), "rehab_work:claim_detail")
        self.think()
        review_payment_share(self)
        self.think()
        self.get("/obligation/claims/", "obligation_employment:claim_list")


class WorkingGroup(Journey):
    """The monthly indicator report: the list, the latest report with its charts, and its PDF."""

    weight = 2
    username = "tyoryhma"

    def on_start(self):
        super().on_start()
        self.charts_seen: set[str] = set()
        self.pdf_taken = False

    @task
    def day(self):
        self.get("/", "core:home")
        self.think()
        reports = links(self.get("/reports/", "reporting:index"), r"/reports/\d+/")
        if not reports:
            self.stop_journey()
        report = reports[0] if random.random() < 0.7 else random.choice(reports)
        self.think()
        page = self.get(report, "reporting:detail")
        for chart in re.findall(r'<img[^>]+src="(/reports/\d+/charts/[\w-]+\.svg)"', page):
            if chart not in self.charts_seen:  # the browser keeps them (Cache-Control: max-age=300)
                self.charts_seen.add(chart)
                self.get(chart, "reporting:chart")
        if not self.pdf_taken:  # printed once for the meeting
            self.pdf_taken = True
            self.think()
            self.get(f"{report}pdf/", "reporting:pdf")


class Administrator(Journey):
    """Administration: the index, the users, the placements."""

    weight = 2
    username = "paakayttaja"

    @task
    def day(self):
        self.get("/admin/", "admin:index")
        self.think()
        users = self.get("/admin/core/user/", "admin:core_user_changelist")
        found = links(users, r"/admin/core/user/\d+/change/")
        self.think()
        self.get("/admin/core/user/", "admin:core_user_changelist", params={"q": "valmentaja"})
        if found:
            self.think()
            self.get(random.choice(found), "admin:core_user_change")
        self.think()
        self.get("/admin/rehab_work/placement/", "admin:rehab_work_placement_changelist")
        self.think()
        self.get("/rehab/placements/", "rehab_work:placement_list")

