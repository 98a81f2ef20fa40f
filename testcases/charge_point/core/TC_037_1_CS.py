"""TC_037_1_CS — Offline Start Transaction - Valid IdTag."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs


@case(
    "TC_037_1_CS",
    "Offline Start Transaction - Valid IdTag",
    Profile.CORE,
    requires=(needs(lambda p: bool(p.capabilities.offline_authorization),
                    "the PICS declares no offline authorization (local list, cache or unknown id)"),),
)
async def test_TC_037_1_CS(csms: FakeCsms) -> None:
    """A transaction started offline with a valid id tag is reported once the connection is back.

    Steps:
    1. Preparations (undone after the case): LocalAuthorizeOffline true and, per the PICS
       offline methods, LocalAuthListEnabled true with the valid tag in the local list,
       AuthorizationCacheEnabled true with the valid tag cached, AllowOfflineTxForUnknownId true.
    2. [Remove the connectivity.] [Plug in the configured connector and present the valid id tag.]
       [Restore the connectivity.]
    3. StartTransaction (queued while offline) for the valid tag, answered Accepted, and
       StatusNotification Charging, in either order.

    Choice: the official preparations set every "(If implemented)" key; here the PICS's
    offline_authorization says which are implemented. The local list, when there is one, holds
    the tag (it is emptied again afterwards); the cache is used otherwise.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()

    csms.step("1. Preparations: offline authorization of the valid id tag")
    async with csms.authorizes_offline(tag):
        csms.step("2. Offline: the EV driver starts a transaction")
        async with csms.offline():
            await csms.starts_offline(tag, connector)

        csms.step("3. StartTransaction (Accepted) and StatusNotification Charging, in either order")
        await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tag),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
