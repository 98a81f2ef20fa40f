"""TC_007_2_CS — Remote Start Charging Session - Cached Id."""

from octt_py.pics import Profile
from octt_py.roles.csms import CACHE_STATE, NEEDS_AUTHORIZATION_CACHE, FakeCsms
from octt_py.testcase import case


@case(
    "TC_007_2_CS",
    "Remote Start Charging Session - Cached Id",
    Profile.CORE,
    requires=NEEDS_AUTHORIZATION_CACHE,
)
async def test_TC_007_2_CS(csms: FakeCsms) -> None:
    """A remote start for an id tag in the Authorization Cache needs no Authorize.

    Steps:
    Before: configuration states AuthorizationCacheEnabled true, LocalPreAuthorize true; memory
    state IdTagCached for the valid id tag (a transaction with it, stopped again: the cache holds
    it; a charge point that cannot be brought there makes the case inconclusive).
    1. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag): Accepted. No
       Authorize.
    2. [Plug in the cable.] StatusNotification Preparing (on the remote start or on the
       plug-in), StartTransaction (answered Accepted) and StatusNotification Charging; still no
       Authorize.

    Choice: with AuthorizeRemoteTxRequests true the charge point treats the remote start as a
    local presentation of the tag (OCPP 1.6 §5.11), so LocalPreAuthorize lets it use the cache;
    with AuthorizeRemoteTxRequests false it does not authorize at all. Either way no Authorize.
    """
    connector = csms.connector()
    await csms.booted()
    async with csms.configured(CACHE_STATE):
        await csms.id_tag_cached(csms.tags.valid, connector)
        csms.step("1-2. RemoteStartTransaction for the cached tag, [plug in]: no Authorize, StartTransaction, Charging")
        await csms.remote_charging(connector, csms.tags.valid, authorize=False)
