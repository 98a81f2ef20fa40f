"""TC_062_CS — Data Transfer to a Charge Point."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail

VENDOR_ID = "org.openchargealliance.octt"
MESSAGE_ID = "TestMessage"
NOT_ACCEPTED = ("Rejected", "UnknownMessageId", "UnknownVendorId")


@case("TC_062_CS", "Data Transfer to a Charge Point", Profile.CORE)
async def test_TC_062_CS(csms: FakeCsms) -> None:
    """A DataTransfer for a vendorId the charge point does not implement is not accepted.

    Steps:
    1. The CSMS sends DataTransfer with vendorId 'org.openchargealliance.octt' and a messageId.
    2. The charge point answers Rejected, UnknownMessageId or UnknownVendorId.

    Choice: the official case allows Accepted with a warning; OCPP 1.6 §5.6 (and §4.3) says a recipient
    without an implementation for the vendorId SHALL answer UnknownVendorId, so an Accepted for
    the tool's own vendorId fails here. Rejected and UnknownMessageId pass, as in the official
    case.
    """
    await csms.booted()

    csms.step(f"1. DataTransfer vendorId {VENDOR_ID}, messageId {MESSAGE_ID}")
    reply = await csms.cp.call("DataTransfer", {"vendorId": VENDOR_ID, "messageId": MESSAGE_ID, "data": "octt"})

    csms.step("2. The charge point does not accept it")
    status = reply.payload["status"]
    if status not in NOT_ACCEPTED:
        raise Fail(f"DataTransfer for the unknown vendorId {VENDOR_ID} was answered {status}; "
                   f"expected {', '.join(NOT_ACCEPTED)}")
