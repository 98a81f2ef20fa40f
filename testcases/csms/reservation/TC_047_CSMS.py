"""TC_047_CSMS — Reservation of a Connector - Expire."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_047_CSMS", "Reservation of a Connector - Expire", Profile.RESERVATION)
async def test_TC_047_CSMS(cp: FakeChargePoint) -> None:
    """The CSMS reserves a connector with the configured expiry, and takes the connector being
    Available again when nobody came.

    Steps:
    1. Reusable state Booted. [Make the CSMS reserve the configured connector for the valid id tag.]
       The CSMS sends ReserveNow for the configured connector and the valid id tag, with expiryDate
       the current
       time plus the configured expiry offset.
    2. The charge point answers Accepted.
    3. StatusNotification Reserved on the configured connector; the CSMS acknowledges.
    4. [The EV driver does not arrive before expiryDate.]
    5. StatusNotification Available on the configured connector; the CSMS acknowledges.

    Choice: the configured expiry offset is the PICS timing.reservation_expiry, and "the
    current time" is when the ReserveNow arrived; the two may differ by the PICS
    max_time_deviation. The case waits for the real expiry before reporting Available. An
    expiryDate without a UTC offset names no instant and fails the case (OCPP 1.6 date-times
    are UTC).
    """
    connector = cp.connector()
    await cp.booted()
    cp.step(f"1. [Make the CSMS reserve connector {connector} for {cp.tags.valid}]: ReserveNow")
    request = await cp.reservation_requested(connector, cp.tags.valid)
    arrived = datetime.now(UTC) - timedelta(seconds=(time.monotonic_ns() - request.at_ns) / 1e9)
    wanted = arrived + timedelta(seconds=cp.timing.reservation_expiry)
    expiry = cp.expiry_of(request)
    off = (expiry - wanted).total_seconds()
    if abs(off) > cp.timing.max_time_deviation:
        raise Fail(
            f"ReserveNow expiryDate {request.payload['expiryDate']} is {off:+.1f} s off the time "
            f"of the request plus the configured expiry ({cp.timing.reservation_expiry} s)"
        )
    cp.step("2-3. ReserveNow.conf Accepted; StatusNotification Reserved")
    await cp.reserved(request)
    left = (expiry - datetime.now(UTC)).total_seconds()
    cp.step(f"4. [The EV driver does not arrive]: the reservation expires in {max(left, 0):.1f} s")
    if left > 0:
        await asyncio.sleep(left)
    cp.step(f"5. StatusNotification Available on connector {connector}")
    await cp.status(connector, "Available")
