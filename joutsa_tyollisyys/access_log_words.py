"""The access log's "what" in words, in the reader's language: the one place for it.

A log row stores a short English code of what was read ("client page", "KEHA compensation claim 3"): the code
is part of the row's hash and never changes. Every screen that shows log rows (Administration's access log, the
data protection officer's log extract of a client) shows the code through ``describe_what``: a code below in the
reader's language; a code not listed here is shown as stored. A view that logs a new code adds it here (the
tests find the codes the views write)."""

import re

from django.utils.translation import pgettext_lazy

WHAT = {
    "client page": pgettext_lazy("access log", "Client page"),
    "client edit form": pgettext_lazy("access log", "Client's edit form"),
    "client search by national id": pgettext_lazy("access log", "Client search by personal identity code"),
    "invitation letter": pgettext_lazy("access log", "Invitation letter"),
    "GDPR data export": pgettext_lazy("access log", "Data export for the client"),
    "activation figures": pgettext_lazy("access log", "Figures for the activation condition"),
    "activation plan form": pgettext_lazy("access log", "Activation plan form"),
    "activation plan": pgettext_lazy("access log", "Activation plan"),
    "rehabilitative work agreement form": pgettext_lazy("access log", "Rehabilitative work agreement form"),
    "rehabilitative work agreement": pgettext_lazy("access log", "Rehabilitative work agreement"),
    "rehabilitative work decision": pgettext_lazy("access log", "Decision on rehabilitative work"),
    "rehabilitative work info sheet": pgettext_lazy("access log", "Client info sheet of rehabilitative work"),
    "coaching plan": pgettext_lazy("access log", "Coaching plan"),
    "competence certificate": pgettext_lazy("access log", "Competence certificate"),
    "workshop group session": pgettext_lazy("access log", "Attendance of a workshop group session"),
    "obligation employment case": pgettext_lazy("access log", "Obligation employment case"),
    "employment notice form": pgettext_lazy("access log", "Employment notice form"),
    "employment contract": pgettext_lazy("access log", "Employment contract"),
    "wage-subsidy claim summary": pgettext_lazy("access log", "Summary of a wage-subsidy claim"),
    "payment-share review": pgettext_lazy("access log", "Monthly review of the payment-share list"),
    "payment-share review row": pgettext_lazy("access log", "Person on the payment-share list"),
    "payment-share list export": pgettext_lazy("access log", "Payment-share list as Excel"),
    "health and sote cooperation": pgettext_lazy("access log", "Health and sote cooperation"),
    "health cooperation: my open matters": pgettext_lazy("access log", "Health cooperation: my open matters"),
    "clients without a health check": pgettext_lazy("access log", "Clients without a health check"),
    "sote team meetings": pgettext_lazy("access log", "Sote team meetings"),
    "sote team case": pgettext_lazy("access log", "Sote team case"),
    "sote team booking form": pgettext_lazy("access log", "Sote team booking form"),
    "sote team conclusion": pgettext_lazy("access log", "Sote team's conclusion"),
    "health check referral form": pgettext_lazy("access log", "Health check referral form"),
    "health check forms": pgettext_lazy("access log", "Health check: appointment and TE forms"),
    "health check outcome form": pgettext_lazy("access log", "Outcome of the health check"),
    "guided referral form": pgettext_lazy("access log", "Guided referral form"),
    "pension investigation": pgettext_lazy("access log", "Pension investigation"),
    "pension investigation form": pgettext_lazy("access log", "Pension investigation form"),
    "pension investigation examination": pgettext_lazy("access log", "Examination of a pension investigation"),
    "pension investigation closing form": pgettext_lazy("access log", "Closing of a pension investigation"),
    "front page: open pension investigations": pgettext_lazy("access log", "My desk: open pension investigations"),
    "front page: sote team next steps": pgettext_lazy(
        "access log", "My desk: next steps from the sote team"),
    "GDPR right-of-access export (full)": pgettext_lazy(
        "access log", "Client's full copy of their data (right of access)"),
    "TE office record form": pgettext_lazy("access log", "Form of the TE office's records"),
    "attendance month": pgettext_lazy("access log", "Attendance of the month"),
    "attendance week": pgettext_lazy("access log", "Attendance of the week"),
    "calendar feed": pgettext_lazy("access log", "Calendar feed of meetings"),
    "cases awaiting the supervisors' meeting": pgettext_lazy("access log", "Cases awaiting the supervisors' meeting"),
    "client list": pgettext_lazy("access log", "Client list"),
    "consent form": pgettext_lazy("access log", "Consent form"),
    "confirmation question": pgettext_lazy("access log", "Question before a change (cancel, withdraw …)"),
    "decision queue": pgettext_lazy("access log", "Decisions waiting"),
    "front page": pgettext_lazy("access log", "My desk"),
    "invitation form": pgettext_lazy("access log", "Invitation form"),
    "meeting log form": pgettext_lazy("access log", "Form for recording a meeting"),
    "meeting plan form": pgettext_lazy("access log", "Form for planning a meeting"),
    "my meetings": pgettext_lazy("access log", "My meetings"),
    "obligation employment cases": pgettext_lazy("access log", "Obligation employment cases"),
    "overdue evaluations and next steps": pgettext_lazy("access log", "Overdue evaluations and next steps"),
    "possible duplicate": pgettext_lazy("access log", "Possible same client (warning when creating)"),
    "rehabilitative work agreements": pgettext_lazy("access log", "Rehabilitative work agreements"),
    "responsible worker form": pgettext_lazy("access log", "Form for naming the responsible worker"),
    "wage-subsidy claims": pgettext_lazy("access log", "Wage-subsidy payment claims"),
    "access log extract": pgettext_lazy("access log", "This access-log extract"),
    "break-glass sign-in": pgettext_lazy("access log", "Sign-in with the break-glass account"),
    "invitation round form": pgettext_lazy("access log", "Form of a new invitation round"),
    "invitation round": pgettext_lazy("access log", "Invitation round"),
    "invitation round letters": pgettext_lazy("access log", "Invitation letters of a round (PDF)"),
    "text message": pgettext_lazy("access log", "Text message sent to the client (number and text)"),
    "client's text messages": pgettext_lazy("access log", "The client's text messages"),
}

