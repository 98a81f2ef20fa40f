"""Correlation of CALLs with their replies, and the OCPP-J discipline rules.

OCPP-J 1.6 §4.1.1 allows one outstanding CALL per direction: a sender must wait for the reply
(or its timeout) before sending the next CALL. Unique ids must be unique per sender and
connection, and a reply must answer a CALL that is actually outstanding. A real DUT breaks
these rules more often than one would think, and peers silently drop what does not fit; here
every breach becomes a :class:`Breach` for the trace, so a case can fail on it.

This module keeps no clock: callers pass the monotonic timestamps the transport stamped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from octt_py.ocppj.frames import Call, Reply


class Rule(StrEnum):
    SECOND_OUTSTANDING_CALL = "second-outstanding-call"
    REUSED_UNIQUE_ID = "reused-unique-id"
    REPLY_TO_UNKNOWN_ID = "reply-to-unknown-id"
    LATE_REPLY = "late-reply"
    DUPLICATE_REPLY = "duplicate-reply"


@dataclass(frozen=True)
class Breach:
    rule: Rule
    message: str
    unique_id: str


@dataclass(frozen=True)
class Exchange:
    """A CALL we sent and the reply the DUT gave to it."""

    call: Call
    sent_ns: int
    reply: Reply
    received_ns: int

    @property
    def latency_ns(self) -> int:
        return self.received_ns - self.sent_ns


@dataclass
class _Outstanding:
    call: Call
    sent_ns: int
    timed_out: bool = False


class Correlator:
    """Tracks both directions of one connection.

    "Ours" are CALLs the harness sent (awaiting the DUT's reply); "theirs" are CALLs the DUT
    sent (awaiting our reply).
    """

    def __init__(self) -> None:
        self._ours: dict[str, _Outstanding] = {}
        self._answered_ours: set[str] = set()
        self._theirs_open: dict[str, Call] = {}
        self._theirs_seen: set[str] = set()
        self._last_answered: tuple[Call, int] | None = None  # and when its reply left

    # -- CALLs we send ---------------------------------------------------------------------

    def call_sent(self, call: Call, sent_ns: int) -> None:
        if call.unique_id in self._ours or call.unique_id in self._answered_ours:
            raise ValueError(f"harness reused its own unique id {call.unique_id!r}")
        self._ours[call.unique_id] = _Outstanding(call, sent_ns)

    def call_timed_out(self, unique_id: str) -> None:
        """Our wait ended; a reply arriving later is a late reply, not an unknown one."""
        if unique_id in self._ours:
            self._ours[unique_id].timed_out = True

    def reply_received(self, reply: Reply, received_ns: int) -> Exchange | Breach:
        outstanding = self._ours.pop(reply.unique_id, None)
        if outstanding is None:
            if reply.unique_id in self._answered_ours:
                return Breach(
                    Rule.DUPLICATE_REPLY,
                    f"second reply to CALL {reply.unique_id!r}, which was already answered",
                    reply.unique_id,
                )
            return Breach(
                Rule.REPLY_TO_UNKNOWN_ID,
                f"reply to unique id {reply.unique_id!r}, which matches no CALL the harness sent",
                reply.unique_id,
            )
        self._answered_ours.add(reply.unique_id)
        exchange = Exchange(outstanding.call, outstanding.sent_ns, reply, received_ns)
        if outstanding.timed_out:
            late_ms = exchange.latency_ns / 1e6
            return Breach(
                Rule.LATE_REPLY,
                f"reply to {outstanding.call.action} came after the harness had given up "
                f"waiting ({late_ms:.0f} ms after the CALL)",
                reply.unique_id,
            )
        return exchange

    @property
    def awaiting_reply(self) -> bool:
        return any(not o.timed_out for o in self._ours.values())

    # -- CALLs the DUT sends ---------------------------------------------------------------

    def call_received(self, call: Call, received_ns: int) -> list[Breach]:
        """Breaches of a CALL from the DUT that reached the harness at ``received_ns``.

        The harness answers each CALL before it reads the next, so "sent while the previous one
        was unanswered" is decided by time: this CALL arrived before the harness's reply to the
        previous one had left.
        """
        pending = next(iter(self._theirs_open.values()), None)
        if pending is None and self._last_answered is not None:
            answered, replied_ns = self._last_answered
            pending = answered if received_ns < replied_ns else None
        if pending is None and call.unique_id not in self._theirs_seen:  # the usual case
            self._theirs_seen.add(call.unique_id)
            self._theirs_open[call.unique_id] = call
            return []
        breaches = []
        if call.unique_id in self._theirs_seen:
            breaches.append(
                Breach(
                    Rule.REUSED_UNIQUE_ID,
                    f"{call.action} reuses unique id {call.unique_id!r} of an earlier CALL",
                    call.unique_id,
                )
            )
        if pending is not None:
            breaches.append(
                Breach(
                    Rule.SECOND_OUTSTANDING_CALL,
                    f"{call.action} sent while its {pending.action} ({pending.unique_id!r}) "
                    "was still unanswered; OCPP-J allows one outstanding CALL per direction",
                    call.unique_id,
                )
            )
        self._theirs_seen.add(call.unique_id)
        self._theirs_open[call.unique_id] = call
        return breaches

    def reply_sent(self, unique_id: str, sent_ns: int | None) -> None:
        """The harness answered the DUT's CALL at ``sent_ns`` (None: the send failed)."""
        answered = self._theirs_open.pop(unique_id, None)
        if answered is not None and sent_ns is not None:
            self._last_answered = (answered, sent_ns)
