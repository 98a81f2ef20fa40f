"""The reference charge point: model, link and outbox wired into one product with a power
switch, a websocket connection to the Central System and a control API for the test rig.

Lifecycle: power on → connect (bounded back-off) → BootNotification until Accepted (waiting the
interval while Rejected or Pending) → StatusNotification for connector 0..N → Heartbeat. A
reboot (Reset, firmware install, ``reboot``) closes the websocket, forgets volatile state,
keeps the non-volatile store and powers on again. A dropped connection reconnects without a new
boot; queued transaction messages are replayed first, then changed statuses.

Two kinds of tasks: *power* tasks (connection, sender, heartbeat, timers, sampling, session
flows) die with the power; *product* tasks (reboot, power changes, firmware update,
diagnostics) outlive a reboot.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import ssl
from collections.abc import Coroutine, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ocpp.exceptions import OCPPError
from ocpp.v16 import call
from ocpp.v16.enums import (
    AuthorizationStatus,
    AvailabilityType,
    ChargePointErrorCode,
    DiagnosticsStatus,
    FirmwareStatus,
    MessageTrigger,
    Reason,
    RegistrationStatus,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Subprotocol

from octt_py.pics import Pics, Profile
from octt_py.reference.charge_point import transfer
from octt_py.reference.charge_point.authorization import IdTagInfo
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.faults import FAULTS
from octt_py.reference.charge_point.link import Link, LinkDown
from octt_py.reference.charge_point.metering import Meters, sampled_values
from octt_py.reference.charge_point.model import (
    Authorization,
    Connector,
    Model,
    Reservation,
    Status,
    Transaction,
)
from octt_py.reference.charge_point.outbox import Message, Outbox
from octt_py.reference.charge_point.smart_charging import ChargingProfile, Selection
from octt_py.reference.control import ActionRejected, ControlServer, UnknownAction
from octt_py.reference.faults import FaultSwitches

LOG = logging.getLogger(__name__)

SUBPROTOCOL = Subprotocol("ocpp1.6")
BACKOFF_MIN = 0.1  # seconds between reconnection attempts, doubling up to BACKOFF_MAX
BACKOFF_MAX = 2.0
OPEN_TIMEOUT = 5.0
RESPONSE_TIMEOUT = 30.0
FLUSH_TIMEOUT = 5.0  # how long a graceful shutdown waits for queued messages to go out
BOOT_WAIT = 5.0  # an id tag presented while the BootNotification is unanswered waits this long
INSTALL_TIME = 0.2
IGNORED_REJECTION_DELAY = 0.2  # boot_ignores_rejected: "at once", without flooding


class ReferenceChargePoint:
    """A conformant OCPP 1.6-J charge point simulator with planted faults."""

    def __init__(self, pics: Pics, csms_url: str, faults: Iterable[str] = (),
                 control_port: int = 0) -> None:
        self.pics = pics
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

    @property
    def control_url(self) -> str:
        return self.control.url

    async def start(self) -> None:
        await self.control.start()
        self._power_on()

    async def stop(self) -> None:
        """Shut down cleanly: nothing is left running."""
        for task in list(self._product_tasks):
            task.cancel()
        await asyncio.gather(*self._product_tasks, return_exceptions=True)
        await self._power_off()
        await self.control.close()

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

    # -- control actions (the operator vocabulary) ----------------------------------------------

    def _act_plug_in(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if c.plugged:
            raise ActionRejected(f"connector {connector} already has a cable plugged in")
        c.plugged, c.ev_connected, c.lock_fault = True, True, False
        if self.powered and c.authorization is not None and c.transaction is None:
            self._start_transaction(connector)
        else:
            self.refresh_status()
        return {}

    def _act_unplug(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if not c.plugged:
            raise ActionRejected(f"connector {connector} has no cable plugged in")
        if c.locked:
            raise ActionRejected(f"the cable of connector {connector} is locked")
        if c.transaction is not None and c.ev_connected:
            self._ev_gone(connector)
        c.plugged = c.ev_connected = c.finishing = c.lock_fault = c.ev_suspended = False
        self.refresh_status()
        return {}

    def _act_ev_disconnect(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if not c.ev_connected:
            raise ActionRejected(f"no EV is connected to connector {connector}")
        self._ev_gone(connector)
        self.refresh_status()
        return {}

    def _act_present_id_tag(self, id_tag: str, connector: int | None = None) -> dict[str, Any]:
        if not isinstance(id_tag, str) or not 0 < len(id_tag) <= 20:
            raise ValueError("id_tag must be a string of 1 to 20 characters")
        if connector is not None:
            self._connector(connector)
        self._require_power()
        self._spawn_power(self._present(id_tag, connector))
        return {}

    def _act_press_stop(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if c.transaction is None:
            raise ActionRejected(f"no transaction on connector {connector}")
        self.stop_transaction(connector, Reason.local)
        return {}

    def _act_fault(self, connector: int, error_code: str = "OtherError") -> dict[str, Any]:
        c = self._connector(connector, allow_zero=True)
        code = ChargePointErrorCode(error_code)
        if code == ChargePointErrorCode.no_error:
            raise ValueError("error_code NoError is not a fault")
        c.fault = code
        affected = self.model.connector_ids() if connector == 0 else [connector]
        for cid in affected:
            if self.model.connectors[cid].transaction is not None:
                self.stop_transaction(cid, Reason.other)
            self.model.connectors[cid].authorization = None
        self.refresh_status()
        return {}

    def _act_clear_fault(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector, allow_zero=True)
        if not (c.fault or c.lock_fault):
            raise ActionRejected(f"connector {connector} is not faulted")
        c.fault, c.lock_fault = None, False
        self.refresh_status()
        return {}

    def _act_lock_failure(self, connector: int, enabled: bool = True) -> dict[str, Any]:
        """The next cable lock on this connector fails (ConnectorLockFailure)."""
        self._connector(connector).lock_failure = _flag(enabled)
        return {}

    def _act_unlock_failure(self, connector: int, enabled: bool = True) -> dict[str, Any]:
        """The next UnlockConnector on this connector fails (UnlockFailed)."""
        self._connector(connector).unlock_failure = _flag(enabled)
        return {}

    def _act_ev_suspend(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if not c.ev_connected or c.ev_suspended:
            raise ActionRejected(f"no charging EV on connector {connector}")
        c.ev_suspended = True
        self.refresh_status()
        return {}

    def _act_ev_resume(self, connector: int) -> dict[str, Any]:
        c = self._connector(connector)
        if not c.ev_suspended:
            raise ActionRejected(f"the EV on connector {connector} is not suspended")
        c.ev_suspended = False
        self.refresh_status()
        return {}

    def _act_power_loss(self) -> dict[str, Any]:
        self._require_power()
        self.powered = False
        self._power_change = self._spawn(self._lose_power())
        return {}

    async def _act_power_restore(self) -> dict[str, Any]:
        if self.powered:
            raise ActionRejected("the charge point is powered")
        if self._power_change is not None:
            await asyncio.shield(self._power_change)
            self._power_change = None
        self._power_on()
        return {}

    def _act_reboot(self) -> dict[str, Any]:
        self._require_power()
        self._spawn(self._reboot(Reason.reboot))
        return {}

    def _act_go_offline(self) -> dict[str, Any]:
        if not self._online_wanted.is_set():
            raise ActionRejected("already offline")
        self._online_wanted.clear()
        if self._ws is not None:
            self._spawn(self._ws.close())
        return {}

    def _act_go_online(self) -> dict[str, Any]:
        if self._online_wanted.is_set():
            raise ActionRejected("not offline")
        self._online_wanted.set()
        return {}

    def _act_local_list_failure(self, enabled: bool = True) -> dict[str, Any]:
        self.local_list_failure = _flag(enabled)
        return {}

    def _act_reservation_refusal(self, enabled: bool = True) -> dict[str, Any]:
        self.reservation_refusal = _flag(enabled)
        return {}

    def _act_trigger_refusal(self, enabled: bool = True) -> dict[str, Any]:
        self.trigger_refusal = _flag(enabled)
        return {}

    def _act_firmware_install_failure(self, enabled: bool = True) -> dict[str, Any]:
        self.firmware_install_failure = _flag(enabled)
        return {}

    def _connector(self, connector: int, allow_zero: bool = False) -> Connector:
        if not isinstance(connector, int) or isinstance(connector, bool):
            raise TypeError("connector must be an integer")
        if connector not in self.model.connectors or (connector == 0 and not allow_zero):
            raise ValueError(f"no connector {connector}")
        return self.model.connectors[connector]

    def _require_power(self) -> None:
        if not self.powered:
            raise ActionRejected("the charge point is powered off")

    # -- consequences of CSMS messages (called by Link effects, never awaiting a CALL) -----------

    def refresh_status(self) -> None:
        """Report every connector whose status changed (while online; reconnects catch up)."""
        at = now()
        for cid in self.model.connectors:
            self.meters.advance(cid, at)
        if not self.outbox.online:
            return
        for cid in self.model.connectors:
            if self.model.status(cid) != self._enqueued.get(cid):
                self.outbox.put(self._status_message(cid))

    def change_configuration(self, key: str, value: str) -> None:
        self.model.config.change(key, value)
        if key == "HeartbeatInterval" and self._heartbeat is not None:
            self._start_heartbeat()
        elif key == "MeterValueSampleInterval":
            for cid in list(self._samplers):
                self._start_sampler(cid)
        elif key == "ClockAlignedDataInterval":
            self._start_aligned()

    def choose_connector(self, id_tag: str) -> int | None:
        """Where an id tag without a connector goes: its reservation, a plugged idle
        connector (plug-in first), else the first free one."""
        model = self.model

        def usable(cid: int) -> bool:
            c = model.connectors[cid]
            return not (c.transaction or c.authorization or c.finishing or model.faulted(cid)
                        or model.inoperative(cid))

        ids = [cid for cid in model.connector_ids() if usable(cid)]
        for cid in ids:
            held = model.reservation_on(cid)
            if held is not None and held.id_tag == id_tag:
                return cid
        for cid in ids:
            if model.connectors[cid].plugged:
                return cid
        return next((cid for cid in ids if model.free(cid)), None)

    def remote_start(self, connector_id: int, id_tag: str,
                     profile: ChargingProfile | None) -> None:
        self._spawn_power(self._remote_start(connector_id, id_tag, profile))

    def stop_transaction(self, connector_id: int, reason: str, id_tag: str | None = None,
                         at: datetime | None = None) -> None:
        c = self.model.connectors[connector_id]
        tx = c.transaction
        if tx is None:
            return
        at = at or now()
        self.meters.advance(connector_id, at)
        c.transaction = None
        meter_stop = int(c.energy_wh)
        self._cancel(self._samplers, connector_id)
        measurands = self.model.config.get_list("StopTxnSampledData")
        transaction_data = None
        if measurands:
            end = sampled_values(measurands, "Transaction.End",
                                 self.meters.read(connector_id, at, "Transaction.End"))
            transaction_data = [
                {"timestamp": format_time(tx.started_at), "sampledValue": tx.begin_values},
                {"timestamp": format_time(at), "sampledValue": end},
            ]

        def build() -> call.StopTransaction | None:
            if tx.transaction_id is None:  # the CSMS never numbered it: nothing to refer to
                return None
            return call.StopTransaction(meter_stop=meter_stop, timestamp=format_time(at),
                                        transaction_id=tx.transaction_id, reason=reason,
                                        id_tag=id_tag, transaction_data=transaction_data)

        def stopped(result: Any | None) -> None:
            if result is not None and id_tag and result.id_tag_info:
                self._remember(id_tag, IdTagInfo.from_payload(result.id_tag_info))

        queued = "offline_stop_not_queued" not in self.faults or self.outbox.online
        self.outbox.put(Message("StopTransaction", build, persistent=queued, on_result=stopped))
        self.model.nv.profiles.end_transaction(connector_id)
        unlock = (reason != Reason.ev_disconnected
                  or self.model.config.get_bool("UnlockConnectorOnEVSideDisconnect"))
        if unlock and not c.unlock_failure:
            c.locked = False
        c.finishing = c.plugged
        c.ev_suspended = False
        self.refresh_status()

    def unlock_connector(self, connector_id: int) -> None:
        c = self.model.connectors[connector_id]
        if c.transaction is not None:
            self.stop_transaction(connector_id, Reason.unlock_command)
        if c.unlock_failure:
            c.unlock_failure = False
        else:
            c.locked = False
        self.refresh_status()

    def reset(self, reset_type: str) -> None:
        reason = Reason.hard_reset if reset_type == "Hard" else Reason.soft_reset
        if "reset_stop_wrong_reason" in self.faults:
            reason = Reason.other
        self._spawn(self._reboot(reason))

    def reserve(self, reservation: Reservation) -> None:
        self.model.reservations[reservation.reservation_id] = reservation
        self._cancel(self._reservation_timers, reservation.reservation_id)
        if "reservation_never_expires" not in self.faults:
            self._reservation_timers[reservation.reservation_id] = self._spawn_power(
                self._expire(reservation))
        self.refresh_status()

    def cancel_reservation(self, reservation_id: int) -> None:
        self.model.reservations.pop(reservation_id, None)
        self._cancel(self._reservation_timers, reservation_id)
        self.refresh_status()

    def install_profile(self, profile: ChargingProfile) -> None:
        self.model.nv.profiles.install(profile)
        self.refresh_status()

    def clear_profiles(self, selection: Selection) -> None:
        self.model.nv.profiles.clear(selection)
        self.refresh_status()

    def trigger(self, requested: str, connector_id: int | None) -> None:
        """Send the message a TriggerMessage asked for (allowed even while Pending)."""
        put = self.outbox.put
        if requested == MessageTrigger.boot_notification:
            put(Message("BootNotification", self._boot_request, pre_registration=True,
                        on_result=self._triggered_boot))
        elif requested == MessageTrigger.heartbeat:
            put(Message("Heartbeat", call.Heartbeat, pre_registration=True))
        elif requested == MessageTrigger.firmware_status_notification:
            status = self._firmware_status
            put(Message("FirmwareStatusNotification",
                        lambda: call.FirmwareStatusNotification(status), pre_registration=True))
        elif requested == MessageTrigger.diagnostics_status_notification:
            status = self._diagnostics_status
            put(Message("DiagnosticsStatusNotification",
                        lambda: call.DiagnosticsStatusNotification(status),
                        pre_registration=True))
        elif requested == MessageTrigger.status_notification:
            ids = [connector_id] if connector_id is not None else list(self.model.connectors)
            for cid in ids:
                put(self._status_message(cid, pre_registration=True))
        elif requested == MessageTrigger.meter_values:
            ids = [connector_id] if connector_id else self.model.connector_ids()
            for cid in ids:
                self._put_meter_values(cid, "Trigger",
                                       self.model.config.get_list("MeterValuesSampledData"),
                                       triggered=True)

    def update_firmware(self, location: str, retrieve_at: datetime, retries: int,
                        retry_interval: int) -> None:
        if self._firmware_task is not None:
            self._firmware_task.cancel()
        self._firmware_task = self._spawn(
            self._update_firmware(location, retrieve_at, retries, retry_interval))

    def get_diagnostics(self, location: str, file_name: str, retries: int,
                        retry_interval: int) -> None:
        self._spawn(self._upload_diagnostics(location, file_name, retries, retry_interval))

    # -- power and connection --------------------------------------------------------------------

    def _power_on(self) -> None:
        if self._power_tasks:
            return
        self.powered = True
        self.registration = None
        model = self.model
        if "availability_not_persisted" in self.faults:
            for cid in model.nv.availability:
                model.nv.availability[cid] = AvailabilityType.operative
        self._delivered = dict.fromkeys(model.connectors)
        self._enqueued = dict.fromkeys(model.connectors)
        for cid in model.connector_ids():  # interrupted by a power cut without backup power
            if model.connectors[cid].transaction is not None:
                self._stop_for_power_loss(cid, at=self._power_lost_at)
        self._power_lost_at = None
        self._spawn_power(self.outbox.run())
        self._spawn_power(self._connection_loop())
        self._start_aligned()

    async def _power_off(self) -> None:
        async with self._power_lock:
            await self._shutdown()

    async def _restart(self) -> None:
        """A reboot: power off, forget volatile state, power on again."""
        async with self._power_lock:
            await self._shutdown()
            self._power_on()

    async def _shutdown(self) -> None:
        self.powered = False
        tasks = list(self._power_tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._power_tasks.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        self._ws = self._link = None
        self.meters.halt()
        self.outbox.detach()
        self.registration = None
        self._registered.clear()
        self.model.reset_volatile()
        for timers in (self._samplers, self._connection_timers, self._reservation_timers):
            timers.clear()
        self._heartbeat = self._aligned = None

    async def _lose_power(self) -> None:
        if self.pics.capabilities.backup_power:
            for tx in self.model.transactions():
                self._stop_for_power_loss(tx.connector_id)
            if self.outbox.online:
                await self.outbox.flush(FLUSH_TIMEOUT)
        self._power_lost_at = now()
        await self._power_off()

    def _stop_for_power_loss(self, connector_id: int, at: datetime | None = None) -> None:
        """Before going down on backup power, or on the first power-up after the cut."""
        reason = Reason.reboot if "power_loss_wrong_reason" in self.faults else Reason.power_loss
        self.stop_transaction(connector_id, reason, at=at)

    async def _reboot(self, reason: str) -> None:
        for tx in self.model.transactions():
            self.stop_transaction(tx.connector_id, reason)
        if self.outbox.online:
            await self.outbox.flush(FLUSH_TIMEOUT)
        await self._restart()

    async def _connection_loop(self) -> None:
        delay = BACKOFF_MIN
        url = f"{self.csms_url}/{self.charge_point_id}"
        while True:
            await self._online_wanted.wait()
            try:
                ws = await connect(url, subprotocols=[SUBPROTOCOL], open_timeout=OPEN_TIMEOUT,
                                   additional_headers=self._auth_headers(), ssl=self._tls(url),
                                   ping_interval=self._ping_interval(), close_timeout=2,
                                   max_size=1 << 20)
            except (TimeoutError, OSError, WebSocketException) as exc:
                LOG.info("connecting to %s failed: %s", url, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            began = asyncio.get_running_loop().time()
            try:
                if ws.subprotocol == SUBPROTOCOL:
                    self._ws = ws
                    await self._session(ws)
                else:
                    LOG.warning("the Central System did not agree to ocpp1.6")
            finally:
                self._ws = None
                with contextlib.suppress(Exception):
                    await ws.close()
            if not self._online_wanted.is_set():
                # The connectivity was removed (go_offline), the server did not hang up: no
                # backoff, reconnect as soon as it is restored. Otherwise short sessions in a row
                # (TC_037_x, TC_038) doubled the wait after each go_online, up to BACKOFF_MAX.
                delay = BACKOFF_MIN
                continue
            if asyncio.get_running_loop().time() - began > BACKOFF_MAX:
                delay = BACKOFF_MIN  # a real session, not a server that hangs up at once
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)

    async def _session(self, ws: ClientConnection) -> None:
        link = Link(self, ws, RESPONSE_TIMEOUT)
        self._link = link
        serving = asyncio.create_task(link.serve())
        registering = asyncio.create_task(self._register(link))
        try:
            await link.closed.wait()
        finally:
            for task in (registering, serving):
                task.cancel()
            await asyncio.gather(registering, serving, return_exceptions=True)
            self._link = None
            self._registered.clear()
            if self._heartbeat is not None:
                self._heartbeat.cancel()
                self._heartbeat = None
            self.outbox.detach()
            self._enqueued = dict(self._delivered)

    async def _register(self, link: Link) -> None:
        if self.registration == RegistrationStatus.accepted:  # reconnect after a drop
            self.outbox.attach(link, registered=True)
            self._registered.set()
            self.refresh_status()
            self._start_heartbeat()
            return
        self.outbox.attach(link, registered=False)
        self._boot_accepted_by_trigger.clear()
        result = None
        while True:
            try:
                result = await link.send_call(self._boot_request(), on_answer=self._boot_answer_read)
            except LinkDown:
                return
            except (TimeoutError, OCPPError) as exc:
                LOG.warning("BootNotification failed: %r", exc)
                result = None
            self.registration = result.status if result else None
            if result is not None and result.status == RegistrationStatus.accepted:
                if result.interval > 0:
                    self.model.config.set("HeartbeatInterval", str(result.interval))
                break
            interval = result.interval if result and result.interval > 0 else (
                self.pics.timing.boot_retry_interval)
            if (self.registration == RegistrationStatus.rejected
                    and "boot_ignores_rejected" in self.faults):
                await self._ignore_rejection(link)
                interval = IGNORED_REJECTION_DELAY
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._boot_accepted_by_trigger.wait(), interval)
            if self._boot_accepted_by_trigger.is_set():  # a triggered boot was Accepted
                self.registration = RegistrationStatus.accepted
                break
        self._accepted(link)

    def _boot_answer_read(self, payload: dict[str, Any]) -> None:
        """The registration status holds from the moment its answer is read: a Central System
        may send a CALL right behind a Pending (TC_002 sends GetConfiguration and
        ChangeConfiguration), and the receive loop can read it before ``_register`` resumes."""
        with contextlib.suppress(ValueError):
            self.registration = RegistrationStatus(payload.get("status"))

    def _accepted(self, link: Link) -> None:
        self.outbox.attach(link, registered=True)
        ids = list(self.model.connectors)
        if "no_status_after_boot" in self.faults:
            ids.remove(0)
        for cid in reversed(ids):  # before anything queued across the reboot
            self.outbox.put(self._status_message(cid), front=True)
        self._registered.set()
        self._start_heartbeat()

    async def _ignore_rejection(self, link: Link) -> None:
        """Planted fault: carry on as if the Rejected boot had been Accepted."""
        status, error = self.model.status(0)
        for payload in (call.StatusNotification(0, error, status, timestamp=format_time(now())),
                        call.Heartbeat()):
            with contextlib.suppress(asyncio.TimeoutError, OCPPError):
                await link.send_call(payload)

    def _triggered_boot(self, result: Any | None) -> None:
        if result is None or result.status != RegistrationStatus.accepted:
            return
        if result.interval > 0:
            self.model.config.set("HeartbeatInterval", str(result.interval))
        if self.registration == RegistrationStatus.accepted:
            self._start_heartbeat()
        else:
            self._boot_accepted_by_trigger.set()

    def _boot_request(self) -> call.BootNotification:
        identity = self.pics.identity
        return call.BootNotification(
            charge_point_model=identity.model[:20],
            charge_point_vendor=identity.vendor[:20],
            charge_point_serial_number=identity.serial_number[:25] or None,
            firmware_version=self.model.nv.firmware_version[:50] or None,
        )

    def _auth_headers(self) -> dict[str, str]:
        connection = self.pics.connection
        if connection.security_profile < 1 or not connection.basic_auth_password:
            return {}
        token = f"{self.charge_point_id}:{connection.basic_auth_password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(token).decode()}

    def _tls(self, url: str) -> ssl.SSLContext | None:
        if not url.startswith("wss://"):
            return None
        connection = self.pics.connection
        context = ssl.create_default_context(cafile=connection.tls_ca_file or None)
        if connection.tls_cert_file and connection.tls_key_file:
            context.load_cert_chain(connection.tls_cert_file, connection.tls_key_file)
        return context

    def _ping_interval(self) -> float | None:
        interval = self.model.config.get_int("WebSocketPingInterval")
        return float(interval) if interval > 0 else None

    def _retry_policy(self) -> tuple[int, float]:
        config = self.model.config
        return (max(1, config.get_int("TransactionMessageAttempts", 3)),
                float(config.get_int("TransactionMessageRetryInterval", 10)))

    async def _wait_online(self) -> None:
        while not self.outbox.online:
            await self._registered.wait()
            await asyncio.sleep(0.05)

    # -- periodic messages ---------------------------------------------------------------------

    def _start_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        self._heartbeat = self._spawn_power(self._heartbeat_loop())

    async def _heartbeat_loop(self) -> None:
        while True:
            interval = self.model.config.get_int("HeartbeatInterval")
            if interval <= 0:
                return
            await asyncio.sleep(interval)
            if "no_heartbeat" not in self.faults:
                self.outbox.put(Message("Heartbeat", call.Heartbeat))

    def _start_sampler(self, connector_id: int) -> None:
        self._cancel(self._samplers, connector_id)
        self._samplers[connector_id] = self._spawn_power(self._sample_loop(connector_id))

    async def _sample_loop(self, connector_id: int) -> None:
        interval = self.model.config.get_int("MeterValueSampleInterval")
        if interval <= 0:
            return
        while self.model.connectors[connector_id].transaction is not None:
            await asyncio.sleep(interval)
            context = ("Sample.Clock" if "meter_values_wrong_context" in self.faults
                       else "Sample.Periodic")
            self._put_meter_values(connector_id, context,
                                   self.model.config.get_list("MeterValuesSampledData"))

    def _start_aligned(self) -> None:
        if self._aligned is not None:
            self._aligned.cancel()
        self._aligned = self._spawn_power(self._aligned_loop())

    async def _aligned_loop(self) -> None:
        """Clock-aligned MeterValues at every multiple of ClockAlignedDataInterval since
        midnight UTC, for each connector with a transaction."""
        interval = self.model.config.get_int("ClockAlignedDataInterval")
        if interval <= 0:
            return
        while True:
            moment = now()
            midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
            if "clock_aligned_off_boundary" in self.faults:
                midnight += timedelta(seconds=1)
            elapsed = (moment - midnight).total_seconds()
            boundary = (elapsed // interval + 1) * interval
            await asyncio.sleep(boundary - elapsed)
            at = midnight + timedelta(seconds=boundary)
            for tx in self.model.transactions():
                self._put_meter_values(tx.connector_id, "Sample.Clock",
                                       self.model.config.get_list("MeterValuesAlignedData"),
                                       at=at)

    def _put_meter_values(self, connector_id: int, context: str, measurands: list[str],
                          at: datetime | None = None, triggered: bool = False) -> None:
        at = at or now()
        tx = self.model.connectors[connector_id].transaction
        numeric = "meter_values_schema_violation" in self.faults
        values = sampled_values(measurands, context,
                                self.meters.read(connector_id, at, context), numeric)
        meter_value = [{"timestamp": format_time(at), "sampledValue": values}]

        def build() -> call.MeterValues:
            return call.MeterValues(connector_id=connector_id, meter_value=meter_value,
                                    transaction_id=tx.transaction_id if tx else None)

        queued = "offline_meter_values_dropped" not in self.faults or self.outbox.online
        self.outbox.put(Message("MeterValues", build,
                                persistent=tx is not None and not triggered and queued,
                                pre_registration=triggered, skip_validation=numeric))

    def _status_message(self, connector_id: int, pre_registration: bool = False) -> Message:
        status, error = self.model.status(connector_id)
        payload = call.StatusNotification(connector_id=connector_id, error_code=error,
                                          status=status, timestamp=format_time(now()))
        self._enqueued[connector_id] = (status, error)

        def delivered(result: Any | None) -> None:
            if result is not None:
                self._delivered[connector_id] = (status, error)

        return Message("StatusNotification", lambda: payload, on_result=delivered,
                       pre_registration=pre_registration)

    # -- authorization and sessions ---------------------------------------------------------------

    def _local_info(self, id_tag: str) -> IdTagInfo | None:
        """What the local list, else the cache, knows about an id tag."""
        config = self.model.config
        if (self.pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT)
                and config.get_bool("LocalAuthListEnabled")):
            listed = self.model.nv.local_list.lookup(id_tag)
            if listed is not None:
                return listed
        if config.get_bool("AuthorizationCacheEnabled"):
            return self.model.nv.cache.lookup(id_tag)
        return None

    def _remember(self, id_tag: str, info: IdTagInfo) -> None:
        config = self.model.config
        listed = (self.pics.supports(Profile.LOCAL_AUTH_LIST_MANAGEMENT)
                  and self.model.nv.local_list.lookup(id_tag) is not None)
        if config.get_bool("AuthorizationCacheEnabled") and not listed:
            self.model.nv.cache.update(id_tag, info)

    async def _authorize(self, id_tag: str) -> IdTagInfo | None:
        """OCPP 1.6 section 3.5: local pre-authorization, else Authorize, else offline rules."""
        config = self.model.config
        local = self._local_info(id_tag)
        if self.outbox.online:
            pre_authorize = (config.get_bool("LocalPreAuthorize")
                             and "local_pre_authorize_ignored" not in self.faults)
            if local is not None and pre_authorize and local.accepted_at(now()):
                return local
            if "skip_authorize" in self.faults:
                return IdTagInfo(AuthorizationStatus.accepted)
            result = await self.outbox.request(
                Message("Authorize", lambda: call.Authorize(id_tag=id_tag)))
            if result is not None:
                info = IdTagInfo.from_payload(result.id_tag_info)
                self._remember(id_tag, info)
                if "authorize_status_ignored" in self.faults:
                    return IdTagInfo(AuthorizationStatus.accepted, parent_id_tag=info.parent_id_tag)
                return info
        if "offline_authorization_ignored" in self.faults:
            return None
        if local is not None:
            return local if config.get_bool("LocalAuthorizeOffline") else None
        if config.get_bool("AllowOfflineTxForUnknownId"):
            return IdTagInfo(AuthorizationStatus.accepted)
        return None

    async def _present(self, id_tag: str, connector_id: int | None) -> None:
        """An id tag held to the reader: stop a matching transaction, else start one."""
        model = self.model
        if self._link is not None and self.registration is None:  # the boot is being answered
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._registered.wait(), BOOT_WAIT)
        if self.registration in (RegistrationStatus.pending, RegistrationStatus.rejected):
            return  # not (yet) accepted by the Central System: no transactions
        scope = [connector_id] if connector_id is not None else model.connector_ids()
        running = [tx for tx in model.transactions() if tx.connector_id in scope]
        for tx in running:
            if tx.id_tag == id_tag or "stop_by_any_id_tag" in self.faults:
                self.stop_transaction(tx.connector_id, Reason.local, id_tag)
                return
        info: IdTagInfo | None = None
        with_parent = [tx for tx in running if tx.parent_id_tag]
        if with_parent and "stop_ignores_parent_id_tag" not in self.faults:
            info = await self._authorize(id_tag)
            if info is not None and info.accepted_at(now()) and info.parent_id_tag:
                for tx in with_parent:
                    current = model.connectors[tx.connector_id].transaction
                    if current is tx and tx.parent_id_tag == info.parent_id_tag:
                        self.stop_transaction(tx.connector_id, Reason.local, id_tag)
                        return
        if connector_id is not None and running:
            return
        target = connector_id if connector_id is not None else self.choose_connector(id_tag)
        if target is None or not self._startable(target):
            return
        reservation = model.reservation_for_start(target, id_tag)
        if reservation and reservation.id_tag != id_tag:
            by_parent = (reservation.parent_id_tag is not None
                         and "reservation_ignores_parent_id_tag" not in self.faults)
            if not by_parent and "reservation_ignores_id_tag" not in self.faults:
                return  # reserved for somebody else: refused without asking the Central System
        if info is None:
            info = await self._authorize(id_tag)
        if info is None or not info.accepted_at(now()) or not self._startable(target):
            return
        if reservation and reservation.id_tag != id_tag and (
                info.parent_id_tag != reservation.parent_id_tag):
            return
        self._authorized(target, id_tag, info, reservation)

    async def _remote_start(self, connector_id: int, id_tag: str,
                            profile: ChargingProfile | None) -> None:
        if self.model.config.get_bool("AuthorizeRemoteTxRequests"):
            info = await self._authorize(id_tag)
        else:
            info = IdTagInfo(AuthorizationStatus.accepted)
        if info is None or not info.accepted_at(now()) or not self._startable(connector_id):
            return
        reservation = self.model.reservation_for_start(connector_id, id_tag)
        if reservation and reservation.id_tag != id_tag and (
                info.parent_id_tag != reservation.parent_id_tag):
            return
        self._authorized(connector_id, id_tag, info, reservation, profile)

    def _startable(self, connector_id: int) -> bool:
        c = self.model.connectors[connector_id]
        faulted = self.model.faulted(connector_id) and "charges_while_faulted" not in self.faults
        return not (c.transaction or c.authorization or c.finishing
                    or faulted or self.model.inoperative(connector_id))

    def _authorized(self, connector_id: int, id_tag: str, info: IdTagInfo,
                    reservation: Reservation | None,
                    profile: ChargingProfile | None = None) -> None:
        c = self.model.connectors[connector_id]
        c.authorization = Authorization(
            id_tag, info.parent_id_tag,
            reservation.reservation_id if reservation else None, profile)
        if c.plugged and c.ev_connected:
            self._start_transaction(connector_id)
            return
        self.refresh_status()
        self._cancel(self._connection_timers, connector_id)
        if "connection_timeout_ignored" not in self.faults:
            self._connection_timers[connector_id] = self._spawn_power(
                self._connection_timeout(connector_id, c.authorization))

    async def _connection_timeout(self, connector_id: int, authorization: Authorization) -> None:
        timeout = self.model.config.get_int("ConnectionTimeOut")
        if timeout <= 0:
            return
        await asyncio.sleep(timeout)
        c = self.model.connectors[connector_id]
        if c.authorization is authorization and c.transaction is None:
            c.authorization = None
            self.refresh_status()

    def _start_transaction(self, connector_id: int) -> None:
        c = self.model.connectors[connector_id]
        authorization = c.authorization
        assert authorization is not None
        self._cancel(self._connection_timers, connector_id)
        c.authorization = None
        if c.lock_failure and not self.pics.capabilities.fixed_cable:
            c.lock_failure = False
            if "lock_failure_ignored" not in self.faults:
                c.lock_fault = True
                self.refresh_status()
                return
        c.locked = not self.pics.capabilities.fixed_cable
        at = now()
        self.meters.advance(connector_id, at)
        tx = Transaction(local_id=self.model.new_local_id(), connector_id=connector_id,
                         id_tag=authorization.id_tag, meter_start=int(c.energy_wh),
                         started_at=at, reservation_id=authorization.reservation_id,
                         parent_id_tag=authorization.parent_id_tag)
        measurands = self.model.config.get_list("StopTxnSampledData")
        if measurands:
            tx.begin_values = sampled_values(
                measurands, "Transaction.Begin",
                self.meters.read(connector_id, at, "Transaction.Begin"))
        c.transaction, c.finishing = tx, False
        if tx.reservation_id is not None:
            self.model.reservations.pop(tx.reservation_id, None)
            self._cancel(self._reservation_timers, tx.reservation_id)
        if authorization.charging_profile is not None:
            self.model.nv.profiles.install(
                _on_connector(authorization.charging_profile, connector_id))
        if "charging_without_start" not in self.faults:
            reservation_id = (None if "reservation_id_missing" in self.faults
                              else tx.reservation_id)
            self.outbox.put(Message(
                "StartTransaction",
                lambda: call.StartTransaction(
                    connector_id=connector_id, id_tag=tx.id_tag, meter_start=tx.meter_start,
                    timestamp=format_time(tx.started_at), reservation_id=reservation_id),
                persistent=True,
                on_result=lambda result: self._started(tx, result),
                piggyback=self._charging_piggyback(connector_id)))
        self.refresh_status()
        self._start_sampler(connector_id)

    def _charging_piggyback(self, connector_id: int) -> Any:
        if "second_call_while_outstanding" not in self.faults:
            return None
        return lambda: ("StatusNotification", {
            "connectorId": connector_id, "errorCode": "NoError", "status": "Charging",
            "timestamp": format_time(now())})

    def _started(self, tx: Transaction, result: Any | None) -> None:
        if result is None:
            return
        tx.transaction_id = result.transaction_id
        info = IdTagInfo.from_payload(result.id_tag_info)
        tx.parent_id_tag = info.parent_id_tag or tx.parent_id_tag
        self._remember(tx.id_tag, info)
        if self.model.connectors[tx.connector_id].transaction is not tx or info.accepted_at(now()):
            return
        if (self.model.config.get_bool("StopTransactionOnInvalidId")
                and "stop_on_invalid_id_ignored" not in self.faults):
            self.stop_transaction(tx.connector_id, Reason.de_authorized)
        else:
            tx.deauthorized = "invalid_id_keeps_charging" not in self.faults
            self.refresh_status()

    def _ev_gone(self, connector_id: int) -> None:
        """The EV side of the cable was disconnected (fixed cable: the cable left the EV)."""
        c = self.model.connectors[connector_id]
        c.ev_connected = False
        if self.pics.capabilities.fixed_cable:
            c.plugged = False
        stops = (self.model.config.get_bool("StopTransactionOnEVSideDisconnect")
                 or "ev_disconnect_always_stops" in self.faults)
        if c.transaction is not None and stops:
            reason = (Reason.local if "ev_disconnect_wrong_reason" in self.faults
                      else Reason.ev_disconnected)
            self.stop_transaction(connector_id, reason)

    async def _expire(self, reservation: Reservation) -> None:
        await asyncio.sleep(max(0.0, (reservation.expiry - now()).total_seconds()))
        if self.model.reservations.get(reservation.reservation_id) is reservation:
            del self.model.reservations[reservation.reservation_id]
            self._reservation_timers.pop(reservation.reservation_id, None)
            self.refresh_status()

    # -- firmware and diagnostics ------------------------------------------------------------------

    async def _notify(self, build: Any) -> None:
        """Deliver a firmware/diagnostics status notification, waiting for the link if needed."""
        while True:
            await self._wait_online()
            name = type(build()).__name__
            if await self.outbox.request(Message(name, build)) is not None:
                return

    async def _firmware(self, status: FirmwareStatus) -> None:
        self._firmware_status = status
        await self._notify(lambda: call.FirmwareStatusNotification(status))

    async def _update_firmware(self, location: str, retrieve_at: datetime, retries: int,
                               retry_interval: int) -> None:
        await asyncio.sleep(max(0.0, (retrieve_at - now()).total_seconds()))
        await self._firmware(FirmwareStatus.downloading)
        image = b"" if "firmware_not_downloaded" in self.faults else None
        for attempt in range(0 if image is not None else retries + 1):
            try:
                image = await asyncio.to_thread(transfer.download, location)
                break
            except transfer.TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        if image is None:
            if "firmware_download_failure_unreported" not in self.faults:
                await self._firmware(FirmwareStatus.download_failed)
            self._firmware_status = FirmwareStatus.idle
            return
        await self._firmware(FirmwareStatus.downloaded)
        while self.model.transactions():  # install only when no transaction runs
            await asyncio.sleep(0.2)
        self.model.installing = True
        self.refresh_status()
        if "firmware_no_installing_status" in self.faults:
            self._firmware_status = FirmwareStatus.installing
        else:
            await self._firmware(FirmwareStatus.installing)
        failed = self.firmware_install_failure
        await asyncio.sleep(INSTALL_TIME)
        if not failed:
            name = location.rstrip("/").rsplit("/", 1)[-1] or "firmware"
            self.model.nv.firmware_version = name[:50]
        reported_failed = failed and "firmware_install_failure_reported_installed" not in self.faults
        final = FirmwareStatus.installation_failed if reported_failed else FirmwareStatus.installed
        early = "firmware_installed_before_reboot" in self.faults
        if early:
            await self._firmware(final)
        await self._restart()
        if not early:
            await self._firmware(final)
        self._firmware_status = FirmwareStatus.idle

    async def _diagnostics(self, status: DiagnosticsStatus) -> None:
        self._diagnostics_status = status
        await self._notify(lambda: call.DiagnosticsStatusNotification(status))

    async def _upload_diagnostics(self, location: str, file_name: str, retries: int,
                                  retry_interval: int) -> None:
        await self._diagnostics(DiagnosticsStatus.uploading)
        report = json.dumps(self.state(), indent=2, default=str).encode()
        uploaded = "diagnostics_not_uploaded" in self.faults
        for attempt in range(0 if uploaded else retries + 1):
            try:
                await asyncio.to_thread(transfer.upload, location, file_name, report)
                uploaded = True
                break
            except transfer.TransferError as exc:
                LOG.info("%s", exc)
                if attempt < retries:
                    await asyncio.sleep(retry_interval)
        reported = uploaded or "diagnostics_upload_failure_reported_uploaded" in self.faults
        await self._diagnostics(DiagnosticsStatus.uploaded if reported
                                else DiagnosticsStatus.upload_failed)
        self._diagnostics_status = DiagnosticsStatus.idle

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


def _on_connector(profile: ChargingProfile, connector_id: int) -> ChargingProfile:
    return replace(profile, connector_id=connector_id)
