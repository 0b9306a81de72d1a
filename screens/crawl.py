"""The screen review (``make screens``): every demo role's pages, full-page, at 1366×768, in Finnish and Swedish.

    .venv/bin/python -m screens.crawl                   # a fresh seeded copy, every role, into screens/out/
    .venv/bin/python -m screens.crawl --roles tyoryhma,tietosuoja --max-pages 10
    .venv/bin/python -m screens.crawl --database /tmp/seeded.sqlite3   # reuse a seeded SQLite file (copied first)

Migrates and seeds (``seed_demo``) a temporary SQLite database (or copies the one given), starts the development
server on it on loopback, and for each demo role logs in through the login form and walks the role's pages:
the front page, every link of the main navigation, then (breadth first, up to ``--depth`` clicks from the
navigation and ``--max-pages`` pages per role) the first link of each kind found on those pages, e.g. the
first client of the client list and the pages the client page leads to. A link "of a kind" is its path with the
numbers taken out, so a list of 300 clients adds one client page. Downloads (PDF, CSV, XLSX, ZIP, calendars),
logging out and deleting are not followed. Each page that holds a form to fill in (a POST form in the page's
main part with a required field) gets a second screenshot: the form sent empty, showing its errors (the
browser's own checks switched off, so the server's messages show).

The same pages are then taken in Swedish (the language cookie the language switch sets). The images are
``screens/out/<role>--<nn>-<page>--<fi|sv>.png`` with ``manifest.json`` (title and address of each page) and
``index.html``, the gallery (``screens/gallery.py``). Chromium is the system one (``/usr/bin/chromium``, the
flags of the browser tests). Nothing is written outside the temporary directory and the output folder.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from screens import gallery

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Joutsa-demo-2026"
ROLES = ["valmentaja", "etsiva", "sosiaaliohjaaja", "toimisto", "tyoryhma", "paakayttaja", "tietosuoja", "sijainen"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The browser tests' flags (tests/conftest.py).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1366, "height": 768}
#: Links never followed: downloads, leaving, deleting, the admin's own plumbing.
SKIP = re.compile(
    r"(\.(pdf|csv|xlsx|zip|ics|png|jpg|svg)$|/(pdf|csv|xlsx|export|download|calendar)([/.]|$)|export\.zip|logout|/i18n/"
    r"|delete|/admin/jsi18n|/admin/r/|/static/|/media/|/accessibility/|/healthz/|/password/"
    # The admin's app pages repeat its index; the first object's change form stands for the add form.
    r"|^/admin/[a-z_]+/$|^/admin/.*/add/$)",
    re.IGNORECASE,
)

# In the page: the links of the main part, the navigation's links, whether there is a form to send empty.
LINKS_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(a => a.href && !a.closest('.pagination') && a.offsetParent !== null)
  .map(a => ({href: a.href, text: (a.innerText || a.getAttribute('aria-label') || '').trim().slice(0, 60)}))"""
FORM_JS = """() => [...document.querySelectorAll('main form, #content form')].findIndex(f =>
  (f.getAttribute('method') || 'get').toLowerCase() === 'post' && f.id !== 'changelist-form' &&
  [...f.elements].some(e => e.required && e.type !== 'hidden' && e.offsetParent !== null))"""
EMPTY_JS = """(index) => {
  const form = [...document.querySelectorAll('main form, #content form')][index];
  form.noValidate = true;
  for (const e of form.elements) {
    if (e.type === 'hidden' || e.disabled || e.readOnly) continue;
    if (['text', 'search', 'email', 'tel', 'url', 'number', 'date', 'datetime-local', 'time', 'month', 'password']
        .includes(e.type) || e.tagName === 'TEXTAREA') e.value = '';
    else if (e.tagName === 'SELECT' && e.required && !e.multiple) e.selectedIndex = -1;
  }
  const submit = [...form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]')]
    .find(b => !/delete|poista/i.test(b.name + ' ' + b.value + ' ' + b.innerText));
  form.requestSubmit(submit || undefined);
}"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "screens" / "out"), help="output folder (default screens/out)")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated demo users (default: all)")
    parser.add_argument("--languages", default="fi,sv", help="comma-separated languages (default fi,sv)")
    parser.add_argument("--database", help="a seeded SQLite file to copy instead of seeding a new one")
    parser.add_argument("--max-pages", type=int, default=30, help="pages per role, forms not counted (default 30)")
    parser.add_argument("--depth", type=int, default=3, help="clicks from the navigation (default 3)")
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="keep the earlier images in the output folder")
    return parser.parse_args(argv)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(workdir: Path, database: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")}
    env.update({
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_ENV": "development",
        "DEBUG": "true",  # the development server serves the static files
        "ACCESS_LOG_CHECKPOINT_DIR": str(workdir / "access-log"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "dummymail://",
        "TWO_FACTOR_REQUIRED": "false",
        "AXES_ENABLED": "false",
    })
    return env


def _manage(env, *args, quiet=True):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def prepare_database(workdir: Path, given: str | None) -> tuple[dict, Path]:
    database = workdir / "screens.sqlite3"
    env = _environment(workdir, database)
    if given:
        shutil.copyfile(given, database)
    print("migrating and seeding a temporary database …", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    if not given:
        _manage(env, "seed_demo")
    return env, database


def start_server(env, port):
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=2):  # noqa: S310 (loopback)
                return server, url
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the development server did not start") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the development server did not answer")


def pattern(url: str) -> str:
    """A link's kind: its path with the numbers (ids, dates) taken out."""
    path = urlsplit(url).path
    return re.sub(r"\d+", "N", path)


