"""TC_011_1_CS — Remote Start Charging Session - Remote Start First."""

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import case


@case("TC_011_1_CS", "Remote Start Charging Session - Remote Start First", Profile.CORE)
async def test_TC_011_1_CS(csms: FakeCsms) -> None:
    """The CSMS starts a transaction remotely before the cable is plugged in.

    Steps:
    1. The CSMS reads AuthorizeRemoteTxRequests with GetConfiguration.
    2. The CSMS sends RemoteStartTransaction (the configured connector, valid id tag): Accepted.
    3. If AuthorizeRemoteTxRequests is true: Authorize, answered Accepted. If false, the charge
       point must not send Authorize.
    4. [Plug in the cable.] StatusNotification Preparing (on the remote start or on the
       plug-in), StartTransaction (answered Accepted) and StatusNotification Charging.

    The PICS value RemoteStartTransaction time bounds steps 3 and 4.
    """
    connector = csms.connector()
    await csms.booted()
    csms.step("1. GetConfiguration AuthorizeRemoteTxRequests")
    authorize = await csms.authorize_remote_tx_requests()
    csms.step("2-4. RemoteStartTransaction, Authorize if required, [plug in]: StartTransaction and Charging")
    await csms.remote_charging(connector, authorize=authorize)
