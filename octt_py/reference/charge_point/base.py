"""The state every part of the reference charge point shares, and the plumbing under them all.

``ChargePointBase`` holds the whole state of the simulated charge point (model, meters, outbox,
control server, test-rig switches, task and timer tables), its snapshot for the control API
(``state``), the dispatch of control actions (``perform``), StatusNotification reporting
(OCPP 1.6 section 4.9) with the outbox's retry policy, and the task bookkeeping: *power* tasks
die with the power, *product* tasks outlive a reboot. The behaviours of the feature profiles
subclass it (``sessions``, ``connection``, ``firmware``, ``reservation``, ``remote_trigger``);
``product.ReferenceChargePoint`` composes them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterable
from datetime import datetime
from typing import Any

from ocpp.v16 import call
from ocpp.v16.enums import (
    ChargePointErrorCode,
    ChargePointStatus,
    DiagnosticsStatus,
    FirmwareStatus,
)
from websockets.asyncio.client import ClientConnection

from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.faults import FAULTS
from octt_py.reference.charge_point.link import Link
from octt_py.reference.charge_point.metering import Meters
from octt_py.reference.charge_point.model import Model, Status
from octt_py.reference.charge_point.outbox import Message, Outbox
from octt_py.reference.control import ControlServer, UnknownAction
from octt_py.reference.faults import FaultSwitches

LOG = logging.getLogger(__name__)


class ChargePointBase:
    """The shared state and plumbing of ``product.ReferenceChargePoint``."""

    def __init__(self, pics: Pics, csms_url: str, faults: Iterable[str] = (),
                 control_port: int = 0, pki: TestPki | None = None) -> None:
        self.pics = pics
        self.pki = pki  # the run's test PKI: the CA it trusts, its charge point certificate
        self.csms_url = csms_url.rstrip("/")
        self.charge_point_id = pics.identity.charge_point_id
        self.faults = FaultSwitches(FAULTS, faults)
        self.model = Model(pics)
        self.meters = Meters(self.model)
        self.outbox = Outbox(self.model.nv.queue, self._retry_policy,
                             lambda: "offline_queue_reordered" in self.faults)
        self.control = ControlServer(self.perform, self.state, self.faults, port=control_port)
        self.registration: str | None = None
        self.powered = False
        # test-rig switches
        self.local_list_failure = False
        self.reservation_refusal = False
        self.trigger_refusal = False
        self.firmware_install_failure = False
        self._online_wanted = asyncio.Event()
        self._online_wanted.set()
        self._registered = asyncio.Event()
        self._boot_accepted_by_trigger = asyncio.Event()
        self._link: Link | None = None
        self._ws: ClientConnection | None = None
        self._power_tasks: set[asyncio.Task[Any]] = set()
        self._product_tasks: set[asyncio.Task[Any]] = set()
        self._power_lock = asyncio.Lock()
        self._power_change: asyncio.Task[Any] | None = None
        self._heartbeat: asyncio.Task[Any] | None = None
        self._aligned: asyncio.Task[Any] | None = None
        self._samplers: dict[int, asyncio.Task[Any]] = {}
        self._connection_timers: dict[int, asyncio.Task[Any]] = {}
        self._reservation_timers: dict[int, asyncio.Task[Any]] = {}
        self._firmware_task: asyncio.Task[Any] | None = None
        self._delivered: dict[int, Status | None] = {}
        self._enqueued: dict[int, Status | None] = {}
        self._firmware_status = FirmwareStatus.idle
        self._diagnostics_status = DiagnosticsStatus.idle
        self._power_lost_at: datetime | None = None

    # -- public API ----------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        model = self.model
        connectors = []
        for cid, connector in model.connectors.items():
            status, error = model.status(cid)
            connectors.append({"connectorId": cid, "status": status, "errorCode": error,
                               "availability": model.nv.availability[cid],
                               **connector.to_json()})
        return {
            "chargePointId": self.charge_point_id,
            "powered": self.powered,
            "connected": self._link is not None,
            "online": self.outbox.online,
            "offlineSwitch": not self._online_wanted.is_set(),
            "registration": self.registration,
            "connectors": connectors,
            "transactions": [tx.to_json() for tx in model.transactions()],
            "reservations": [r.to_json() for r in model.reservations.values()],
            "configuration": {key.name: key.value for key in model.config.all_keys()},
            "localListVersion": model.nv.local_list.version,
            "localListSize": len(model.nv.local_list),
            "cacheSize": len(model.nv.cache),
            "chargingProfiles": [p.to_json() for p in model.nv.profiles.all()],
            "queuedMessages": self.outbox.pending(),
            "firmwareVersion": model.nv.firmware_version,
            "firmwareStatus": self._firmware_status,
            "diagnosticsStatus": self._diagnostics_status,
            "switches": {"localListFailure": self.local_list_failure,
                         "reservationRefusal": self.reservation_refusal,
                         "triggerRefusal": self.trigger_refusal,
                         "firmwareInstallFailure": self.firmware_install_failure},
            "faults": self.faults.active(),
        }

    async def perform(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        """One control-API action; raises UnknownAction, ActionRejected, TypeError/ValueError."""
        action = getattr(self, f"_act_{name}", None) if name.isidentifier() else None
        if action is None:
            raise UnknownAction(f"no action {name!r}")
        result = action(**params)
        if asyncio.iscoroutine(result):
            result = await result
        return result or {}

    # -- status reporting and retries -----------------------------------------------------------

    def refresh_status(self) -> None:
        """Report every connector whose status changed (while online; reconnects catch up)."""
        at = now()
        for cid in self.model.connectors:
            self.meters.advance(cid, at)
        if not self.outbox.online:
            return
        for cid in self.model.connectors:
            status = self.model.status(cid)
            if status[0] == ChargePointStatus.preparing and "no_preparing_status" in self.faults:
                continue
            if status != self._enqueued.get(cid):
                self.outbox.put(self._status_message(cid))

    def _status_message(self, connector_id: int, pre_registration: bool = False) -> Message:
        status, error = self.model.status(connector_id)
        self._enqueued[connector_id] = (status, error)
        if status == ChargePointStatus.finishing and "skips_finishing" in self.faults:
            status = ChargePointStatus.available
        if status == ChargePointStatus.faulted and "faulted_without_error_code" in self.faults:
            error = ChargePointErrorCode.no_error
        payload = call.StatusNotification(connector_id=connector_id, error_code=error,
                                          status=status, timestamp=format_time(now()))

        def delivered(result: Any | None) -> None:
            if result is not None:
                self._delivered[connector_id] = (status, error)

        return Message("StatusNotification", lambda: payload, on_result=delivered,
                       pre_registration=pre_registration)

    def _retry_policy(self) -> tuple[int, float]:
        config = self.model.config
        return (max(1, config.get_int("TransactionMessageAttempts", 3)),
                float(config.get_int("TransactionMessageRetryInterval", 10)))

    # -- tasks ------------------------------------------------------------------------------------

    def _spawn_power(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._track(self._power_tasks, coro)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._track(self._product_tasks, coro)

    @staticmethod
    def _track(tasks: set[asyncio.Task[Any]], coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        tasks.add(task)

        def finished(done: asyncio.Task[Any]) -> None:
            tasks.discard(done)
            if not done.cancelled() and done.exception() is not None:
                LOG.error("task failed", exc_info=done.exception())

        task.add_done_callback(finished)
        return task

    @staticmethod
    def _cancel(timers: dict[int, asyncio.Task[Any]], key: int) -> None:
        task = timers.pop(key, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("enabled must be true or false")
    return value
