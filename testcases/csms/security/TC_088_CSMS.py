"""TC_088_CSMS — WebSocket Subprotocol negotiation."""

import asyncio

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.testcase import case
from octt_py.verdict import Fail


@case("TC_088_CSMS", "WebSocket Subprotocol negotiation", Profile.SECURITY)
async def test_TC_088_CSMS(cp: FakeChargePoint) -> None:
    """The Central System agrees only to the ocpp1.6 subprotocol.

    Steps:
    1. The charge point sends an upgrade request offering only ``ocpp0.1``.
    2. The Central System refuses it: no upgrade, or an upgrade without a subprotocol that it
       closes at once.
    3. The charge point sends an upgrade request offering ``ocpp0.1,ocpp1.6``.
    4. The Central System upgrades with ``Sec-WebSocket-Protocol: ocpp1.6``; the charge point
       boots (BootNotification Accepted, StatusNotification for every connector).

    Choice: OCPP-J 1.6 §3.1.2 lets a server that supports none of the offered subprotocols
    complete the handshake without the header and then close; either way of refusing passes.
    The close must come within the PICS response timeout. The connection uses the PICS's
    current security profile.
    """
    profile = cp.pics.connection.security_profile
    cp.step("1-2. Upgrade offering only ocpp0.1: the CSMS must refuse it")
    attempt = await cp.attempt(profile, subprotocols=("ocpp0.1",))
    if attempt.websocket is not None:
        websocket = attempt.websocket
        if websocket.subprotocol is not None:
            await websocket.close()
            raise Fail(f"the CSMS agreed to subprotocol {websocket.subprotocol!r}, which was not offered")
        try:
            await asyncio.wait_for(websocket.wait_closed(), cp.timing.ocpp_response_timeout)
        except TimeoutError:
            await websocket.close()
            raise Fail("the CSMS kept a connection that offered only ocpp0.1 "
                       f"(not closed within {cp.timing.ocpp_response_timeout:g} s)") from None
        cp.trace.note("the CSMS upgraded without a subprotocol and closed the connection")
    else:
        cp.trace.note(f"refused: {attempt.refusal}")
    cp.step("3-4. Upgrade offering ocpp0.1,ocpp1.6: Sec-WebSocket-Protocol ocpp1.6, then Booted")
    second = await cp.attempt(profile, subprotocols=("ocpp0.1", "ocpp1.6"))
    agreed = second.websocket.subprotocol if second.websocket is not None else None
    await cp.closed(second)
    if not second.upgraded:
        raise Fail(f"the CSMS refused an upgrade offering ocpp0.1,ocpp1.6: {second.refusal}")
    if agreed != "ocpp1.6":
        raise Fail(f"the CSMS answered Sec-WebSocket-Protocol {agreed!r}, not 'ocpp1.6'")
    await cp.booted_at(profile)
