from tests.matrix import EVERYONE, Case

CASES = [
    Case("core:home", EVERYONE),
    Case("two_factor_setup", EVERYONE),
    Case("two_factor_verify", EVERYONE, ok=(302,)),  # no authenticator yet: sent to set one up
    Case("core:notification_read", EVERYONE, kwargs=lambda w: {"pk": 999999}, method="post", ok=(302,)),
]
