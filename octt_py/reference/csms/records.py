"""What the CSMS remembers: per charge point (across reconnects) and per transaction.

Everything is kept in wire format (camelCase payloads as received) so that ``state()`` shows
the harness exactly what the charge point sent.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from octt_py.reference.csms.outbox import CsmsCall


@dataclass
class ChargePointRecord:
    charge_point_id: str
    connected: bool = False
    connections: int = 0
    last_disconnect: float | None = None  # time.monotonic() of the last drop
    registration: str | None = None  # status of the last BootNotification.conf
    boot: dict[str, Any] | None = None  # the last BootNotification.req
    connectors: dict[int, dict[str, Any]] = field(default_factory=dict)
    received: Counter[str] = field(default_factory=Counter)
    protocol_errors: list[str] = field(default_factory=list)  # frames we could not take
    calls: list[CsmsCall] = field(default_factory=list)  # CSMS-initiated, oldest first
    meter_values: list[dict[str, Any]] = field(default_factory=list)
    data_transfers: list[dict[str, Any]] = field(default_factory=list)
    security_events: list[dict[str, Any]] = field(default_factory=list)
    certificate_signing_requests: list[str] = field(default_factory=list)
    firmware_status: str | None = None
    signed_firmware_status: dict[str, Any] | None = None
    diagnostics_status: str | None = None
    log_status: dict[str, Any] | None = None
    local_list_version: int = 0  # of the last SendLocalList this CSMS sent
    reservation_id: int | None = None  # of the last ReserveNow this CSMS sent
    security_profile: int = 0  # the lowest it accepts the charge point at: the last it set

    def snapshot(self) -> dict[str, Any]:
        data = {
            f.name: copy.deepcopy(getattr(self, f.name))
            for f in fields(self)
            if f.name not in ("last_disconnect", "calls")
        }
        data["connectors"] = {str(k): v for k, v in sorted(self.connectors.items())}
        data["received"] = dict(self.received)
        data["calls"] = [call.snapshot() for call in self.calls]
        return data


@dataclass
class Transaction:
    transaction_id: int
    charge_point_id: str
    connector_id: int
    id_tag: str
    meter_start: int
    start_timestamp: str
    id_tag_info: dict[str, str]
    reservation_id: int | None = None
    meter_stop: int | None = None
    stop_timestamp: str | None = None
    stop_reason: str | None = None
    stop_id_tag: str | None = None
    transaction_data: list[dict[str, Any]] = field(default_factory=list)
    meter_values: list[dict[str, Any]] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.stop_timestamp is None

    def snapshot(self) -> dict[str, Any]:
        return {**asdict(self), "open": self.open}


class TransactionLedger:
    """Every transaction this CSMS has seen, in start order. Ids are never reused."""

    def __init__(self) -> None:
        self._transactions: list[Transaction] = []
        self._last_id = 0

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def add(self, transaction: Transaction) -> None:
        self._transactions.append(transaction)

    def find(self, transaction_id: int) -> Transaction | None:
        """The latest transaction with that id (there is only one unless a fault reuses ids)."""
        for transaction in reversed(self._transactions):
            if transaction.transaction_id == transaction_id:
                return transaction
        return None

    def current(self, charge_point_id: str) -> Transaction | None:
        """The charge point's most recently started transaction that is still open."""
        for transaction in reversed(self._transactions):
            if transaction.charge_point_id == charge_point_id and transaction.open:
                return transaction
        return None

    def snapshot(self) -> list[dict[str, Any]]:
        return [t.snapshot() for t in self._transactions]
