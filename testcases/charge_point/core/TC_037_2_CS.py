"""TC_037_2_CS — Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = false."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs

STATE = {"StopTransactionOnInvalidId": "false"}


@case(
    "TC_037_2_CS",
    "Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = false",
    Profile.CORE,
    requires=(
        needs(lambda p: bool(p.capabilities.offline_authorization),
              "the PICS declares no offline authorization (local list, cache or unknown id)"),
        needs(lambda p: FakeCsms.configurable(p, STATE), "the PICS declares StopTransactionOnInvalidId read-only true"),
    ),
)
async def test_TC_037_2_CS(csms: FakeCsms) -> None:
    """A transaction started offline whose StartTransaction is answered Invalid is kept, but
    suspended, when StopTransactionOnInvalidId is false.

    Steps:
    1. Configuration state: StopTransactionOnInvalidId = false (put back after the case).
    2. [Remove the connectivity.] [Plug in the configured connector and present an id tag the CSMS
       refuses.] [Restore the connectivity.] StartTransaction, answered with idTagInfo Invalid.
    3. StatusNotification SuspendedEVSE for the configured connector; no StopTransaction follows
       within max_time_deviation.

    Choice: which tag, and how the charge point accepts it offline, is the shared flow
    ``offline_start_refused`` (the PICS invalid tag with AllowOfflineTxForUnknownId, otherwise
    the valid tag from the local list or cache, answered Invalid). OCPP 1.6 §9.1: with the key
    false the charge point "shall only stop energy delivery", i.e. SuspendedEVSE.
    """
    connector = csms.connector()
    cp, timing = csms.cp, csms.timing
    await csms.booted()

    csms.step("1. Configuration state: StopTransactionOnInvalidId = false")
    async with csms.configured(STATE):
        csms.step("2. Offline start with a refused id tag; StartTransaction answered Invalid")
        await csms.offline_start_refused(connector)

        csms.step("3. StatusNotification SuspendedEVSE; the transaction is not stopped")
        await cp.expect(match("StatusNotification", connectorId=connector, status="SuspendedEVSE"))
        await cp.expect_none(match("StopTransaction"), during=timing.max_time_deviation)
