"""The ``Link`` handler of SignedUpdateFirmware (white paper); what it does is in
``signed_firmware``, which this module does not import, since ``link`` needs it first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ocpp.routing import after, on
from ocpp.v16 import call_result
from ocpp.v16.enums import Action, UpdateFirmwareStatus

if TYPE_CHECKING:
    from octt_py.reference.charge_point.product import ReferenceChargePoint


class SignedFirmwareHandlers:
    """The ``Link`` handler of SignedUpdateFirmware (mixed into ``link.Link``)."""

    cp: ReferenceChargePoint
    _later: Callable[[str, Callable[[], Any]], None]
    _run_effect: Callable[[str], None]

    @on(Action.signed_update_firmware)
    def on_signed_update_firmware(self, request_id: int, firmware: dict[str, Any], call_unique_id: str,
                                  retries: int | None = None, retry_interval: int | None = None,
                                  **_: Any) -> call_result.SignedUpdateFirmware:
        status, effect = self.cp.signed_update_firmware(request_id, firmware, retries or 0, retry_interval or 0)
        self._later(call_unique_id, effect)
        return call_result.SignedUpdateFirmware(status=UpdateFirmwareStatus(status))

    @after(Action.signed_update_firmware)
    def after_signed_update_firmware(self, call_unique_id: str, **_: Any) -> None:
        self._run_effect(call_unique_id)
