"""Core profile, on the charge point's side of a charging session: authorization (OCPP 1.6
section 3.5, Authorize 4.1, with the local list and the authorization cache), choosing a
connector, starting and stopping transactions (StartTransaction 4.8, StopTransaction 4.10,
RemoteStartTransaction 5.11) and the meter values they produce (MeterValues 4.7: periodic,
clock-aligned, triggered).

Planted faults served here: ``authorize_status_ignored``, ``charges_while_faulted``,
``charging_without_start``, ``clock_aligned_off_boundary``, ``connection_timeout_ignored``,
``ev_disconnect_always_stops``, ``ev_disconnect_wrong_reason``, ``invalid_id_keeps_charging``,
``local_list_expiry_ignored``, ``local_pre_authorize_ignored``, ``lock_failure_ignored``,
``meter_stop_is_session_energy``, ``meter_values_local_transaction_id``,
``meter_values_on_connector_zero``, ``meter_values_schema_violation``,
``meter_values_session_energy``, ``meter_values_wrong_context``, ``offline_authorization_ignored``,
``offline_messages_stamped_at_send``, ``offline_meter_values_dropped``, ``offline_stop_not_queued``,
``pending_authorizes_presented_tag``, ``reservation_id_missing``,
``reservation_ignores_id_tag``, ``reservation_ignores_parent_id_tag``,
``second_call_while_outstanding``, ``skip_authorize``, ``start_transaction_connector_one``, ``stop_by_any_id_tag``,
``stop_ignores_parent_id_tag``, ``stop_on_invalid_id_ignored``.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ocpp.v16 import call
from ocpp.v16.enums import AuthorizationStatus, Reason, RegistrationStatus

from octt_py.pics import Profile
from octt_py.reference.charge_point.authorization import IdTagInfo
from octt_py.reference.charge_point.base import ChargePointBase
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.metering import sampled_values
from octt_py.reference.charge_point.model import Authorization, Reservation, Transaction
from octt_py.reference.charge_point.outbox import Message
from octt_py.reference.charge_point.smart_charging import ChargingProfile

BOOT_WAIT = 5.0  # an id tag presented while the BootNotification is unanswered waits this long


class SessionBehaviour(ChargePointBase):
    """Authorization, transactions and meter values (Core profile)."""

    # -- consequences of CSMS messages (called by Link effects, never awaiting a CALL) -----------

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
        if "meter_stop_is_session_energy" in self.faults:
            meter_stop -= tx.meter_start  # what the session used, not the register
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
            return call.StopTransaction(meter_stop=meter_stop,
                                        timestamp=format_time(self._stamp(at)),
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

    # -- periodic messages ---------------------------------------------------------------------

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
        reading = self.meters.read(connector_id, at, context)
        if tx is not None and "meter_values_session_energy" in self.faults:
            reading = replace(reading, energy_wh=reading.energy_wh - tx.meter_start)
        values = sampled_values(measurands, context, reading, numeric)
        meter_value = [{"timestamp": format_time(at), "sampledValue": values}]
        on_zero = tx is not None and "meter_values_on_connector_zero" in self.faults

        def build() -> call.MeterValues:
            transaction_id = tx.transaction_id if tx else None
            if tx is not None and "meter_values_local_transaction_id" in self.faults:
                transaction_id = tx.local_id
            return call.MeterValues(connector_id=0 if on_zero else connector_id,
                                    meter_value=meter_value, transaction_id=transaction_id)

        queued = "offline_meter_values_dropped" not in self.faults or self.outbox.online
        self.outbox.put(Message("MeterValues", build,
                                persistent=tx is not None and not triggered and queued,
                                pre_registration=triggered, skip_validation=numeric))

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
            if local is not None and "local_list_expiry_ignored" in self.faults:
                local = replace(local, expiry_date=None)  # the expiryDate is never looked at
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
            if "pending_authorizes_presented_tag" in self.faults:
                self.outbox.put(Message("Authorize", lambda: call.Authorize(id_tag=id_tag),
                                        pre_registration=True))
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
            self.refresh_status()  # a reserved connector goes Preparing first (§4.9, G2)
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
        c.locked = self.pics.capabilities.connector_lock and not self.pics.capabilities.fixed_cable
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
            named = 1 if "start_transaction_connector_one" in self.faults else connector_id
            self.outbox.put(Message(
                "StartTransaction",
                lambda: call.StartTransaction(
                    connector_id=named, id_tag=tx.id_tag, meter_start=tx.meter_start,
                    timestamp=format_time(self._stamp(tx.started_at)),
                    reservation_id=reservation_id),
                persistent=True,
                on_result=lambda result: self._started(tx, result),
                piggyback=self._charging_piggyback(connector_id)))
        self.refresh_status()
        self._start_sampler(connector_id)

    def _stamp(self, moment: datetime) -> datetime:
        """When a queued transaction message says its event happened (built at send time)."""
        return now() if "offline_messages_stamped_at_send" in self.faults else moment

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


def _on_connector(profile: ChargingProfile, connector_id: int) -> ChargingProfile:
    return replace(profile, connector_id=connector_id)
