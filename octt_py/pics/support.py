"""Partial support: what a DUT or its rig cannot do, below the level of a whole profile.

Real products implement part of a profile: a CSMS that sends SetChargingProfile but never
GetCompositeSchedule, or has no way to send a Soft reset; a charge point without ClearCache; a
rig with no input for error codes. The PICS's ``[unsupported]`` section says so, and a case that
needs one of these is *not applicable* with that reason instead of timing out inconclusive:

- ``actions``: CSMS-initiated CALLs. For a charge point DUT, CALLs it does not implement (the
  harness would send them); for a CSMS DUT, CALLs it cannot be made to send. ``"Action"`` rules
  out every such CALL, ``"Action:Value"`` only those whose distinguishing field has that value
  (:data:`QUALIFIERS`: ``"Reset:Soft"``, ``"TriggerMessage:MeterValues"``,
  ``"SetChargingProfile:TxProfile"`` ...).
- ``operator_steps``: manual steps (:data:`OPERATOR_STEPS`) the rig cannot carry out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CSMS_INITIATED = (
    "CancelReservation", "CertificateSigned", "ChangeAvailability", "ChangeConfiguration",
    "ClearCache", "ClearChargingProfile", "DataTransfer", "DeleteCertificate",
    "ExtendedTriggerMessage", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics",
    "GetInstalledCertificateIds", "GetLocalListVersion", "GetLog", "InstallCertificate",
    "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
    "SetChargingProfile", "SignedUpdateFirmware", "TriggerMessage", "UnlockConnector",
    "UpdateFirmware",
)  # fmt: skip
"""The CALLs a CSMS initiates in OCPP 1.6 and its security extension."""

QUALIFIERS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ChangeAvailability": (("type",), ("Inoperative", "Operative")),
    "Reset": (("type",), ("Hard", "Soft")),
    "SendLocalList": (("updateType",), ("Differential", "Full")),
    "SetChargingProfile": (
        ("csChargingProfiles", "chargingProfilePurpose"),
        ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"),
    ),
    "TriggerMessage": (
        ("requestedMessage",),
        ("BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
         "Heartbeat", "MeterValues", "StatusNotification"),
    ),
}  # fmt: skip
"""The field that tells kinds of one CALL apart (its path in the request) and its values."""

OPERATOR_STEPS: Mapping[str, str] = {
    **dict.fromkeys(
        ("plug_in", "unplug", "ev_disconnect", "present_id_tag", "press_stop", "fault",
         "clear_fault", "lock_failure", "unlock_failure", "power_loss", "power_restore", "reboot",
         "go_offline", "go_online", "ev_suspend", "ev_resume", "local_list_failure",
         "reservation_refusal", "trigger_refusal", "firmware_install_failure", "security_profile"),
        "charge-point",
    ),
    **dict.fromkeys(("csms_send", "csms_provision_id_tags", "csms_configure"), "csms"),
}  # fmt: skip
"""Every manual step by name, and the DUT side (a SutSide value) whose cases use it: the
operator vocabulary (octt_py.operator.vocabulary) gives each its parameters and instruction."""


def known_actions() -> list[str]:
    """Every spelling ``unsupported.actions`` accepts."""
    qualified = [f"{action}:{value}" for action, (_, values) in QUALIFIERS.items() for value in values]
    return [*CSMS_INITIATED, *qualified]


def _value_at(payload: Mapping[str, Any], path: tuple[str, ...]) -> object:
    value: object = payload
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


@dataclass(frozen=True)
class Unsupported:
    """The PICS's ``[unsupported]`` section."""

    actions: tuple[str, ...] = ()
    operator_steps: tuple[str, ...] = ()

    def action_entry(self, action: str, payload: Mapping[str, Any]) -> str | None:
        """The declared entry that rules out this CALL (``"Reset"`` or ``"Reset:Soft"``), if any."""
        if action in self.actions:
            return action
        if action in QUALIFIERS:
            value = _value_at(payload, QUALIFIERS[action][0])
            if f"{action}:{value}" in self.actions:
                return f"{action}:{value}"
        return None

    def action_reason(self, side: str, action: str, payload: Mapping[str, Any]) -> str | None:
        """Why a case that needs this CALL does not apply, or None when nothing rules it out."""
        entry = self.action_entry(action, payload)
        if entry is None:
            return None
        if side == "charge-point":
            return f"the PICS declares that the charge point does not implement {entry} (unsupported.actions)"
        return f"the PICS declares that the CSMS cannot send {entry} (unsupported.actions)"

    def step_reason(self, step: str, instruction: str = "") -> str | None:
        """Why a case that needs this manual step does not apply, or None."""
        if step not in self.operator_steps:
            return None
        what = f" ({instruction.rstrip('.')})" if instruction else ""
        return f"the PICS declares that the rig cannot do {step}{what} (unsupported.operator_steps)"
