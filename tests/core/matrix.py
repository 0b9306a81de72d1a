from tests.matrix import EVERYONE, Case

CASES = [
    Case("core:home", EVERYONE),
    Case("two_factor_setup", EVERYONE),
    Case("two_factor_verify", EVERYONE, ok=(302,)),  # no authenticator yet: sent to set one up
    Case("core:notification_read", EVERYONE, kwargs=lambda w: {"pk": 999999}, method="post", ok=(302,)),
    # Undo: a token of one's own only (tests/core/test_ask_first_and_undo.py); a stray one is refused in a message.
    Case("core:undo", EVERYONE, method="post", ok=(302,), data={"token": "not-a-token"}),
]