def slug(url: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", pattern(url).lower()).strip("-")
    return (text or "home")[:50]


class RoleCrawl:
    """One role's walk: the pages (found in the first language) and their screenshots in each language."""

    def __init__(self, browser, base, role, out: Path, args):
        self.base, self.role, self.out, self.args = base, role, out, args
        self.context = browser.new_context(viewport=VIEWPORT, locale="fi-FI")
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.pages: list[dict] = []  # {"id", "url", "title", "form": index or None}

    def log_in(self):
        page = self.page
        page.goto(f"{self.base}/accounts/login/")
        page.fill("input[name=username]", self.role)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit], form button[type=submit]")
        if "/accounts/login/" in page.url:
            raise SystemExit(f"{self.role}: could not log in (is the database seeded with seed_demo?)")

    def set_language(self, lang):
        self.context.add_cookies([{"name": "django_language", "value": lang, "url": self.base}])

    def _open(self, url) -> bool:
        try:
            response = self.page.goto(url, wait_until="load")
        except Exception as error:  # a download, a timeout: not a page to look at
            print(f"  skipped {url}: {str(error).splitlines()[0]}", flush=True)
            return False
        return response is not None and "html" in (response.headers.get("content-type") or "")

    def _links(self, selector):
        seen, links = set(), []
        for link in self.page.evaluate(LINKS_JS, selector):
            href = link["href"].split("#")[0]
            if not href.startswith(self.base) or SKIP.search(urlsplit(href).path) or href in seen:
                continue
            seen.add(href)
            links.append(href)
        return links

    def _title(self):
        heading = self.page.locator("main h1, #content h1").first
        try:
            text = heading.inner_text(timeout=500).strip()
        except Exception:
            text = ""
        return " ".join((text or self.page.title()).split())[:90]

    def discover(self):
        """Walk the role's pages in the first language and take their screenshots."""
        lang = self.langs[0]
        self._open(f"{self.base}/")
        queue, kinds = [], set()
        for depth, href in [(0, f"{self.base}/")] + [(1, href) for href in self._links("#mainnav a")]:
            if pattern(href) not in kinds:
                kinds.add(pattern(href))
                queue.append((href, depth))
        visited = 0
        while queue and visited < self.args.max_pages:
            url, depth = queue.pop(0)
            if not self._open(url):
                continue
            entry = {"id": f"{visited:02d}-{slug(self.page.url)}", "url": self.page.url,
                     "title": self._title(), "form": self.page.evaluate(FORM_JS)}
            self._shoot(entry["id"], lang)
            self.pages.append(entry)
            visited += 1
            if depth < self.args.depth:
                for href in self._links("main a, #content a"):
                    kind = pattern(href)
                    if kind not in kinds:
                        kinds.add(kind)
                        queue.append((href, depth + 1))
                queue.sort(key=lambda item: item[1])  # breadth first
            if entry["form"] >= 0:
                self._empty_form(entry, lang)

    def _empty_form(self, entry, lang, *, again=False):
        form_id = f"{entry['id']}-empty-form"
        if not again:
            self.pages.append({"id": form_id, "url": entry["url"], "title": f"{entry['title']} · sent empty",
                               "form": None, "of": entry["id"]})
        try:
            with self.page.expect_navigation(timeout=15_000):
                self.page.evaluate(EMPTY_JS, entry["form"])
        except Exception as error:
            print(f"  {form_id}: {str(error).splitlines()[0]}", flush=True)
        self._shoot(form_id, lang)

    def again(self, lang):
        """The pages found, in another language."""
        for entry in self.pages:
            if entry.get("of"):
                continue
            if not self._open(entry["url"]):
                continue
            self._shoot(entry["id"], lang)
            if entry["form"] is not None and entry["form"] >= 0:
                self._empty_form(entry, lang, again=True)

    def _shoot(self, page_id, lang):
        self.page.screenshot(path=str(self.out / gallery.file_name(self.role, page_id, lang)), full_page=True)

    def run(self, langs):
        self.langs = langs
        self.set_language(langs[0])
        self.log_in()
        self.discover()
        for lang in langs[1:]:
            self.set_language(lang)
            self.again(lang)
        self.context.close()
        return {f"{self.role}--{e['id']}": {"title": e["title"], "url": e["url"].replace(self.base, "")}
                for e in self.pages}


def main(argv=None):
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        for old in list(out.glob("*.png")) + [out / "index.html", out / "manifest.json"]:
            old.unlink(missing_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="screens-") as tmp:
        env, _database = prepare_database(Path(tmp), args.database)
        server, base = start_server(env, args.port or _free_port())
        manifest_path = out / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if args.keep and manifest_path.exists() else {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                for role in [r.strip() for r in args.roles.split(",") if r.strip()]:
                    print(f"{role} …", flush=True)
                    manifest.update(RoleCrawl(browser, base, role, out, args).run(args.languages.split(",")))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    index = gallery.build(out, manifest)
    print(f"{len(list(out.glob('*.png')))} screenshots in {time.monotonic() - started:.0f} s: {index}")


if __name__ == "__main__":
    main()
