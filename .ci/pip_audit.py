"""``make audit``'s dependency check: pip-audit, and a plain statement of what it could and could not look up.

pip-audit lists a package it cannot look up (not on the index, no connection) as skipped and still says "no known
vulnerabilities": offline, that reads like a clean bill of health when nothing was checked. This prints how many
packages were checked, names the skipped ones, and fails when pip-audit could look up none of them (exit 2) or found
a known vulnerability (exit 1). Extra arguments go to pip-audit; ``PIP_AUDIT`` names its executable.

``PIP_AUDIT_ALLOW_UNCHECKED=1`` (CI on a machine whose package index has no vulnerability data) still says plainly
that nothing was checked, but exits 0."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NOTHING_CHECKED = 2


def main(argv: list[str]) -> int:
    executable = os.environ.get("PIP_AUDIT") or str(Path(sys.executable).with_name("pip-audit"))
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "pip-audit.json"
        run = subprocess.run(
            [executable, "--progress-spinner", "off", "--format", "json", "--output", str(report), *argv],
            capture_output=True, text=True,
        )
        text = report.read_text() if report.exists() else ""
    try:
        dependencies = json.loads(text)["dependencies"]
    except (ValueError, KeyError, TypeError):
        print(run.stderr.strip()[-2000:], file=sys.stderr)
        print("pip-audit could not look anything up (no connection to the vulnerability database?): "
              "the dependencies were NOT checked for known vulnerabilities.")
        return 0 if os.environ.get("PIP_AUDIT_ALLOW_UNCHECKED") == "1" else NOTHING_CHECKED
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in checked if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    for dependency in skipped:
        print(f"not looked up: {dependency['name']} ({dependency['skip_reason']})")
    if not checked:
        print(f"pip-audit could look up none of the {len(dependencies)} packages: NO vulnerability check was done.")
        return 0 if os.environ.get("PIP_AUDIT_ALLOW_UNCHECKED") == "1" else NOTHING_CHECKED
    print(f"pip-audit looked up {len(checked)} of {len(dependencies)} packages: "
          + (f"{len(vulnerable)} with known vulnerabilities." if vulnerable else "no known vulnerabilities."))
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
