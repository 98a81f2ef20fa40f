"""TC_061_1_CS — Clear Authorization Data in Authorization Cache - Local."""

from octt_py.pics import Profile
from octt_py.roles.csms import CACHE_STATE, NEEDS_AUTHORIZATION_CACHE, FakeCsms
from octt_py.testcase import case


@case(
    "TC_061_1_CS",
    "Clear Authorization Data in Authorization Cache - Local",
    Profile.CORE,
    requires=NEEDS_AUTHORIZATION_CACHE,
)
async def test_TC_061_1_CS(csms: FakeCsms) -> None:
    """After ClearCache, a tag that was cached must be authorized online again.

    Steps:
    Before: configuration states AuthorizationCacheEnabled true, LocalPreAuthorize true.
    1. Memory state IdTagCached for the valid id tag: a transaction with it, stopped again (the
       cache holds it; a charge point that cannot be brought there makes the case inconclusive).
    2. The CSMS sends ClearCache: Accepted.
    3. [Present the same id tag.] Authorize (answered Accepted): the cache no longer holds it.
    4. [Plug in the cable.] StartTransaction and StatusNotification Charging, in either order.

    Choice: the official table ends at the Authorize; step 4 completes the local start the
    catalogue describes, with the reusable state Charging.
    """
    connector = csms.connector()
    tag = csms.tags.valid
    await csms.booted()
    async with csms.configured(CACHE_STATE):
        await csms.id_tag_cached(tag, connector)

        csms.step("2. ClearCache: Accepted")
        await csms.clear_cache()

        csms.step(f"3-4. [Present {tag}]: Authorize; [plug in]: StartTransaction and Charging")
        await csms.charging(connector, tag)
