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

Layout, one module per feature profile, each a class this one is composed of: ``base`` (state,
control-API dispatch, status reporting, tasks), ``sessions`` (Core: authorization, transactions,
meter values), ``connection`` (Core: power, websocket, BootNotification, Heartbeat),
``firmware`` (Firmware Management), ``security_log`` (the white paper's security log), ``reservation`` (Reservation), ``remote_trigger`` (Remote
Trigger). This module keeps the public API, the control actions and the remaining consequences
of CSMS messages (configuration, reset, unlock, Smart Charging profiles). A profile's test-rig
switch (``reservation_refusal``, ``trigger_refusal``, ``firmware_install_failure``) is a control
action in that profile's module.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ocpp.v16.enums import ChargePointErrorCode, Reason

from octt_py.reference.charge_point.base import _flag
from octt_py.reference.charge_point.certificate_store import CertificateStoreBehaviour
from octt_py.reference.charge_point.model import Connector
from octt_py.reference.charge_point.remote_trigger import RemoteTriggerBehaviour
from octt_py.reference.charge_point.reservation import ReservationBehaviour
from octt_py.reference.charge_point.signed_firmware import SignedFirmwareBehaviour
from octt_py.reference.charge_point.signing import SigningBehaviour
from octt_py.reference.charge_point.smart_charging import ChargingProfile, Selection
from octt_py.reference.control import ActionRejected


class ReferenceChargePoint(SignedFirmwareBehaviour, RemoteTriggerBehaviour, ReservationBehaviour,
                           SigningBehaviour, CertificateStoreBehaviour):
    """A conformant OCPP 1.6-J charge point simulator with planted faults."""

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

    def change_configuration(self, key: str, value: str) -> None:
        self.model.config.change(key, value)
        self.credentials_changed(key)
        if key == "HeartbeatInterval" and self._heartbeat is not None:
            self._start_heartbeat()
        elif key == "MeterValueSampleInterval":
            for cid in list(self._samplers):
                self._start_sampler(cid)
        elif key == "ClockAlignedDataInterval":
            self._start_aligned()

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

    def install_profile(self, profile: ChargingProfile) -> None:
        self.model.nv.profiles.install(profile)
        self.refresh_status()

    def clear_profiles(self, selection: Selection) -> None:
        self.model.nv.profiles.clear(selection)
        self.refresh_status()
