"""TC_008_2_CS — Remote Start Charging Session - Id in Local Authorization List."""

from octt_py.pics import Profile
from octt_py.roles.csms import LOCAL_LIST_STATE, NEEDS_LOCAL_LIST_STATE, FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail


@case(
    "TC_008_2_CS",
    "Remote Start Charging Session - Id in Local Authorization List",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=NEEDS_LOCAL_LIST_STATE,
)
async def test_TC_008_2_CS(csms: FakeCsms) -> None:
    """A remote start for an id tag in the Local Authorization List needs no Authorize.

    Steps:
    Before: configuration states LocalPreAuthorize true, AuthorizationCacheEnabled false (if
    implemented), LocalAuthListEnabled true.
    1-2. The CSMS sends GetLocalListVersion; the charge point answers a version (not -1).
    3-4. The CSMS sends SendLocalList updateType Full, listVersion one above it, with the valid
         id tag; the charge point answers Accepted.
    5. The CSMS sends RemoteStartTransaction for the configured connector and the valid id tag;
       Accepted. No Authorize.
    6. [Plug in the cable.] StatusNotification Preparing (on the remote start or the plug-in),
       StartTransaction (answered Accepted) and StatusNotification Charging.
    After: the list is emptied again.

    Choice: with AuthorizeRemoteTxRequests true a remote start is authorized "like a local action"
    (OCPP 1.6 §5.11), so LocalPreAuthorize lets the listed tag through without Authorize; with it
    false there is no authorization at all. Either way no Authorize may come.
    """
    connector = csms.connector()
    tag = csms.tags.valid
    await csms.booted()
    async with csms.configured(LOCAL_LIST_STATE, if_implemented=("AuthorizationCacheEnabled",)), csms.local_list_restored():
        csms.step("1-2. GetLocalListVersion")
        version = await csms.local_list_version()
        if version < 0:
            raise Fail(f"GetLocalListVersion reports {version} with LocalAuthListEnabled true")

        csms.step(f"3-4. SendLocalList Full, listVersion {version + 1}, with {tag}: Accepted")
        await csms.local_list_sent(version + 1, "Full", csms.listed(tag))

        csms.step(f"5-6. RemoteStartTransaction connector {connector}, no Authorize; [plug in]: Charging")
        await csms.remote_charging(connector, tag, authorize=False)
