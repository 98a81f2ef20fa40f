"""TC_041_CS — Fault Behavior."""

import asyncio

from octt_py.pics import Profile
from octt_py.roles.csms import FakeCsms
from octt_py.session import match
from octt_py.testcase import case, needs_step
from octt_py.verdict import Fail


@case("TC_041_CS", "Fault Behavior", Profile.CORE, requires=(needs_step("fault", "clear_fault"),))
async def test_TC_041_CS(csms: FakeCsms) -> None:
    """A faulted connector reports Faulted and starts no transaction.

    Steps:
    1. [Put the configured connector into a fault.] StatusNotification Faulted, with an errorCode
       other than NoError.
    2. [Plug in the configured connector and present the valid id tag.] No StartTransaction, and no
       StatusNotification Charging, within the PICS transaction duration.
    3. [Clear the fault.] StatusNotification for the configured connector with a status other than
       Faulted.

    Choice: an Authorize for the presented tag is tolerated (OCPP 1.6 does not forbid checking a
    tag while a connector is faulted); starting a transaction is not. Step 3 also returns the
    charge point to service; if an earlier step fails the fault is cleared all the same.
    """
    connector = csms.connector()
    cp, tag, timing = csms.cp, csms.tags.valid, csms.timing
    await csms.booted()

    csms.step(f"1. [Put connector {connector} into a fault]: StatusNotification Faulted")
    await csms.act("fault", connector=connector)
    try:
        faulted = await cp.expect(match("StatusNotification", connectorId=connector, status="Faulted"))
        if faulted.payload.get("errorCode") == "NoError":
            raise Fail("StatusNotification Faulted carries errorCode NoError")

        csms.step(f"2. [Plug in connector {connector}, present {tag}]: no transaction within "
                  f"{timing.transaction_duration:g} s")
        cp.allow("Authorize")
        await csms.act("plug_in", connector=connector)
        await csms.act("present_id_tag", id_tag=tag, connector=connector)
        await cp.expect_none(match("StartTransaction"), during=timing.transaction_duration)
        await cp.expect_none(match("StatusNotification", connectorId=connector, status="Charging"), during=0)
    except (Exception, asyncio.CancelledError):
        await csms.try_act("clear_fault", connector=connector)
        raise

    csms.step(f"3. [Clear the fault on connector {connector}]: StatusNotification other than Faulted")
    cp.allow("StatusNotification")  # already background: this only forgets older ones
    await csms.act("clear_fault", connector=connector)
    await cp.expect(match("StatusNotification", connectorId=connector, where=lambda p: p["status"] != "Faulted",
                          label="status other than Faulted"))
