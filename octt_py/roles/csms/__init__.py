"""The harness as Central System, facing a charge point DUT (the ``_CS`` cases).

``FakeCsms`` is put together from one module per OCPP 1.6 feature profile, each a class that
extends ``CsmsCore``, so that the steps of a profile's cases are found in one file:

- ``core``: the session, what the CSMS answers and knows of the charge point, the reusable
  states Booted / Authorized / Charging, configuration states, connectivity and power,
  sessions, availability and reset (Core);
- ``idle``: every case starts from a verified idle charge point, and the return to idle after it;
- ``offline_authorization`` and ``meter_values``: the rest of Core (TC_007_x, TC_037_x, TC_039,
  TC_061_x; TC_036, TC_070, TC_071);
- ``local_auth_list``: Local Auth List Management;
- ``reservation``: Reservation;
- ``smart_charging``: Smart Charging;
- ``firmware``: Firmware Management (firmware and diagnostics);
- ``security``: the security white paper (security profiles, TLS, Basic auth);
- ``signing``: certificate signing by request of the Central System (white paper);
- ``certificates``: the charge point's root certificates, installed, listed, deleted (white paper);
- ``security_log``: GetLog SecurityLog and its upload (white paper);
- ``signed_firmware``: SignedUpdateFirmware and its status notifications (white paper);
- ``profile_upgrade``: the upgrade to a higher security profile, without fallback (white paper).
"""

from octt_py.roles.csms.certificates import CertificateSteps
from octt_py.roles.csms.core import BACKGROUND
from octt_py.roles.csms.firmware import FirmwareSteps
from octt_py.roles.csms.idle import ReturnToIdle
from octt_py.roles.csms.local_auth_list import (
    LOCAL_LIST_STATE,
    NEEDS_LOCAL_LIST_STATE,
    LocalAuthListSteps,
)
from octt_py.roles.csms.meter_values import MeterValuesSteps
from octt_py.roles.csms.offline_authorization import (
    CACHE_STATE,
    NEEDS_AUTHORIZATION_CACHE,
    OfflineAuthorizationSteps,
)
from octt_py.roles.csms.profile_upgrade import ProfileUpgradeSteps
from octt_py.roles.csms.reservation import ReservationSteps
from octt_py.roles.csms.security import SecuritySteps
from octt_py.roles.csms.security_log import SecurityLogSteps
from octt_py.roles.csms.signed_firmware import SignedFirmwareSteps
from octt_py.roles.csms.signing import SigningSteps
from octt_py.roles.csms.smart_charging import SmartChargingSteps

__all__ = ["BACKGROUND", "CACHE_STATE", "LOCAL_LIST_STATE", "NEEDS_AUTHORIZATION_CACHE", "NEEDS_LOCAL_LIST_STATE",
           "FakeCsms"]


class FakeCsms(
    OfflineAuthorizationSteps,
    MeterValuesSteps,
    LocalAuthListSteps,
    ReservationSteps,
    SmartChargingSteps,
    SecurityLogSteps,
    SignedFirmwareSteps,
    FirmwareSteps,
    ProfileUpgradeSteps,
    SigningSteps,
    CertificateSteps,
    SecuritySteps,
    ReturnToIdle,
):
    """The fake CSMS the ``_CS`` cases get as ``csms``: every profile's steps on one session."""
