from tests.matrix import EVERYONE, Case

CASES = [
    Case("core:home", EVERYONE),
    Case("two_factor_setup", EVERYONE),
    Case("two_factor_verify", EVERYONE, ok=(302,)),  # no authenticator yet: sent to set one up
    # Single sign-on: not configured in the tests' settings, so its pages are not there for anyone (404); with it
    # configured they are tested against a real provider in tests/sso.
    Case("sso_start", frozenset(), public=True),
    Case("oidc_authentication_callback", frozenset(), public=True, query="code=x&state=y"),
    Case("no_role", EVERYONE, ok=(302,)),  # everyone here has a role: sent to the front page
    Case("core:notification_read", EVERYONE, kwargs=lambda w: {"pk": 999999}, method="post", ok=(302,)),
    # Undo: a token of one's own only (tests/core/test_ask_first_and_undo.py); a stray one is refused in a message.
    Case("core:undo", EVERYONE, method="post", ok=(302,), data={"token": "not-a-token"}),
]
