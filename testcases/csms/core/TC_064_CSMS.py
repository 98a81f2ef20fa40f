"""TC_064_CSMS — Data Transfer to a Central System."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.trace import FindingKind
from octt_py.verdict import Fail

UNKNOWN_VENDOR = "org.octt-py.unknown-vendor"
REFUSALS = ("Rejected", "UnknownMessageId", "UnknownVendorId")
UNKNOWN_VENDOR_ACCEPTED = "case.data-transfer-unknown-vendor-accepted"


@case("TC_064_CSMS", "Data Transfer to a Central System", Profile.CORE)
async def test_TC_064_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS declines a DataTransfer from a vendor it does not support.

    Steps:
    1. Reusable state Booted.
    2. DataTransfer with a vendorId the CSMS does not support; the CSMS answers a
       DataTransfer.conf with status Rejected, UnknownMessageId or UnknownVendorId.

    Prerequisite: the CSMS does not support DataTransfer for vendorId org.octt-py.unknown-vendor.
    Choice: as the official table allows, Accepted passes, but OCPP 1.6 section 4.3 says a
    recipient without an implementation for the vendorId SHALL answer UnknownVendorId, so it is
    an extended finding (case.data-transfer-unknown-vendor-accepted: fails only under --strict).
    A CALLERROR instead of a DataTransfer.conf fails (section 4.3: the CSMS answers with a
    status).
    """
    await cp.booted()
    cp.step(f"2. DataTransfer vendorId {UNKNOWN_VENDOR}: the CSMS must decline it")
    reply = (
        await cp.csms.call("DataTransfer", {"vendorId": UNKNOWN_VENDOR, "messageId": "Test"})
    ).payload
    status = reply.get("status")
    if status == "Accepted":
        cp.trace.finding(
            FindingKind.PROTOCOL,
            f"the CSMS answered DataTransfer for the unknown vendorId {UNKNOWN_VENDOR} Accepted; OCPP 1.6 "
            "section 4.3 wants UnknownVendorId from a recipient without an implementation for it",
            extended=True,
            rule=UNKNOWN_VENDOR_ACCEPTED,
        )
    elif status not in REFUSALS:
        raise Fail(f"the CSMS answered DataTransfer with status {status!r}")
