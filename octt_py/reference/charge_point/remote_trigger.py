"""Remote Trigger profile: the message a TriggerMessage (OCPP 1.6 section 5.17) asks for, sent
even while the registration is Pending. Whether the request is accepted is decided in ``link``.
The ``trigger_refusal`` switch makes the charge point reject TriggerMessage.
"""

from __future__ import annotations

from typing import Any

from ocpp.v16 import call
from ocpp.v16.enums import MessageTrigger

from octt_py.reference.charge_point.base import _flag
from octt_py.reference.charge_point.connection import ConnectionBehaviour
from octt_py.reference.charge_point.outbox import Message


class RemoteTriggerBehaviour(ConnectionBehaviour):
    """Messages sent on request (Remote Trigger profile)."""

    def _act_trigger_refusal(self, enabled: bool = True) -> dict[str, Any]:
        self.trigger_refusal = _flag(enabled)
        return {}

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
