"""Feature profiles as a certificate groups them, and the rule that gives each its verdict.

The security cases split in two rows. The catalogue (``octt16/catalogue.md``, notes under the
profile counts) reads the OCA Certification Procedure (edition 2023) as naming an "Advanced
Security" certificate profile for security profile 3, client certificates, while the other
security cases go with Core. We keep Core as the certificates show it, without security, and
show the two security rows apart, so a vendor without profile 3 still sees a clean Security row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

ADVANCED_SECURITY = "AdvancedSecurity"
ADVANCED_SECURITY_CASES = frozenset({"TC_074", "TC_077", "TC_087"})
"""The security profile 3 cases (catalogue: "Security (SP3 / Advanced)")."""


def certificate_group(profile: str, case_id: str) -> str:
    """The row of the result summary a case counts in: its feature profile, except that the
    security profile 3 cases count in Advanced Security."""
    base = case_id.removesuffix("_CSMS").removesuffix("_CS")
    if profile == "Security" and base in ADVANCED_SECURITY_CASES:
        return ADVANCED_SECURITY
    return profile


@dataclass(frozen=True)
class ProfileInfo:
    key: str  # as in results.jsonl and SupportedFeatureProfiles
    pics_key: str  # as in the PICS [profiles] table
    name: str
    description: str


PROFILES = (
    ProfileInfo(
        "Core",
        "core",
        "Core",
        "Basic Charging Station functionality for booting, authorization (incl. cache if "
        "available), configuration, transactions, remote control.",
    ),
    ProfileInfo(
        "FirmwareManagement",
        "firmware_management",
        "Firmware Management",
        "Support for (remote) firmware update management and diagnostic log file download.",
    ),
    ProfileInfo(
        "SmartCharging",
        "smart_charging",
        "Smart Charging",
        "Support for Smart Charging (all profile types, including stacking), to control charging.",
    ),
    ProfileInfo(
        "Reservation",
        "reservation",
        "Reservation",
        "Support for reservation of a connector of a Charging Station.",
    ),
    ProfileInfo(
        "LocalAuthListManagement",
        "local_auth_list_management",
        "Local Authorization List Management",
        "Features to manage a local list in the charging station containing authorization "
        "data for whitelisting users.",
    ),
    ProfileInfo(
        "RemoteTrigger",
        "remote_trigger",
        "Remote Trigger",
        "Support for remotely triggering messages that originate from a Charging Station. "
        "This can be used for resending messages or for getting the latest information "
        "from the Charging Station.",
    ),
    ProfileInfo(
        "Security",
        "security",
        "Security",
        "OCPP 1.6 security extension: Basic authentication, TLS with server certificates, "
        "certificate management, security events and logs, signed firmware.",
    ),
    ProfileInfo(
        ADVANCED_SECURITY,
        "security",
        "Advanced Security",
        "Security profile 3: TLS with client certificates, and the renewal of the charge "
        "point's certificate.",
    ),
)
"""In the certificates' order and wording. The security rows are ours: the five certificates
predate the extension, so they are shown only when their cases ran or the PICS declares it."""

PROFILE_VERDICT_RULE = (
    "A feature profile passes only when at least one of its applicable test cases ran and every "
    "applicable case passed. It fails when any case failed, is inconclusive when none failed but "
    "some were inconclusive or ended in a harness error, and is not tested when no applicable "
    "case ran. Cases the PICS rules out (not applicable) do not count."
)


class ProfileVerdict(StrEnum):
    PASS = "Pass"
    FAIL = "Fail"
    INCONCLUSIVE = "Inconclusive"
    NOT_TESTED = "Not tested"


def profile_verdict(verdicts: Iterable[str]) -> ProfileVerdict:
    """The verdict of a feature profile from its cases' verdicts (PROFILE_VERDICT_RULE)."""
    applicable = [v for v in verdicts if v != "not_applicable"]
    if not applicable:
        return ProfileVerdict.NOT_TESTED
    if "fail" in applicable:
        return ProfileVerdict.FAIL
    if all(v == "pass" for v in applicable):
        return ProfileVerdict.PASS
    return ProfileVerdict.INCONCLUSIVE
