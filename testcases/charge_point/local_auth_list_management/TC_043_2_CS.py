"""TC_043_2_CS — Send Local Authorization List - VersionMismatch."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case, needs
from octt_py.verdict import Fail

ENABLED = {"LocalAuthListEnabled": "true"}


@case(
    "TC_043_2_CS",
    "Send Local Authorization List - VersionMismatch",
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    requires=(needs(lambda p: FakeCsms.configurable(p, ENABLED), "the PICS declares LocalAuthListEnabled read-only false"),),
)
async def test_TC_043_2_CS(csms: FakeCsms) -> None:
    """A differential update older than the list the charge point holds is refused.

    Steps:
    Before: configuration state LocalAuthListEnabled true.
    1-2. SendLocalList updateType Full, listVersion 2, with the valid id tag: Accepted.
    3-4. GetLocalListVersion: 2.
    5-6. SendLocalList updateType Differential, listVersion 5, adding the second valid id tag:
         Accepted.
    7-8. GetLocalListVersion: 5.
    9-10. SendLocalList updateType Differential, listVersion 4, removing the valid id tag:
          VersionMismatch.
    11-12. GetLocalListVersion: still 5.
    After: the list is emptied again.

    Choice: the catalogue has the out-of-sequence update as a Differential one below the current
    version; VersionMismatch is defined for "a differential update [whose version] is less or
    equal than [the] version number of [the] current list" (OCPP 1.6 §7.48 UpdateStatus), and a
    Full update replaces the list whatever its version.
    """
    tags = csms.tags
    await csms.booted()
    async with csms.configured(ENABLED), csms.local_list_restored():
        csms.step(f"1-2. SendLocalList Full, listVersion 2, with {tags.valid}: Accepted")
        await csms.local_list_sent(2, "Full", csms.listed(tags.valid))
        csms.step("3-4. GetLocalListVersion: 2")
        await csms.local_list_version_is(2, "the Full update's listVersion")

        csms.step(f"5-6. SendLocalList Differential, listVersion 5, adding {tags.valid_2}: Accepted")
        await csms.local_list_sent(5, "Differential", csms.listed(tags.valid_2))
        csms.step("7-8. GetLocalListVersion: 5")
        await csms.local_list_version_is(5, "the Differential update's listVersion")

        csms.step(f"9-10. SendLocalList Differential, listVersion 4, removing {tags.valid}: VersionMismatch")
        status = await csms.send_local_list(4, "Differential", [{"idTag": tags.valid}])
        if status != "VersionMismatch":
            raise Fail(f"a Differential SendLocalList with listVersion 4 for a list at version 5 was answered "
                       f"{status}, not VersionMismatch")
        csms.step("11-12. GetLocalListVersion: still 5")
        await csms.local_list_version_is(5, "the refused update must not change the list")
