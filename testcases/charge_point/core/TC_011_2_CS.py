"""TC_011_2_CS — Remote Start Charging Session - Time Out."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


def _timeout_settable(pics: Pics) -> bool:
    return FakeCsms.configurable(pics, {"ConnectionTimeOut": str(pics.timing.connection_timeout)})


@case(
    "TC_011_2_CS",
    "Remote Start Charging Session - Time Out",
    Profile.CORE,
    requires=(needs(_timeout_settable, "the PICS declares ConnectionTimeOut read-only with another value"),),
)
async def test_TC_011_2_CS(csms: FakeCsms) -> None:
    """A remote start without a cable lapses: after ConnectionTimeOut the connector is Available
    again and no transaction starts.

    Steps:
    Before: configuration state ConnectionTimeOut is <connection_timeout>.
    1. The CSMS reads AuthorizeRemoteTxRequests with GetConfiguration.
    2. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag): Accepted.
    3. If AuthorizeRemoteTxRequests is true: Authorize, answered Accepted.
    4. StatusNotification Preparing.
    5. [No cable is plugged in.] Once ConnectionTimeOut has passed: StatusNotification
       Available, and no StartTransaction.

    As in TC_004_2, ConnectionTimeOut counts from the start of Preparing (OCPP 1.6 §9.1) and the
    Available must come neither earlier nor later, within the PICS max_time_deviation (early: at
    most half the timeout).
    """
    connector = csms.connector()
    cp, timing = csms.cp, csms.timing
    await csms.booted()
    async with csms.configured({"ConnectionTimeOut": str(timing.connection_timeout)}):
        csms.step("1. GetConfiguration AuthorizeRemoteTxRequests")
        authorize = await csms.authorize_remote_tx_requests()
        csms.step(f"2. RemoteStartTransaction connector {connector}: Accepted")
        await csms.remote_start(connector)
        if authorize:
            csms.step("3. AuthorizeRemoteTxRequests is true: Authorize, answered Accepted")
            await cp.expect(match("Authorize", idTag=csms.tags.valid), timeout=timing.remote_start_time)

        csms.step("4. StatusNotification Preparing")
        preparing = await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

        csms.step("5. [No cable] After ConnectionTimeOut: StatusNotification Available, no StartTransaction")
        await csms.authorization_times_out(connector, preparing)
