from tests.matrix import EVERYONE, Case

CASES = [
    Case("core:home", EVERYONE),
    Case("core:notification_read", EVERYONE, kwargs=lambda w: {"pk": 999999}, method="post", ok=(302,)),
]
