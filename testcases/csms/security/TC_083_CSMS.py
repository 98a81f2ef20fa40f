"""TC_083_CSMS — Upgrade Charge Point Security Profile - Accepted."""

from octt_py.pics import Profile
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.charge_point.security import chosen_profile
from octt_py.testcase import case, needs
from octt_py.verdict import Fail


@case("TC_083_CSMS", "Upgrade Charge Point Security Profile - Accepted", Profile.SECURITY,
      requires=(needs(lambda p: any(p.security.supports(n) and p.security.supports(n + 1) for n in (1, 2)),
                      "the PICS declares no security profile 1 or 2 with the next one up supported ([security])"),))
async def test_TC_083_CSMS(cp: FakeChargePoint) -> None:
    """The Central System moves a charge point to the next higher security profile, accepts it
    there, and no longer at the old one.

    Steps:
    Before: Booted at security profile 1 or 2.
    1-2. [Make the CSMS upgrade the charge point]: ChangeConfiguration key SecurityProfile, value
       <current + 1>; the charge point answers Accepted.
    3-4. [Make the CSMS reboot the charge point]: Reset type Hard; Accepted.
    5-9. The charge point reconnects at the new profile (TLS at 2, TLS with its client
       certificate at 3); BootNotification is answered Accepted; StatusNotification Available
       for connector 0 and every connector.
    12. The charge point connects again at the old profile: the CSMS must refuse it.

    Choice: step 12 leaves open how the CSMS refuses (one endpoint or one per profile); any
    refusal counts (TLS handshake, HTTP 401/403, no upgrade), an upgraded websocket fails. The
    white paper (edition 4) forbids the way back to a lower profile, so a CSMS that still takes
    the old one leaves the downgrade open to anyone holding the old credentials. The profile is
    the PICS's current one when it is 1 or 2, else the first of them the PICS supports with the
    next one up. After the case the operator sets the charge point back to its PICS profile in
    the CSMS, so that the identity connects as before when its turn comes again.
    """
    old = chosen_profile(cp.pics, *(n for n in (1, 2) if cp.pics.security.supports(n + 1)))
    new = old + 1
    await cp.booted_at(old)
    try:
        cp.step(f"1-4. [Make the CSMS upgrade the charge point to security profile {new} and reboot it]")
        await cp.security_profile_upgraded(old)
        cp.step(f"5-9. The charge point reboots and reconnects at security profile {new}: Booted")
        await cp.disconnect()
        await cp.booted_at(new)
        cp.step(f"12. The charge point connects at security profile {old} again: the CSMS must refuse it")
        await cp.disconnect()
        attempt = await cp.attempt(old)
        await cp.closed(attempt)
        if attempt.upgraded:
            raise Fail(f"after upgrading the charge point to security profile {new} the CSMS still accepted "
                       f"a connection at security profile {old}")
        cp.trace.note(f"the connection at security profile {old} was refused: {attempt.refusal}")
    finally:
        cp.step(f"After the case: [set the charge point back to security profile {old} in the CSMS]")
        await cp.try_act("csms_configure", setting="security_profile", value=old, charge_point_id=cp.charge_point_id)
