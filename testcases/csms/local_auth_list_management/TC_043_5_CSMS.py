"""TC_043_5_CSMS — Send Local Authorization List - Differential."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_043_5_CSMS", "Send Local Authorization List - Differential", Profile.LOCAL_AUTH_LIST_MANAGEMENT)
async def test_TC_043_5_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS adds one id tag to a charge point's local list with a differential update.

    Steps:
    1. Reusable state Booted. Memory state: the initial local list, set by a SendLocalList
       Full with the valid id tag (answered Accepted).
    2. (Optional) The CSMS sends GetLocalListVersion; the charge point answers the version of
       the initial list.
    3. [Make the CSMS add the second valid id tag, which is not on the list yet, with a
       differential update.] The CSMS sends SendLocalList with updateType Differential, the
       added id tag only, with its idTagInfo, and a listVersion greater than the initial one.
    4. The charge point answers Accepted.

    Choice: to have an id tag "not already part of the list", the initial full list holds only
    the valid id tag (the operator names it) and the update adds valid_2, which the CSMS knows
    with the same parent. An entry without idTagInfo in a differential update removes the tag
    (OCPP 1.6 section 5.15), so the added tag's entry must carry one.
    """
    await cp.booted()
    added = cp.tags.valid_2
    cp.step(f"1. Memory state: the initial local list, a Full update with {cp.tags.valid}")
    initial = await cp.local_list_installed([cp.tags.valid])
    cp.step(f"3. [Make the CSMS add {added} with a differential update]: SendLocalList Differential")
    cp.csms.respond("SendLocalList", {"status": "Accepted"}, once=True)
    request = await cp.local_list_sent("Differential", [added])
    entries = request.payload.get("localAuthorizationList") or []
    tags = [entry["idTag"] for entry in entries]
    if tags != [added]:
        raise Fail(f"the differential SendLocalList carries {tags or 'no id tags'}; it must carry only the added {added}")
    if "idTagInfo" not in entries[0]:
        raise Fail(f"the differential SendLocalList entry for {added} has no idTagInfo, which removes the tag instead of adding it")
    version = request.payload["listVersion"]
    if version <= initial:
        raise Fail(f"the differential SendLocalList has listVersion {version}, not greater than the initial list's {initial}")
    cp.step("4. SendLocalList.conf Accepted")
    await cp.answered(request)
