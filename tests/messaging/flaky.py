"""A gateway for the task tests: refuses the first ``failures`` messages, then accepts (into the locmem outbox)."""

import threading

from messaging.backends import GatewayError, GatewayUncertain, locmem

state = {"failures": 0, "uncertain": False, "calls": 0}
_lock = threading.Lock()


class SmsBackend(locmem.SmsBackend):
    def send(self, message):
        with _lock:
            state["calls"] += 1
            if state["uncertain"]:
                raise GatewayUncertain("read timeout")
            if state["failures"] > 0:
                state["failures"] -= 1
                raise GatewayError("the gateway answered 503")
        return super().send(message)
