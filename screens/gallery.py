"""The screen review's gallery: ``index.html`` beside the screenshots, one row per role × page, one column per
language, each a thumbnail linking to the full-page image.

The screenshots are named ``<role>--<page>--<language>.png`` (``<page>`` begins with its number in the crawl, so
that the rows keep the order in which the role met the pages). ``manifest.json`` beside them, when there, gives
each page its title and address; without it the row shows the file name's page part.

    .venv/bin/python -m screens.gallery screens/out      # rebuild index.html from the images in a folder
"""

import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

NAME = re.compile(r"^(?P<role>[a-z0-9_]+)--(?P<page>[a-z0-9_.-]+)--(?P<lang>[a-z]{2})\.png$")
ROLE_ORDER = ["valmentaja", "etsiva", "sosiaaliohjaaja", "toimisto", "tyoryhma", "paakayttaja", "tietosuoja"]
LANGUAGES = ["fi", "sv"]


def file_name(role: str, page: str, lang: str) -> str:
    return f"{role}--{page}--{lang}.png"


def collect(folder: Path) -> dict:
    """{(role, page): {lang: file name}} of the screenshots in ``folder``."""
    rows = defaultdict(dict)
    for path in sorted(folder.glob("*.png")):
        match = NAME.match(path.name)
        if match:
            rows[match["role"], match["page"]][match["lang"]] = path.name
    return rows


def _role_key(role):
    return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)


def build(folder: Path, manifest: dict | None = None) -> Path:
    """Write ``folder/index.html`` for the screenshots in ``folder`` and return its path. ``manifest``:
    {"<role>--<page>": {"title": ..., "url": ...}} (default: ``folder/manifest.json`` if there)."""
    folder = Path(folder)
    if manifest is None:
        path = folder / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    rows = collect(folder)
    languages = LANGUAGES + sorted({lang for files in rows.values() for lang in files} - set(LANGUAGES))
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Screens: every role\'s pages</title>',
        "<style>",
        "body{font-family:system-ui,sans-serif;margin:1rem 2rem}table{border-collapse:collapse}",
        "th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}",
        "td img{width:320px;height:200px;object-fit:cover;object-position:top;display:block}",
        "h2{margin-top:2rem}.missing{color:#a00}small{color:#555;word-break:break-all}",
        "</style></head><body>",
        "<h1>Screens</h1>",
        f"<p>{len(rows)} pages, {sum(len(files) for files in rows.values())} screenshots at 1366×768 "
        "(full page). Click a thumbnail for the full image.</p>",
    ]
    roles = sorted({role for role, _page in rows}, key=_role_key)
    out.append("<p>" + " · ".join(f'<a href="#{html.escape(r)}">{html.escape(r)}</a>' for r in roles) + "</p>")
    for role in roles:
        out += [f'<h2 id="{html.escape(role)}">{html.escape(role)}</h2>', "<table>",
                "<tr><th>page</th>" + "".join(f"<th>{lang}</th>" for lang in languages) + "</tr>"]
        for (row_role, page), files in sorted(rows.items()):
            if row_role != role:
                continue
            info = manifest.get(f"{role}--{page}", {})
            title = html.escape(info.get("title") or page)
            url = f"<br><small>{html.escape(info['url'])}</small>" if info.get("url") else ""
            cells = []
            for lang in languages:
                name = files.get(lang)
                if name is None:
                    cells.append('<td class="missing">missing</td>')
                else:
                    src = html.escape(name)
                    image = f'<img src="{src}" loading="lazy" alt="{title} ({lang})">'
                    cells.append(f'<td><a href="{src}">{image}</a></td>')
            out.append(f"<tr><th>{title}{url}</th>{''.join(cells)}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    index = folder / "index.html"
    index.write_text("\n".join(out) + "\n", encoding="utf-8")
    return index


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "screens/out")))
