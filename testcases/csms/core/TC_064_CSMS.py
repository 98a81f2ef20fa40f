"""TC_064_CSMS — Data Transfer to a Central System."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail

UNKNOWN_VENDOR = "org.octt-py.unknown-vendor"
REFUSALS = ("Rejected", "UnknownMessageId", "UnknownVendorId")


@case("TC_064_CSMS", "Data Transfer to a Central System", Profile.CORE)
async def test_TC_064_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS declines a DataTransfer from a vendor it does not support.

    Steps:
    1. Reusable state Booted.
    2. DataTransfer with a vendorId the CSMS does not support; the CSMS answers a
       DataTransfer.conf with status Rejected, UnknownMessageId or UnknownVendorId.

    Prerequisite: the CSMS does not support DataTransfer for vendorId org.octt-py.unknown-vendor.
    Choice: as the official table allows, Accepted passes with a note in the trace for the
    vendor; a CALLERROR instead of a DataTransfer.conf fails (OCPP 1.6 section 4.3: the CSMS
    answers with a status).
    """
    await cp.booted()
    cp.step(f"2. DataTransfer vendorId {UNKNOWN_VENDOR}: the CSMS must decline it")
    reply = (
        await cp.csms.call("DataTransfer", {"vendorId": UNKNOWN_VENDOR, "messageId": "Test"})
    ).payload
    status = reply.get("status")
    if status == "Accepted":
        cp.trace.note(
            f"the CSMS answered DataTransfer for the unknown vendorId {UNKNOWN_VENDOR} Accepted: "
            "allowed, but it should decline vendor-specific messages it does not support"
        )
    elif status not in REFUSALS:
        raise Fail(f"the CSMS answered DataTransfer with status {status!r}")
