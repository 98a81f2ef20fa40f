"""TC_061_2_CS — Clear Authorization Data in Authorization Cache - Remote."""

from octt_py.pics import Pics, Profile
from octt_py.roles.csms import CACHE_STATE, FakeCsms
from octt_py.testcase import case, needs


def _state(pics: Pics) -> dict[str, str]:
    return {**CACHE_STATE, "AuthorizeRemoteTxRequests": "true"}


@case(
    "TC_061_2_CS",
    "Clear Authorization Data in Authorization Cache - Remote",
    Profile.CORE,
    requires=(
        needs(lambda p: p.capabilities.authorization_cache, "the PICS declares no authorization cache"),
        needs(lambda p: FakeCsms.configurable(p, _state(p)),
              "the PICS declares AuthorizationCacheEnabled, LocalPreAuthorize or AuthorizeRemoteTxRequests "
              "read-only false"),
    ),
)
async def test_TC_061_2_CS(csms: FakeCsms) -> None:
    """After ClearCache, a remote start for a tag that was cached is authorized online again.

    Steps:
    Before: configuration states AuthorizationCacheEnabled true, LocalPreAuthorize true,
    AuthorizeRemoteTxRequests true.
    1. Memory state IdTagCached for the valid id tag: a transaction with it, stopped again (the
       cache holds it; a charge point that cannot be brought there makes the case inconclusive).
    2. The CSMS sends ClearCache: Accepted.
    3. The CSMS sends RemoteStartTransaction (the configured connector, the same id tag): Accepted;
       Authorize (answered Accepted), since the cache no longer holds the tag.
    4. [Plug in the cable.] StatusNotification Preparing, StartTransaction and StatusNotification
       Charging.

    Choice: AuthorizeRemoteTxRequests true makes the remote start go through the charge point's
    authorization (OCPP 1.6 §5.11); with it false the cache would play no part.
    """
    connector = csms.connector()
    tag = csms.tags.valid
    await csms.booted()
    async with csms.configured(_state(csms.pics)):
        await csms.id_tag_cached(tag, connector)

        csms.step("2. ClearCache: Accepted")
        await csms.clear_cache()

        csms.step("3-4. RemoteStartTransaction: Authorize; [plug in]: StartTransaction and Charging")
        await csms.remote_charging(connector, tag, authorize=True)