PATTERNS = [
    (re.compile(r"KEHA compensation claim (?P<number>\d+)"),
     pgettext_lazy("access log", "KEHA compensation claim %(number)s")),
    (re.compile(r"attendance statement (?P<year>\d{4})-(?P<month>\d{2})"),
     pgettext_lazy("access log", "Attendance statement %(month)s/%(year)s")),
    (re.compile(r"monthly report list: (?P<key>.*)"),
     pgettext_lazy("access log", "Monthly report, the clients behind a figure: %(key)s")),
    (re.compile(r"workshop: (?P<title>.*)"), pgettext_lazy("access log", "Workshop: %(title)s")),
    (re.compile(r"workshop group (?P<number>\d+)"), pgettext_lazy("access log", "Workshop group %(number)s")),
    (re.compile(r"workshop group (?P<number>\d+): add a participant"),
     pgettext_lazy("access log", "Workshop group %(number)s: adding a participant")),
    (re.compile(r"KEHA claim (?P<number>\d+)"),
     pgettext_lazy("access log", "Participants of KEHA compensation claim %(number)s")),
    (re.compile(r"activation plan: (?P<title>.*)"), pgettext_lazy("access log", "Activation plan: %(title)s")),
    (re.compile(r"activation list: (?P<title>.*)"),
     pgettext_lazy("access log", "List of activation plans (%(title)s)")),
    (re.compile(r"access log extract (?P<period>.+)"),
     pgettext_lazy("access log", "This access-log extract, period %(period)s")),
]


def describe_what(what: str) -> str:
    """The stored code ``what`` in words in the active language (the code itself when it is not known)."""
    if what in WHAT:
        return str(WHAT[what])
    for pattern, text in PATTERNS:
        match = pattern.fullmatch(what)
        if match:
            values = match.groupdict()
            if "month" in values:
                values["month"] = str(int(values["month"]))
            return str(text) % values
    return what
