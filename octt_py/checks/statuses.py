"""Connector statuses: the transitions the OCPP 1.6 status table allows, the charge point's own
status subset, and a Faulted status that names its error."""

from __future__ import annotations

from dataclasses import dataclass

from octt_py.checks.base import Seen, Sink
from octt_py.checks.rules import STATUS_CHARGE_POINT, STATUS_FAULTED_NO_ERROR, STATUS_TRANSITION
from octt_py.pics import Pics

AVAILABLE, PREPARING, CHARGING = "Available", "Preparing", "Charging"
SUSPENDED_EV, SUSPENDED_EVSE, FINISHING = "SuspendedEV", "SuspendedEVSE", "Finishing"
RESERVED, UNAVAILABLE, FAULTED = "Reserved", "Unavailable", "Faulted"

# OCPP 1.6 edition 2, §4.9: from each status (row A … I), the statuses it may change to (columns
# 1 … 9). A3–A5 (Available straight to Charging, SuspendedEV or SuspendedEVSE) are the table's
# "usage initiated" without Preparing, for a charge point without an authorization means:
# ALLOWED_WITHOUT_READER adds them.
ALLOWED: dict[str, frozenset[str]] = {
    AVAILABLE: frozenset({PREPARING, RESERVED, UNAVAILABLE, FAULTED}),
    PREPARING: frozenset({AVAILABLE, CHARGING, SUSPENDED_EV, SUSPENDED_EVSE, FINISHING, FAULTED}),
    CHARGING: frozenset({AVAILABLE, SUSPENDED_EV, SUSPENDED_EVSE, FINISHING, UNAVAILABLE, FAULTED}),
    SUSPENDED_EV: frozenset({AVAILABLE, CHARGING, SUSPENDED_EVSE, FINISHING, UNAVAILABLE, FAULTED}),
    SUSPENDED_EVSE: frozenset({AVAILABLE, CHARGING, SUSPENDED_EV, FINISHING, UNAVAILABLE, FAULTED}),
    FINISHING: frozenset({AVAILABLE, PREPARING, UNAVAILABLE, FAULTED}),
    RESERVED: frozenset({AVAILABLE, PREPARING, UNAVAILABLE, FAULTED}),
    UNAVAILABLE: frozenset({AVAILABLE, PREPARING, CHARGING, SUSPENDED_EV, SUSPENDED_EVSE, FAULTED}),
    FAULTED: frozenset({AVAILABLE, PREPARING, CHARGING, SUSPENDED_EV, SUSPENDED_EVSE, FINISHING,
                        RESERVED, UNAVAILABLE}),
}  # fmt: skip
ALLOWED_WITHOUT_READER = frozenset({CHARGING, SUSPENDED_EV, SUSPENDED_EVSE})
CHARGE_POINT_STATUSES = frozenset({AVAILABLE, UNAVAILABLE, FAULTED})


@dataclass(frozen=True)
class _Reported:
    status: str
    link: int


class StatusChecks:
    def __init__(self, pics: Pics, sink: Sink) -> None:
        self.sink = sink
        self.without_reader = pics.capabilities.rfid_readers == 0
        self.last: dict[int, _Reported] = {}  # connector -> its last reported status

    def exchanged(self, seen: Seen) -> None:
        if seen.action != "StatusNotification" or not seen.by_dut:
            return
        payload = seen.payload
        connector, status, error = payload.get("connectorId"), payload.get("status"), payload.get("errorCode")
        if not isinstance(connector, int) or not isinstance(status, str):
            return
        if status == FAULTED and error == "NoError":
            self.sink.report(
                STATUS_FAULTED_NO_ERROR,
                f"StatusNotification Faulted for connector {connector} carries errorCode NoError;"
                " a fault names its error (e.g. OtherError with vendorErrorCode)",
                seen.frame, about=connector,
            )
        if connector == 0 and status not in CHARGE_POINT_STATUSES:
            self.sink.report(
                STATUS_CHARGE_POINT,
                f"StatusNotification for connectorId 0 reports {status}; the charge point as a whole"
                " is only Available, Unavailable or Faulted",
                seen.frame,
            )
        before = self.last.get(connector)
        self.last[connector] = _Reported(status, seen.link)
        if before is None or before.link != seen.link or before.status == status:
            return
        allowed = ALLOWED.get(before.status, frozenset())
        if self.without_reader and before.status == AVAILABLE:
            allowed = allowed | ALLOWED_WITHOUT_READER
        if status in allowed or before.status not in ALLOWED or status not in ALLOWED:
            return
        missing = f" (without {PREPARING} first)" if before.status == AVAILABLE and status in ALLOWED_WITHOUT_READER else ""
        self.sink.report(
            STATUS_TRANSITION,
            f"connector {connector} went from {before.status} to {status}{missing}, a change the OCPP 1.6"
            " status table (§4.9) does not list",
            seen.frame, about=(connector, before.status, status),
        )
