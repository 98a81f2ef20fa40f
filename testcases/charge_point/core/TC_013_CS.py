"""TC_013_CS — Hard Reset Without transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case
from octt_py.verdict import Fail

CONNECTOR = 1


@case("TC_013_CS", "Hard Reset Without transaction", Profile.CORE)
async def test_TC_013_CS(csms: FakeCsms) -> None:
    """A hard reset reboots the charge point; an Inoperative connector stays Unavailable across
    it until the CSMS makes it Operative.

    Steps:
    1. The CSMS sends ChangeAvailability Inoperative for connector 1: Accepted;
       StatusNotification Unavailable.
    2. The CSMS sends Reset Hard: Accepted.
    3. The charge point reboots: it closes the connection, connects again, sends
       BootNotification (answered Accepted) and a StatusNotification for connector 0 and every
       connector; connector 1 is Unavailable.
    4. The CSMS sends ChangeAvailability Operative for connector 1: Accepted;
       StatusNotification Available.

    An availability set with ChangeAvailability persists across a reboot (OCPP 1.6 §5.2).
    """
    await csms.booted()
    csms.step(f"1. ChangeAvailability Inoperative, connector {CONNECTOR}: Accepted; Unavailable")
    await csms.change_availability(CONNECTOR, "Inoperative")

    csms.step("2. Reset Hard: Accepted")
    boot = await csms.reset("Hard")

    csms.step("3. After the boot: StatusNotification for connector 0 and every connector, "
              f"connector {CONNECTOR} Unavailable")
    status = (await csms.statuses_after(boot))[CONNECTOR]
    if status != "Unavailable":
        raise Fail(f"after the reboot connector {CONNECTOR} reports {status}, not Unavailable")

    csms.step(f"4. ChangeAvailability Operative, connector {CONNECTOR}: Accepted; Available")
    await csms.change_availability(CONNECTOR, "Operative")
