"""TC_047_CS — Reservation of a Connector - Expire."""

import time

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_047_CS", "Reservation of a Connector - Expire", Profile.RESERVATION)
async def test_TC_047_CS(csms: FakeCsms) -> None:
    """A reservation nobody uses ends at its expiryDate.

    Steps:
    1-2. The CSMS sends ReserveNow for the configured connector and the valid id tag, expiryDate
       <reservation_expiry> seconds from now; Accepted.
    3-4. StatusNotification Reserved for the configured connector.
    5. [Nobody arrives.] At the expiryDate, StatusNotification Available for the configured
       connector: not earlier, and no later than the PICS max_time_deviation after it.

    OCPP 1.6 §5.13: a reservation ends when the expiryDate is reached. The expiry is measured
    from the moment ReserveNow was sent, which the CSMS's and the charge point's clocks agree on
    within the PICS max_time_deviation.
    """
    connector = csms.connector()
    cp, timing = csms.cp, csms.timing
    expiry, deviation = timing.reservation_expiry, timing.max_time_deviation
    await csms.booted()
    sent_ns = time.monotonic_ns()
    async with csms.reserved(connector, lasting=expiry):
        csms.step(f"5. [Nobody arrives]: StatusNotification Available after {expiry} s")
        remaining = expiry + deviation - (time.monotonic_ns() - sent_ns) / 1e9
        available = await cp.expect(
            match("StatusNotification", connectorId=connector, status="Available"), timeout=max(remaining, 0.0),
            stated=expiry + deviation,
        )
        waited = (available.at_ns - sent_ns) / 1e9
        if waited < expiry - deviation:
            raise Fail(f"connector {connector} was Available {waited:.2f} s after ReserveNow; the reservation "
                       f"expires after {expiry} s")
