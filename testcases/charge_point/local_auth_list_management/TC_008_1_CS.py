"""TC_008_1_CS — Regular Start Charging Session - Id in Local Authorization List."""

from octt_py.pics import Profile
from octt_py.roles.csms import LOCAL_LIST_STATE, NEEDS_LOCAL_LIST_STATE, FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case(
    "TC_008_1_CS",
    "Regular Start Charging Session - Id in Local Authorization List",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=NEEDS_LOCAL_LIST_STATE,
)
async def test_TC_008_1_CS(csms: FakeCsms) -> None:
    """An id tag in the Local Authorization List starts a transaction without asking the CSMS.

    Steps:
    Before: configuration states LocalPreAuthorize true, AuthorizationCacheEnabled false (if
    implemented), LocalAuthListEnabled true.
    1-2. The CSMS sends GetLocalListVersion; the charge point answers a version (not -1).
    3-4. The CSMS sends SendLocalList updateType Full, listVersion one above it, with the valid
         id tag (Accepted), and the expired id tag listed as Accepted until 2020; the charge
         point answers Accepted.
    5. [Present the valid id tag.] StatusNotification Preparing, and no Authorize.
    6-10. [Plug in the cable.] StartTransaction (answered Accepted) and StatusNotification
         Charging, in either order; still no Authorize.
    Extended (not in the official table; with two connectors or more): [present the expired
         id tag at another connector]: Authorize (the CSMS answers Expired) or a refusal; a
         Preparing without Authorize means the stale entry authorized it, the extended finding
         case.expired-local-entry-used.
    After: the list is emptied again.

    With LocalPreAuthorize true a listed Accepted tag is authorized locally (OCPP 1.6 §3.5.2,
    §9.1 LocalPreAuthorize); the cache is off so that only the list can authorize it.
    """
    connector = csms.connector()
    cp, tag = csms.cp, csms.tags.valid
    await csms.booted()
    async with csms.configured(LOCAL_LIST_STATE, if_implemented=("AuthorizationCacheEnabled",)), csms.local_list_restored():
        csms.step("1-2. GetLocalListVersion")
        version = await csms.local_list_version()
        if version < 0:
            raise Fail(f"GetLocalListVersion reports {version} with LocalAuthListEnabled true")

        csms.step(f"3-4. SendLocalList Full, listVersion {version + 1}, with {tag} (and a stale entry): Accepted")
        await csms.local_list_sent(version + 1, "Full", [*csms.listed(tag), csms.listed_expired(csms.tags.expired)])

        not_asked = match("Authorize", idTag=tag, label="a tag in the local list, LocalPreAuthorize true")
        csms.step(f"5. [Present {tag}]: StatusNotification Preparing, no Authorize")
        await csms.act("present_id_tag", id_tag=tag, connector=connector)
        await cp.expect(match("StatusNotification", connectorId=connector, status="Preparing"))
        await cp.expect_none(not_asked, during=0)

        csms.step(f"6-10. [Plug in connector {connector}]: StartTransaction and Charging, in either order")
        await csms.act("plug_in", connector=connector)
        await cp.expect_all(
            match("StartTransaction", connectorId=connector, idTag=tag),
            match("StatusNotification", connectorId=connector, status="Charging"),
        )
        await cp.expect_none(not_asked, during=0)
        other = next((n for n in range(1, csms.pics.capabilities.connectors + 1) if n != connector), None)
        if other is not None:
            await csms.stale_entry_not_used(csms.tags.expired, other)
