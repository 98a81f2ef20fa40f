"""TC_019_CS — Retrieve configuration."""

from octt_py.pics import REQUIRED_KEYS, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.trace import FindingKind
from octt_py.verdict import Fail

UNKNOWN_KEY = "OcttUnknownKey"  # no OCPP 1.6 key, nor a plausible vendor one
UNKNOWN_KEY_NOT_REPORTED = "case.unknown-key-not-reported"

# Profiles that appear in the SupportedFeatureProfiles key (OCPP 1.6 §9.1.32); Security is not one.
FEATURE_PROFILES = (
    Profile.CORE, Profile.FIRMWARE_MANAGEMENT, Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    Profile.RESERVATION, Profile.SMART_CHARGING, Profile.REMOTE_TRIGGER,
)  # fmt: skip


@case("TC_019_CS", "Retrieve configuration", Profile.CORE)
async def test_TC_019_CS(csms: FakeCsms) -> None:
    """The charge point reports its configuration completely and truthfully.

    Steps:
    1. GetConfiguration SupportedFeatureProfiles: the value lists Core and exactly the optional
       profiles the PICS declares.
    2. GetConfiguration without keys: every required key of each supported profile is present,
       with the accessibility (read-only or read-write) OCPP 1.6 §9 gives it.
    3. GetConfiguration GetConfigurationMaxKeys: a positive integer.
    4. GetConfiguration for HeartbeatInterval and MeterValueSampleInterval: both returned,
       unknownKey empty.
    5. Extended (the official table is silent): GetConfiguration for HeartbeatInterval and a
       key no charge point has: the unknown key comes back in unknownKey, and only there
       (OCPP 1.6 GetConfiguration.conf: unknownKey holds "requested keys that are unknown");
       otherwise an extended finding, case.unknown-key-not-reported.
    """
    cp = csms.cp
    await csms.booted()

    csms.step("1. GetConfiguration SupportedFeatureProfiles")
    values, _ = await _get(csms, ["SupportedFeatureProfiles"])
    reported = {p.strip() for p in values.get("SupportedFeatureProfiles", ("", False))[0].split(",") if p.strip()}
    declared = {p.value for p in FEATURE_PROFILES if csms.pics.supports(p)}
    if reported != declared:
        raise Fail(
            f"SupportedFeatureProfiles is {sorted(reported)}, the PICS declares {sorted(declared)}"
        )

    csms.step("2. GetConfiguration without keys: every required key, with its accessibility")
    everything = (await cp.call("GetConfiguration", {})).payload.get("configurationKey", [])
    present = {k["key"]: k.get("readonly") for k in everything}
    for profile in FEATURE_PROFILES:
        if not csms.pics.supports(profile):
            continue
        for key, readonly in REQUIRED_KEYS.get(profile, {}).items():
            if key not in present:
                raise Fail(f"GetConfiguration lacks {key}, required by the {profile} profile")
            if readonly is not None and present[key] != readonly:
                wanted = "read-only" if readonly else "read-write"
                raise Fail(f"{key} is reported readonly={present[key]}; OCPP 1.6 makes it {wanted}")

    csms.step("3. GetConfiguration GetConfigurationMaxKeys")
    values, _ = await _get(csms, ["GetConfigurationMaxKeys"])
    max_keys = values.get("GetConfigurationMaxKeys", ("", False))[0]
    if not max_keys.isdigit() or int(max_keys) < 1:
        raise Fail(f"GetConfigurationMaxKeys is {max_keys!r}, not a positive integer")

    csms.step("4. GetConfiguration HeartbeatInterval, MeterValueSampleInterval")
    asked = ["HeartbeatInterval", "MeterValueSampleInterval"]
    values, unknown = await _get(csms, asked)
    if unknown or set(values) != set(asked):
        raise Fail(f"asked for {asked}, got keys {sorted(values)} and unknownKey {unknown}")

    csms.step(f"5. Extended: GetConfiguration HeartbeatInterval, {UNKNOWN_KEY}: {UNKNOWN_KEY} in unknownKey")
    values, unknown = await _get(csms, ["HeartbeatInterval", UNKNOWN_KEY])
    if UNKNOWN_KEY not in unknown or UNKNOWN_KEY in values:
        csms.trace.finding(
            FindingKind.PROTOCOL,
            f"GetConfiguration for the unknown key {UNKNOWN_KEY} answered unknownKey {unknown} and keys "
            f"{sorted(values)}; OCPP 1.6 puts a requested key the charge point does not know in unknownKey",
            extended=True,
            rule=UNKNOWN_KEY_NOT_REPORTED,
        )


async def _get(csms: FakeCsms, keys: list[str]) -> tuple[dict[str, tuple[str, bool]], list[str]]:
    """GetConfiguration for ``keys``: {key: (value, readonly)} and the unknownKey list."""
    reply = (await csms.cp.call("GetConfiguration", {"key": keys}, causes=False)).payload
    values = {k["key"]: (k.get("value", ""), k.get("readonly")) for k in reply.get("configurationKey", [])}
    return values, list(reply.get("unknownKey", []))
