"""TC_004_2_CS — Regular Charging Session - Identification First - ConnectionTimeOut."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


def _timeout_settable(pics: Pics) -> bool:
    return FakeCsms.configurable(pics, {"ConnectionTimeOut": str(pics.timing.connection_timeout)})


@case(
    "TC_004_2_CS",
    "Regular Charging Session - Identification First - ConnectionTimeOut",
    Profile.CORE,
    requires=(needs(_timeout_settable, "the PICS declares ConnectionTimeOut read-only with another value"),),
)
async def test_TC_004_2_CS(csms: FakeCsms) -> None:
    """An identification without a cable lapses: after ConnectionTimeOut the connector is
    Available again and no transaction starts.

    Steps:
    Before: configuration state ConnectionTimeOut is <connection_timeout>.
    1. Reusable state Authorized: [present the valid id tag], Authorize answered Accepted;
       StatusNotification Preparing.
    2. [No cable is plugged in.] Once ConnectionTimeOut has passed: StatusNotification
       Available, and no StartTransaction.

    Choice: the official table only checks the Available. ConnectionTimeOut counts from the start
    of Preparing (OCPP 1.6 §9.1 ConnectionTimeOut), so the case waits for the Preparing the
    identification brings and checks the Available comes neither earlier than ConnectionTimeOut
    nor later, within the PICS max_time_deviation (early: at most half the timeout, so that a
    short timeout still has a lower bound).
    """
    connector = csms.connector()
    cp = csms.cp
    await csms.booted()
    async with csms.configured({"ConnectionTimeOut": str(csms.timing.connection_timeout)}):
        csms.step("1. Reusable state Authorized; StatusNotification Preparing")
        await csms.authorized(connector=connector)
        preparing = await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))

        csms.step("2. [No cable] After ConnectionTimeOut: StatusNotification Available, no StartTransaction")
        await csms.authorization_times_out(connector, preparing)
