"""The transaction and connector ledger of a charge point DUT.

Fed by every exchange of the run (connections outlive cases), it knows each transaction the
fake CSMS numbered, its connector, meterStart and timestamps, the energy register of each
connector over time, and the reservations the charge point accepted. Against that it judges
meter readings (the register never decreases), timestamps (start ≤ meter values ≤ stop; queued
messages keep the time of their event), transaction ids and connectors, and reservation ids.
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from octt_py.checks.base import Seen, Sink
from octt_py.checks.clock import DutClock, parse_time, seconds
from octt_py.checks.metering import MeterChecks, Sample, samples
from octt_py.checks.rules import (
    METER_REGISTER_DECREASED,
    METER_STOP_BELOW_START,
    RESERVATION_ID_MISSING,
    TIME_OFFLINE_STAMPED_AT_SEND,
    TIME_TRANSACTION_ORDER,
    TRANSACTION_CONNECTOR_ZERO,
    TRANSACTION_UNKNOWN_ID,
)

# A replayed message stamped this much (or the spread of the charge point's clock estimate, if
# more) after the reconnect was stamped when sent: closer to the reconnect, an event at the last
# moment offline and a stamp at send time cannot be told apart.
REPLAY_MARGIN = timedelta(milliseconds=50)
REGISTER_HISTORY = 500  # readings kept per connector: enough for any case, bounded for a long run


@dataclass
class Transaction:
    transaction_id: int
    connector: int
    id_tag: str
    meter_start: int | None
    started: datetime | None
    link: int
    latest: datetime | None = None  # the latest timestamp of its meter values so far


@dataclass
class Reservation:
    reservation_id: int
    connector: int  # 0: any connector
    id_tag: str
    expiry: datetime | None


@dataclass
class _Link:
    booted: bool = False  # a BootNotification came on it


@dataclass
class _Register:
    """One connector's energy register over time: (timestamp, Wh, reading step in Wh, what)."""

    readings: list[tuple[datetime, float, float, str]] = field(default_factory=list)

    def conflict(self, at: datetime, wh: float, step: float) -> tuple[datetime, float, str] | None:
        """An earlier reading above ``wh`` or a later one below it, by more than the coarser
        reading step (the same register rounded one way and truncated the other)."""
        for when, value, other_step, what in self.readings:
            slack = max(step, other_step)
            if (when < at and value > wh + slack) or (when > at and value < wh - slack):
                return when, value, what
        return None

    def add(self, at: datetime, wh: float, step: float, what: str) -> None:
        insort(self.readings, (at, wh, step, what))
        del self.readings[:-REGISTER_HISTORY]


