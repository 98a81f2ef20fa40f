"""TC_021_CS — Change/set Configuration."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

KEY = "MeterValueSampleInterval"


def _writable(pics: Pics) -> bool:
    declared = pics.configuration.get(KEY)
    return declared is None or not declared.readonly


@case(
    "TC_021_CS",
    "Change/set Configuration",
    Profile.CORE,
    requires=(needs(_writable, f"the PICS declares {KEY} read-only"),),
)
async def test_TC_021_CS(csms: FakeCsms) -> None:
    """A read-write key changed with ChangeConfiguration reads back with its new value.

    Steps:
    1. The CSMS sends ChangeConfiguration MeterValueSampleInterval = a new value; Accepted.
    2. The CSMS sends GetConfiguration MeterValueSampleInterval; the value is the new one.

    Choice: the new value is the current value plus one, read first with GetConfiguration, so a
    charge point that answers Accepted without storing anything cannot pass by accident; the old
    value is put back afterwards.
    """
    cp = csms.cp
    await csms.booted()
    before = await _read(csms)
    new = str(int(before) + 1) if before.isdigit() else str(csms.timing.meter_value_sample_interval)

    try:
        csms.step(f"1. ChangeConfiguration {KEY} = {new}: Accepted")
        status = (await cp.call("ChangeConfiguration", {"key": KEY, "value": new})).payload["status"]
        if status != "Accepted":
            raise Fail(f"ChangeConfiguration {KEY} = {new} was answered {status}, not Accepted")

        csms.step(f"2. GetConfiguration {KEY}: the new value")
        after = await _read(csms)
        if after != new:
            raise Fail(f"{KEY} reads {after!r} after being changed to {new!r}")
    finally:
        csms.step(f"Put {KEY} back to {before}")
        await cp.call("ChangeConfiguration", {"key": KEY, "value": before})


async def _read(csms: FakeCsms) -> str:
    reply = (await csms.cp.call("GetConfiguration", {"key": [KEY]})).payload
    for item in reply.get("configurationKey", []):
        if item.get("key") == KEY:
            return str(item.get("value", ""))
    raise Fail(f"GetConfiguration did not return {KEY}")
