"""TC_037_3_CS — Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

STATE = {"StopTransactionOnInvalidId": "true"}


@case(
    "TC_037_3_CS",
    "Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true",
    Profile.CORE,
    requires=(
        needs(lambda p: bool(p.capabilities.offline_authorization),
              "the PICS declares no offline authorization (local list, cache or unknown id)"),
        needs(lambda p: FakeCsms.configurable(p, STATE), "the PICS declares StopTransactionOnInvalidId read-only false"),
    ),
)
async def test_TC_037_3_CS(csms: FakeCsms) -> None:
    """A transaction started offline whose StartTransaction is answered Invalid is stopped when
    StopTransactionOnInvalidId is true.

    Steps:
    1. Configuration state: StopTransactionOnInvalidId = true (put back after the case).
    2. [Remove the connectivity.] [Plug in the configured connector and present an id tag the CSMS
       refuses.] [Restore the connectivity.] StartTransaction, answered with idTagInfo Invalid.
    3. StopTransaction for that transaction with reason DeAuthorized, and StatusNotification
       Finishing, in either order.

    Choice: the tag and how the charge point accepts it offline are the shared flow
    ``offline_start_refused`` (see TC_037_2).
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()

    csms.step("1. Configuration state: StopTransactionOnInvalidId = true")
    async with csms.configured(STATE):
        csms.step("2. Offline start with a refused id tag; StartTransaction answered Invalid")
        transaction = await csms.offline_start_refused(connector)

        csms.step("3. StopTransaction (reason DeAuthorized) and StatusNotification Finishing, in either order")
        stop, _ = await cp.expect_all(
            match("StopTransaction", transactionId=transaction.transaction_id),
            match("StatusNotification", connectorId=connector, status="Finishing"),
        )
        reason = stop.payload.get("reason", "Local (omitted)")
        if reason != "DeAuthorized":
            raise Fail(f"StopTransaction after the Invalid StartTransaction has reason {reason}, not DeAuthorized")