class TransactionLedger:
    def __init__(self, meter: MeterChecks, sink: Sink, dut_clock: DutClock) -> None:
        self.meter, self.sink, self.dut_clock = meter, sink, dut_clock
        self.open: dict[int, Transaction] = {}
        self.stopped: dict[int, Transaction] = {}
        self.reservations: dict[int, Reservation] = {}
        self.accepted_reservations: set[int] = set()
        self._registers: dict[int, _Register] = {}
        self._links: dict[int, _Link] = {}

    def exchanged(self, seen: Seen) -> None:
        link = self._links.setdefault(seen.link, _Link())
        handler = {
            "BootNotification": self._boot,
            "StartTransaction": self._start,
            "MeterValues": self._meter_values,
            "StopTransaction": self._stop,
            "ReserveNow": self._reserve_now,
            "CancelReservation": self._cancel_reservation,
            "StatusNotification": self._status,
        }.get(seen.action)
        if handler is not None:
            handler(seen, link)

    # -- reservations --------------------------------------------------------------------------

    def _boot(self, seen: Seen, link: _Link) -> None:
        if seen.by_dut:
            link.booted = True
            self.reservations.clear()  # OCPP 1.6 leaves reservations across a reboot to the product

    def _reserve_now(self, seen: Seen, link: _Link) -> None:
        payload = seen.payload
        if seen.by_dut or (seen.answer or {}).get("status") != "Accepted":
            return
        reservation_id, connector = payload.get("reservationId"), payload.get("connectorId")
        if isinstance(reservation_id, int) and isinstance(connector, int):
            self.reservations[reservation_id] = Reservation(
                reservation_id, connector, str(payload.get("idTag")), parse_time(payload.get("expiryDate"))
            )
            self.accepted_reservations.add(reservation_id)

    def _cancel_reservation(self, seen: Seen, link: _Link) -> None:
        if not seen.by_dut and (seen.answer or {}).get("status") == "Accepted":
            self.reservations.pop(seen.payload.get("reservationId"), None)  # type: ignore[arg-type]

    def _status(self, seen: Seen, link: _Link) -> None:
        """A connector that reports anything but Reserved no longer holds its reservation
        (expired or cancelled), unless a transaction just started on it."""
        payload = seen.payload
        connector, status = payload.get("connectorId"), payload.get("status")
        if status in ("Reserved", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE"):
            return
        for reservation in list(self.reservations.values()):
            if reservation.connector == connector:
                del self.reservations[reservation.reservation_id]

    def _reservation_used(self, seen: Seen, connector: int, id_tag: str, at: datetime | None) -> None:
        given = seen.payload.get("reservationId")
        if isinstance(given, int):
            if given not in self.accepted_reservations:
                self.sink.report(
                    RESERVATION_ID_MISSING,
                    f"StartTransaction on connector {connector} carries reservationId {given},"
                    " which is no reservation the charge point accepted",
                    seen.frame,
                )
            self.reservations.pop(given, None)
            return
        for reservation in list(self.reservations.values()):
            if reservation.connector not in (0, connector) or reservation.id_tag != id_tag:
                continue
            if reservation.expiry is not None and at is not None and at > reservation.expiry:
                continue
            del self.reservations[reservation.reservation_id]
            self.sink.report(
                RESERVATION_ID_MISSING,
                f"StartTransaction on connector {connector} for {id_tag} carries no reservationId;"
                f" reservation {reservation.reservation_id} (ReserveNow Accepted, connector"
                f" {reservation.connector}) was made for that id tag",
                seen.frame,
            )
            return

    # -- transactions --------------------------------------------------------------------------

    def _start(self, seen: Seen, link: _Link) -> None:
        if not seen.by_dut:
            return
        payload = seen.payload
        connector, id_tag = payload.get("connectorId"), str(payload.get("idTag"))
        started = parse_time(payload.get("timestamp"))
        if not isinstance(connector, int):
            return
        if connector == 0:
            self.sink.report(
                TRANSACTION_CONNECTOR_ZERO,
                f"StartTransaction for {id_tag} uses connectorId 0, the charge point as a whole;"
                " a transaction takes place on a connector (connectorId > 0)",
                seen.frame,
            )
        self._reservation_used(seen, connector, id_tag, started)
        self._replayed(seen, link, started)
        meter_start = payload.get("meterStart")
        meter_start = meter_start if isinstance(meter_start, int) else None
        if meter_start is not None and started is not None:
            self._reading(connector, started, meter_start, "meterStart", seen.frame)
        transaction_id = (seen.answer or {}).get("transactionId")
        if isinstance(transaction_id, int):
            self.open[transaction_id] = Transaction(
                transaction_id, connector, id_tag, meter_start, started, seen.link
            )

    def _meter_values(self, seen: Seen, link: _Link) -> None:
        if not seen.by_dut:
            return
        payload = seen.payload
        connector, transaction_id = payload.get("connectorId"), payload.get("transactionId")
        found = samples(payload.get("meterValue"))
        self.meter.judge(found, "MeterValues", seen.frame, in_stop=False)
        if not isinstance(connector, int) or not isinstance(transaction_id, int):
            return
        if connector == 0:
            self.sink.report(
                TRANSACTION_CONNECTOR_ZERO,
                f"MeterValues for transaction {transaction_id} use connectorId 0 (the main meter);"
                " a transaction's meter values belong to its connector",
                seen.frame, about=("MeterValues", transaction_id),
            )
            return
        transaction = self._known(seen, "MeterValues", transaction_id, connector)
        if transaction is not None:
            self._transaction_samples(seen, transaction, found, "MeterValues")

    def _stop(self, seen: Seen, link: _Link) -> None:
        if not seen.by_dut:
            return
        payload = seen.payload
        transaction_id = payload.get("transactionId")
        stopped = parse_time(payload.get("timestamp"))
        if payload.get("reason") != "DeAuthorized":
            self._replayed(seen, link, stopped)
        if not isinstance(transaction_id, int):
            return
        transaction = self._known(seen, "StopTransaction", transaction_id, None)
        if transaction is None:
            return
        found = samples(payload.get("transactionData"))
        self.meter.judge(found, "StopTransaction transactionData", seen.frame, in_stop=True)
        self._transaction_samples(seen, transaction, found, "StopTransaction transactionData")
        if stopped is not None:
            self._in_order(seen, transaction, stopped, "StopTransaction")
        meter_stop = payload.get("meterStop")
        if isinstance(meter_stop, int) and stopped is not None:
            start = transaction.meter_start
            if start is not None and meter_stop < start:
                self.sink.report(
                    METER_STOP_BELOW_START,
                    f"StopTransaction for transaction {transaction_id}: meterStop {meter_stop} Wh is below"
                    f" its meterStart {start} Wh",
                    seen.frame,
                )
            else:
                self._reading(transaction.connector, stopped, meter_stop, "meterStop", seen.frame)
        if seen.answer is not None:  # a CALLERROR leaves it open: the charge point sends it again
            self.stopped[transaction_id] = self.open.pop(transaction_id)

    def _known(self, seen: Seen, what: str, transaction_id: int, connector: int | None) -> Transaction | None:
        """The open transaction ``transaction_id`` names; reports when there is none."""
        transaction = self.open.get(transaction_id)
        problem = None
        if transaction is None:
            done = self.stopped.get(transaction_id)
            if done is None and not self.open and not self.stopped:
                return None  # before the first StartTransaction of the run: one from before it
            if done is None:
                problem = "no transaction the CSMS numbered in a StartTransaction.conf"
            elif what == "StopTransaction" and done.link != seen.link:
                return None  # sent again after a connection loss: the answer may have been lost
            else:
                problem = f"transaction {transaction_id} was already stopped"
        elif connector not in (None, 0, transaction.connector):
            problem = f"transaction {transaction_id} runs on connector {transaction.connector}"
        if problem is None:
            return transaction
        where = f" on connector {connector}" if connector is not None else ""
        self.sink.report(
            TRANSACTION_UNKNOWN_ID,
            f"{what}{where} names transactionId {transaction_id}: {problem}",
            seen.frame, about=(what, transaction_id),
        )
        return None

    def _transaction_samples(self, seen: Seen, transaction: Transaction, found: list[Sample], where: str) -> None:
        for sample in found:
            self._in_order(seen, transaction, sample.at, where)
            wh = sample.register_wh
            if wh is not None:
                self._reading(transaction.connector, sample.at, wh, f"{where} ({sample.context})", seen.frame,
                              sample.resolution_wh)

    def _in_order(self, seen: Seen, transaction: Transaction, at: datetime, what: str) -> None:
        started = transaction.started
        if started is not None and at < started:
            self.sink.report(
                TIME_TRANSACTION_ORDER,
                f"{what} of transaction {transaction.transaction_id} is stamped {at:%H:%M:%S.%f}"[:-3]
                + f", before its StartTransaction ({seconds(at - started)})",
                seen.frame, about=(transaction.transaction_id, "before start"),
            )
        latest = transaction.latest
        if what == "StopTransaction" and latest is not None and at < latest:
            self.sink.report(
                TIME_TRANSACTION_ORDER,
                f"StopTransaction of transaction {transaction.transaction_id} is stamped before its"
                f" meter values ({seconds(at - latest)} from the latest)",
                seen.frame, about=(transaction.transaction_id, "after stop"),
            )
        elif what != "StopTransaction":
            transaction.latest = at if latest is None else max(latest, at)

    def _reading(self, connector: int, at: datetime, wh: float, what: str, frame: int | None,
                 step: float = 1.0) -> None:
        register = self._registers.setdefault(connector, _Register())
        conflict = register.conflict(at, wh, step)
        if conflict is not None:
            when, value, other = conflict
            order = "earlier" if when < at else "later"
            self.sink.report(
                METER_REGISTER_DECREASED,
                f"connector {connector}'s Energy.Active.Import.Register goes backwards: {what} reads"
                f" {wh:g} Wh at {at:%H:%M:%S}, the {order} {other} at {when:%H:%M:%S} read {value:g} Wh",
                frame, about=("register", connector),
            )
            return
        register.add(at, wh, step, what)

    # -- queued while offline ----------------------------------------------------------------

    def _replayed(self, seen: Seen, link: _Link, stamp: datetime | None) -> None:
        """A transaction message the charge point replays on a new connection (after a
        connection loss, not a reboot, before the harness did anything on it) happened while it
        was offline: it must not be stamped after the connection came back."""
        offset, noise = self.dut_clock.offset, self.dut_clock.noise
        replay = seen.link > 1 and not link.booted and seen.cause_ns < seen.link_opened_ns
        if not replay or stamp is None or offset is None:
            return
        back = seen.sent - timedelta(microseconds=(seen.exchange.call_ns - seen.link_opened_ns) / 1000) + offset
        if stamp > back + max(noise, REPLAY_MARGIN):
            self.sink.report(
                TIME_OFFLINE_STAMPED_AT_SEND,
                f"{seen.action} replayed after the reconnect is stamped {stamp:%H:%M:%S.%f}"[:-3]
                + f", {seconds(stamp - back)} after the connection came back (on the charge point's"
                " clock): it went out when the connection came back, but happened while offline;"
                " queued messages keep the time of their event",
                seen.frame, about=(seen.action, seen.link),
            )
