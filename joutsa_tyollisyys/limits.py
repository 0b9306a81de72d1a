"""Lengths of free text (issue 19): every free-text field has a limit, shown as a live counter (static/js/app.js
on ``maxlength``) and checked by the form with a Finnish message. The database does not enforce them (a
TextField's max_length is the form's), so text saved before a limit existed is kept whole."""

#: A short reason or message (a rejection, a cancellation, a referral, an invitation letter's message).
REASON = 2_000
#: Goals, tasks, plans, conclusions: a few paragraphs.
TEXT = 4_000
#: Notes of a meeting, an evaluation's summary, a team's conclusion: the longest free text.
NOTES = 10_000
