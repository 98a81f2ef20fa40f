"""The charge point's state, without I/O: connectors, transactions, reservations and the
non-volatile store, and the OCPP 1.6 connector status derived from them.

Status is never stored: it is computed from physical facts (cable plugged, EV connected,
fault, availability) and the session (authorization, transaction, reservation), so it cannot
drift from the facts. The product reports a StatusNotification whenever it changes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ocpp.v16.enums import AvailabilityType, ChargePointErrorCode, ChargePointStatus

from octt_py.pics import Pics
from octt_py.reference.charge_point.authorization import AuthorizationCache, LocalAuthList
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.configuration import Configuration
from octt_py.reference.charge_point.smart_charging import ChargingProfile, ProfileStore

Status = tuple[ChargePointStatus, ChargePointErrorCode]

# What each connector's energy meter reads when the simulation starts (Wh): a charge point in
# service, not a new one, so a reading that restarts from 0 shows (connector 1 reads the most).
METER_READING_AT_START = 1_250_000.0


@dataclass
class Transaction:
    local_id: int  # ours, so queued messages can refer to it before the CSMS numbers it
    connector_id: int
    id_tag: str
    meter_start: int
    started_at: datetime
    reservation_id: int | None = None
    parent_id_tag: str | None = None
    transaction_id: int | None = None  # assigned by the Central System in StartTransaction.conf
    deauthorized: bool = False  # StartTransaction.conf not Accepted, StopTransactionOnInvalidId off
    begin_values: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "transactionId": self.transaction_id,
            "localId": self.local_id,
            "connectorId": self.connector_id,
            "idTag": self.id_tag,
            "parentIdTag": self.parent_id_tag,
            "meterStart": self.meter_start,
            "startedAt": format_time(self.started_at),
            "reservationId": self.reservation_id,
            "deauthorized": self.deauthorized,
        }


@dataclass
class Authorization:
    """An id tag accepted for a connector, waiting for the cable (ConnectionTimeOut runs)."""

    id_tag: str
    parent_id_tag: str | None = None
    reservation_id: int | None = None
    charging_profile: ChargingProfile | None = None


@dataclass
class Reservation:
    reservation_id: int
    connector_id: int  # 0: any connector of the charge point
    id_tag: str
    expiry: datetime
    parent_id_tag: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "reservationId": self.reservation_id,
            "connectorId": self.connector_id,
            "idTag": self.id_tag,
            "parentIdTag": self.parent_id_tag,
            "expiryDate": format_time(self.expiry),
        }


@dataclass
class Connector:
    """Connector 0 stands for the charge point as a whole (fault, availability)."""

    connector_id: int
    # physical facts: they survive a reboot
    plugged: bool = False  # cable in the socket (fixed cable: plugged into the EV)
    ev_connected: bool = False
    locked: bool = False
    fault: str | None = None  # ChargePointErrorCode while faulted
    lock_fault: bool = False  # the last locking attempt failed
    lock_failure: bool = False  # test switch: locking will fail
    unlock_failure: bool = False  # test switch: unlocking will fail
    ev_suspended: bool = False
    energy_wh: float = 0.0  # the meter register
    # an open transaction survives a power cut (it is stopped with reason PowerLoss on return)
    transaction: Transaction | None = None
    # volatile session state
    authorization: Authorization | None = None
    finishing: bool = False  # transaction ended, cable still in

    def reset_volatile(self) -> None:
        self.authorization = None
        self.ev_suspended = False

    def to_json(self) -> dict[str, Any]:
        return {
            "plugged": self.plugged,
            "evConnected": self.ev_connected,
            "locked": self.locked,
            "fault": self.fault,
            "lockFault": self.lock_fault,
            "lockFailure": self.lock_failure,
            "unlockFailure": self.unlock_failure,
            "evSuspended": self.ev_suspended,
            "energyWh": round(self.energy_wh, 1),
            "authorizedIdTag": self.authorization.id_tag if self.authorization else None,
            "finishing": self.finishing,
            "transaction": self.transaction.to_json() if self.transaction else None,
        }


class NonVolatile:
    """What survives a reboot or power cut (TC_034: availability; TC_036..039: queued
    transaction messages; configuration, local list, cache, charging profiles)."""

    def __init__(self, pics: Pics) -> None:
        count = pics.capabilities.connectors
        self.availability: dict[int, AvailabilityType] = {
            i: AvailabilityType.operative for i in range(count + 1)
        }
        self.configuration = Configuration(pics)
        self.cache = AuthorizationCache()
        self.local_list = LocalAuthList()
        self.profiles = ProfileStore(pics.capabilities.voltage, pics.capabilities.phases)
        self.queue: deque[Any] = deque()  # outbox messages, see outbox.Outbox
        self.firmware_version = pics.identity.software_version
        self.next_local_id = 1


class Model:
    def __init__(self, pics: Pics) -> None:
        self.pics = pics
        self.nv = NonVolatile(pics)
        count = pics.capabilities.connectors
        self.connectors: dict[int, Connector] = {
            i: Connector(i, energy_wh=METER_READING_AT_START * (count + 1 - i) if i else 0.0)
            for i in range(count + 1)
        }
        self.reservations: dict[int, Reservation] = {}
        self.installing = False  # firmware installation makes every connector Unavailable

    @property
    def config(self) -> Configuration:
        return self.nv.configuration

    def connector_ids(self) -> list[int]:
        """The real connectors, 1..N."""
        return [i for i in self.connectors if i > 0]

    def transactions(self) -> list[Transaction]:
        return [c.transaction for c in self.connectors.values() if c.transaction is not None]

    def find_transaction(self, transaction_id: int) -> Transaction | None:
        for tx in self.transactions():
            if tx.transaction_id == transaction_id:
                return tx
        return None

    def new_local_id(self) -> int:
        self.nv.next_local_id += 1
        return self.nv.next_local_id - 1

    def reset_volatile(self) -> None:
        for connector in self.connectors.values():
            connector.reset_volatile()
        self.reservations.clear()
        self.installing = False

    # -- availability and faults ---------------------------------------------------------

    def inoperative(self, connector_id: int) -> bool:
        availability = self.nv.availability
        return (self.installing or availability[0] == AvailabilityType.inoperative
                or availability[connector_id] == AvailabilityType.inoperative)

    def faulted(self, connector_id: int) -> bool:
        connector = self.connectors[connector_id]
        return bool(self.connectors[0].fault or connector.fault or connector.lock_fault)

    def free(self, connector_id: int) -> bool:
        """Nobody uses, reserved or blocks this connector: a new user could take it."""
        c = self.connectors[connector_id]
        return not (c.transaction or c.authorization or c.plugged or c.finishing
                    or self.faulted(connector_id) or self.inoperative(connector_id)
                    or any(r.connector_id == connector_id for r in self.reservations.values()))

    # -- reservations --------------------------------------------------------------------

    def reservation_on(self, connector_id: int) -> Reservation | None:
        """The reservation that holds this connector: its own, or a connector-0 reservation
        once this is the last free connector."""
        for reservation in self.reservations.values():
            if reservation.connector_id == connector_id:
                return reservation
        anywhere = next((r for r in self.reservations.values() if r.connector_id == 0), None)
        if anywhere is None or connector_id == 0:
            return None
        free = [i for i in self.connector_ids() if self.free(i)]
        return anywhere if free == [connector_id] else None

    def reservation_for_start(self, connector_id: int, id_tag: str) -> Reservation | None:
        """The reservation that governs a start by ``id_tag`` on this connector."""
        held = self.reservation_on(connector_id)
        if held is not None:
            return held
        anywhere = next((r for r in self.reservations.values() if r.connector_id == 0), None)
        if anywhere is not None and anywhere.id_tag == id_tag:
            return anywhere
        return None

    # -- status ----------------------------------------------------------------------------

    def status(self, connector_id: int, at: datetime | None = None) -> Status:
        no_error = ChargePointErrorCode.no_error
        cp = self.connectors[0]
        if connector_id == 0:
            if cp.fault:
                return ChargePointStatus.faulted, ChargePointErrorCode(cp.fault)
            if self.installing or self.nv.availability[0] == AvailabilityType.inoperative:
                return ChargePointStatus.unavailable, no_error
            return ChargePointStatus.available, no_error
        c = self.connectors[connector_id]
        if cp.fault or c.fault:
            return ChargePointStatus.faulted, ChargePointErrorCode(c.fault or cp.fault)
        if c.lock_fault:
            return ChargePointStatus.faulted, ChargePointErrorCode.connector_lock_failure
        tx = c.transaction
        if tx is not None:
            if tx.deauthorized:
                return ChargePointStatus.suspended_evse, no_error
            if c.ev_suspended or not c.ev_connected:
                return ChargePointStatus.suspended_ev, no_error
            if self.nv.profiles.limit_w(connector_id, at or now(), tx.started_at,
                                     tx.transaction_id) <= 0:
                return ChargePointStatus.suspended_evse, no_error
            return ChargePointStatus.charging, no_error
        if self.inoperative(connector_id):
            return ChargePointStatus.unavailable, no_error
        if c.finishing:
            return ChargePointStatus.finishing, no_error
        if c.authorization is not None:
            return ChargePointStatus.preparing, no_error
        if self.reservation_on(connector_id) is not None:
            return ChargePointStatus.reserved, no_error
        if c.plugged:
            return ChargePointStatus.preparing, no_error
        return ChargePointStatus.available, no_error
