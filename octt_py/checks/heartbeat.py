"""The heartbeat of a charge point DUT, judged as idleness (OCPP 1.6 §4.6).

A charge point may skip a Heartbeat when another PDU went out within the interval, so what is
judged is the link: while registered, the longest stretch in which the charge point sent
nothing at all (no CALL, no reply) must stay within the heartbeat interval plus the PICS
max_time_deviation. A stretch starts when the last exchange ended (the charge point is free to
send once its CALL is answered) or when the connection opened.
"""

from __future__ import annotations

from octt_py.checks.base import Seen, Sink
from octt_py.checks.configuration import Configuration
from octt_py.checks.rules import HEARTBEAT_IDLE_LINK


class HeartbeatCheck:
    def __init__(self, config: Configuration, sink: Sink, tolerance_s: float) -> None:
        self.config, self.sink, self.tolerance_s = config, sink, tolerance_s
        self.registered = False
        self._link = 0
        self._since_ns: int | None = None  # the current silent stretch began then
        self._reported = False  # the current stretch has its finding

    def exchanged(self, seen: Seen) -> None:
        exchange = seen.exchange
        if seen.link != self._link:
            self._link, self._since_ns, self._reported = seen.link, seen.link_opened_ns, False
        if seen.action == "BootNotification" and seen.by_dut:
            self.registered = (seen.answer or {}).get("status") == "Accepted"
        elif self._since_ns is not None:
            self._judge(seen.sent_ns - self._since_ns, seen.frame)
        self._reported = False
        self._since_ns = max(self._since_ns or 0, exchange.reply_ns)

    def deadline_ns(self) -> int | None:
        limit = self._limit_ns()
        if limit is None or self._since_ns is None or self._reported:
            return None
        return self._since_ns + limit

    def silence(self, now_ns: int, link: int) -> None:
        if link == self._link and self._since_ns is not None:
            self._judge(now_ns - self._since_ns, None, still=True)

    def _limit_ns(self) -> int | None:
        interval = self.config.number("HeartbeatInterval")
        if not self.registered or interval <= 0:
            return None
        return int((interval + self.tolerance_s) * 1e9)

    def _judge(self, silent_ns: int, frame: int | None, still: bool = False) -> None:
        limit = self._limit_ns()
        if limit is None or self._reported or silent_ns <= limit:
            return
        self._reported = True
        interval = self.config.number("HeartbeatInterval")
        how = "has sent nothing for" if still else "sent nothing for"
        self.sink.report(
            HEARTBEAT_IDLE_LINK,
            f"the charge point {how} {silent_ns / 1e9:.1f} s while registered; its heartbeat interval"
            f" is {interval} s (± {self.tolerance_s:g} s), so a Heartbeat was due",
            frame, about="idle",  # one per case: the same product bug each time
        )
