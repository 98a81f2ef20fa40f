"""TC_014_CS — Soft Reset Without Transaction."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_014_CS", "Soft Reset Without Transaction", Profile.CORE)
async def test_TC_014_CS(csms: FakeCsms) -> None:
    """A soft reset reboots the charge point; an Inoperative connector stays Unavailable across
    it until the CSMS makes it Operative.

    Steps:
    1. The CSMS sends ChangeAvailability Inoperative for the configured connector: Accepted;
       StatusNotification Unavailable.
    2. The CSMS sends Reset Soft: Accepted.
    3. The charge point reboots: it closes the connection, connects again, sends
       BootNotification (answered Accepted) and a StatusNotification for connector 0 and every
       connector; the configured connector is Unavailable.
    4. The CSMS sends ChangeAvailability Operative for the configured connector: Accepted;
       StatusNotification Available.

    An availability set with ChangeAvailability persists across a reboot (OCPP 1.6 §5.2).

    Connector 0 is checked when it reports; only TC_001 and TC_002 require its report.
    """
    await csms.booted()
    await csms.reset_without_transaction("Soft", csms.connector())
