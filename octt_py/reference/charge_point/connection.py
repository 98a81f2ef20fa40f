"""Core profile, the charge point's life on the network: power on and off, reboots, the
websocket connection to the Central System (bounded back-off, HTTP Basic auth, TLS, ping), the
registration (BootNotification 4.2, until Accepted) and the Heartbeat (4.6).

Planted faults served here: ``availability_not_persisted``, ``boot_ignores_rejected``,
``heartbeat_stops_after_first``, ``no_heartbeat``, ``no_status_after_boot``,
``power_loss_wrong_reason``, ``security_event_undeclared``, ``configuration_logged``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from ocpp.exceptions import OCPPError
from ocpp.v16 import call
from ocpp.v16.enums import AvailabilityType, Reason, RegistrationStatus
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Subprotocol

from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.link import Link, LinkDown
from octt_py.reference.charge_point.outbox import Message
from octt_py.reference.charge_point.security import SecurityBehaviour
from octt_py.reference.charge_point.sessions import SessionBehaviour

if TYPE_CHECKING:
    from octt_py.reference.charge_point.product import ReferenceChargePoint

LOG = logging.getLogger(__name__)

SUBPROTOCOL = Subprotocol("ocpp1.6")
BACKOFF_MIN = 0.1  # seconds between reconnection attempts, doubling up to BACKOFF_MAX
BACKOFF_MAX = 2.0
OPEN_TIMEOUT = 5.0
RESPONSE_TIMEOUT = 30.0
FLUSH_TIMEOUT = 5.0  # how long a graceful shutdown waits for queued messages to go out
IGNORED_REJECTION_DELAY = 0.2  # boot_ignores_rejected: "at once", without flooding


class ConnectionBehaviour(SessionBehaviour, SecurityBehaviour):
    """Power, connection, registration and heartbeat (Core profile)."""

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
        while True:
            await self._online_wanted.wait()
            url = self.connection_url()
            try:
                ws = await self._connect(url, self.auth_headers())
            except (TimeoutError, OSError, WebSocketException) as exc:
                LOG.info("connecting to %s failed: %s", url, exc)
                self.connection_failed()
                if isinstance(exc, ssl.SSLCertVerificationError):
                    self.server_certificate_refused(exc.verify_message or str(exc))
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
        link = Link(cast("ReferenceChargePoint", self), ws, RESPONSE_TIMEOUT)
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
            self.report_held_security_events()
            self._start_heartbeat()
            self._log_configuration()
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
        if "security_event_undeclared" in self.faults:
            self.outbox.put(Message("SecurityEventNotification", lambda: call.SecurityEventNotification(
                type="StartupOfTheDevice", timestamp=format_time(now()), tech_info=None)))
        self.report_held_security_events()
        self._registered.set()
        self._start_heartbeat()
        self._log_configuration()

    def _log_configuration(self) -> None:
        """Planted fault ``configuration_logged``: a debug build that sends its configuration
        log, credentials included, to the Central System after every connection: whole in a
        DataTransfer, and squeezed into connector 0's StatusNotification info (over 50 chars)."""
        if "configuration_logged" not in self.faults:
            return
        key = self.model.config.get("AuthorizationKey") or self.pics.connection.basic_auth_password
        log = json.dumps({"AuthorizationKey": key, **self.auth_headers(),
                          "SecurityProfile": self.security_profile})
        self.outbox.put(Message("DataTransfer", lambda: call.DataTransfer(
            vendor_id="octt.reference", message_id="ConfigurationLog", data=log)))
        status, error = self.model.status(0)
        self.outbox.put(Message("StatusNotification", lambda: call.StatusNotification(
            connector_id=0, error_code=error, status=status, timestamp=format_time(now()),
            info=f"key={key}; profile={self.security_profile}; url={self.csms_url}"),
            skip_validation=True))

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

    async def _connect(self, url: str, headers: dict[str, str]) -> ClientConnection:
        return await connect(url, subprotocols=[SUBPROTOCOL], open_timeout=OPEN_TIMEOUT,
                             additional_headers=headers,
                             ssl=self.tls_context() if url.startswith("wss://") else None,
                             ping_interval=self._ping_interval(), close_timeout=2, max_size=1 << 20)

    def _ping_interval(self) -> float | None:
        interval = self.model.config.get_int("WebSocketPingInterval")
        return float(interval) if interval > 0 else None

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
            if "heartbeat_stops_after_first" in self.faults:
                return
