"""The harness as charge point, facing a CSMS DUT (the ``_CSMS`` cases).

The fake charge point connects to the CSMS, sends what a charge point sends (the case decides
each step) and answers every CALL the CSMS sends at once with what a conformant charge point
of the PICS would answer. A CSMS may send CALLs of its own at any time (GetConfiguration after
a boot, TriggerMessage ...), so all CSMS-initiated actions are background: a case waits for
the ones its step table names and the others are answered and recorded.

``FakeChargePoint`` is put together from one module per OCPP 1.6 feature profile, each a class
that extends ``ChargePointCore``, so that the steps of a profile's cases are found in one file:

- ``core``: the connection, what a charge point sends and answers, the reusable states
  Booted / Authorized / Charging, sessions, resets, offline and back, and the return to idle
  between cases (Core), with the few Local Auth List Management steps;
- ``firmware``: Firmware Management (firmware and diagnostics file transfer);
- ``reservation``: Reservation;
- ``remote_trigger``: Remote Trigger;
- ``smart_charging``: Smart Charging;
- ``security``: the security white paper (profiles, TLS, Basic auth), and ``signing``: its
  certificates (renewal by request of the CSMS, certificate security events);
- ``certificates``: the white paper's root certificate store, managed by the CSMS;
- ``security_log``: the white paper's GetLog SecurityLog and its upload;
- ``signed_firmware``: the white paper's SignedUpdateFirmware, verified and installed.
"""

from octt_py.roles.charge_point.certificates import CertificateSteps
from octt_py.roles.charge_point.firmware import FirmwareSteps
from octt_py.roles.charge_point.remote_trigger import RemoteTriggerSteps
from octt_py.roles.charge_point.reservation import ReservationSteps
from octt_py.roles.charge_point.security_log import SecurityLogSteps
from octt_py.roles.charge_point.signed_firmware import SignedFirmwareSteps
from octt_py.roles.charge_point.signing import SigningSteps
from octt_py.roles.charge_point.smart_charging import SmartChargingSteps

__all__ = ["FakeChargePoint"]


class FakeChargePoint(SignedFirmwareSteps, SecurityLogSteps, FirmwareSteps, ReservationSteps, RemoteTriggerSteps, SmartChargingSteps,
                      CertificateSteps, SigningSteps):
    """The fake charge point the ``_CSMS`` cases get as ``cp``: every profile's steps on one session."""
