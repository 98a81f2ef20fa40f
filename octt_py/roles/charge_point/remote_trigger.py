"""Remote Trigger profile for the fake charge point: TC_054, TC_055.

TriggerMessage as the CSMS sends it, and the MeterValues a charge point sends when triggered.
"""

from __future__ import annotations

from typing import Any

from octt_py.roles.charge_point.core import ChargePointCore
from octt_py.roles.common import now_rfc3339
from octt_py.session import CallOutcome, IncomingCall, Payload
from octt_py.verdict import Fail


class RemoteTriggerSteps(ChargePointCore):
    # -- remote trigger (TC_054, TC_055) -----------------------------------------------------

    async def trigger_requested(self, message: str, connector: int | None = None) -> IncomingCall:
        """[Make the CSMS trigger ``message`` (for ``connector``)]: TriggerMessage asking for that
        message and, when a connector is named, that connector. The case chooses the answer."""
        hints: dict[str, Any] = {"requestedMessage": message}
        if connector is not None:
            hints["connectorId"] = connector
        request = await self.csms_sends("TriggerMessage", **hints)
        got = request.payload["requestedMessage"]
        if got != message:
            raise Fail(f"TriggerMessage asks for {got}; the operator asked for {message}")
        if connector is not None and request.payload.get("connectorId") != connector:
            raise Fail(
                f"TriggerMessage {message} is for connector {request.payload.get('connectorId')}; "
                f"the operator asked for connector {connector}"
            )
        return request

    async def meter_values(self, connector: int, context: str = "Sample.Periodic") -> CallOutcome:
        """MeterValues for ``connector`` (with its transaction, if one is open): one energy
        register reading."""
        value = {
            "value": "0",
            "context": context,
            "measurand": "Energy.Active.Import.Register",
            "unit": "Wh",
        }
        payload: Payload = {
            "connectorId": connector,
            "meterValue": [{"timestamp": now_rfc3339(), "sampledValue": [value]}],
        }
        open_here = [t for t, c in self.transactions.items() if c == connector]
        if open_here:
            payload["transactionId"] = open_here[0]
        outcome = await self.csms.call("MeterValues", payload)
        _ = outcome.payload  # a CALLERROR raises Fail
        return outcome
