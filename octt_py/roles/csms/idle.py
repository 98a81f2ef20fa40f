"""Between cases, for the fake CSMS: every case starts from a verified idle charge point, and a
case that leaves it otherwise carries that, not the next one.

Idle means: connected and booted on this connection, no open transaction, no remote start or
reservation pending, no cable the operator left plugged in, and every connector that reported
a status since the boot Available. What the harness knows comes from the charge point's own
messages (``CsmsCore._observe``) and from what it accepted (``CsmsCore._watch``).

Recovery takes bounded, stated steps, each in the trace: RemoteStopTransaction,
CancelReservation, the operator's unplug (and UnlockConnector for a cable still locked),
clearing a fault, ChangeAvailability Operative (for connector 0, and connector by connector when
connector 0 is refused), waiting out ConnectionTimeOut for a pending remote start, and
TriggerMessage StatusNotification to learn the truth. A charge point that is still not idle
makes the next case inconclusive, naming the state and the case that left it.
"""

from __future__ import annotations

import time

from octt_py.pics import Profile
from octt_py.roles.csms.core import OCCUPIED, CsmsCore
from octt_py.session import match
from octt_py.verdict import DutUnreachable, Fail, Inconclusive


class ReturnToIdle(CsmsCore):
    # -- before a case -----------------------------------------------------------------------

    async def ensure_reachable(self) -> None:
        """Before a case: the charge point is connected, booted and answering, or comes back soon."""
        # Once the DUT has been lost, later cases only take a short look: a cascade of long
        # waits would turn one dead DUT into an hour of identical verdicts.
        bound = min(self.timing.ocpp_response_timeout, self.timing.reboot_timeout) if self._unreachable else None
        refused_before = len(self.server.refused)
        try:
            await self.booted(bound)
        except Fail as exc:
            self._unreachable = True
            refused = self.server.refused[refused_before:]
            why = f"; the harness refused {len(refused)} handshake(s): {refused[-1]}" if refused else ""
            if self.server.opening:
                why += f"; {self.server.opening} TCP connection(s) open without a completed websocket handshake"
            raise DutUnreachable(f"DUT unreachable: {exc.reason}{why}") from None
        self._unreachable = False
        if self.cp.unanswered:
            await self._probe()

    async def _probe(self) -> None:
        """An earlier CALL got no reply: one short GetConfiguration tells a wedged charge point
        (connected, not answering) from one that only missed a message."""
        wedged, since = self.cp.unanswered, self.cp.unanswered_in
        bound = min(self.timing.ocpp_response_timeout, 10.0)
        self.step(f"Before the case: is the charge point answering? ({wedged} in {since})")
        try:
            await self.cp.call("GetConfiguration", {"key": ["HeartbeatInterval"]}, timeout=bound, causes=False)
        except Fail:
            raise Inconclusive(
                f"DUT wedged since {since}: connected, no reply to GetConfiguration in {bound:g} s"
            ) from None

    async def prepare(self) -> None:
        """The state every case starts from: idle (recovered if need be), reports settled, and
        memory state "no id tag cached".

        OCTT's reusable state Authorized needs an Authorize round trip, which a conformant charge
        point skips for a tag an earlier case left in its cache (LocalPreAuthorize); cases that
        need a cached tag (memory state IdTagCached) put it there themselves.
        """
        await self._settled_after_boot()
        problems = self.idle_problems()
        if problems:
            self.step("Before the case: the charge point is not idle (" + "; ".join(problems) + "): recover")
            await self.recover()
            problems = self.idle_problems()
            if problems:
                raise Inconclusive("DUT not idle: " + "; ".join(problems))
        if self.pics.capabilities.authorization_cache:
            self.step("Before the case: ClearCache (memory state: no id tag cached)")
            await self.cp.call("ClearCache", {}, causes=False)

    async def _settled_after_boot(self) -> None:
        """A charge point that has only just booted may still be reporting its connectors; those
        reports belong to the boot (reusable state Booted), not to the case's own steps. Wait for
        them, bounded by the triggered-function timeout counted from the boot, so that one that
        never reports a connector costs that wait once, not before every case."""
        bound_ns = self.booted_ns + int(self.timing.triggered_function_timeout * 1e9)
        remaining = (bound_ns - time.monotonic_ns()) / 1e9
        connectors = range(1, self.pics.capabilities.connectors + 1)
        if remaining > 0:
            try:
                await self.cp.wait_until(
                    lambda: all(n in self.status for n in connectors), timeout=remaining, what="status reports"
                )
            except Fail:
                pass  # idle_problems says what is unknown, and recovery asks for it

    # -- after a case ------------------------------------------------------------------------

    async def restore_idle(self) -> list[str]:
        """Undo what the case left; returns what could not be undone (the case's finding). A
        charge point that did not come back booted before the case has nothing to undo: waiting
        for it again would stretch the case's stated bound."""
        if not self.cp.connected or self._unreachable:
            return []
        try:
            await self.booted(self.timing.reboot_timeout)
        except Fail as exc:
            return [f"the charge point did not come back booted: {exc.reason}"]
        if self.idle_problems():
            await self.recover()
        return self.idle_problems()

    def idle_problems(self) -> list[str]:
        """Why the charge point is not idle, each with the case that left it so."""
        now = time.monotonic_ns()
        for pending in (self.remote_starts, self.reservations):
            for key in [k for k, p in pending.items() if p.until_ns <= now]:
                del pending[key]
        problems = [
            f"transaction {t.transaction_id} on connector {t.connector_id} open since {t.since or 'before'}"
            for t in self.transactions.values()
        ]
        problems += [
            f"a remote start for {_which(p.connector)} pending since {p.since}" for p in self.remote_starts.values()
        ]
        problems += [
            f"reservation {rid} on {_which(p.connector)} since {p.since}" for rid, p in self.reservations.items()
        ]
        for connector in range(self.pics.capabilities.connectors + 1):
            status = self.status.get(connector)
            if status is not None and status != "Available":
                problems.append(f"{_which(connector)} {status} since {self.status_since.get(connector, 'before')}")
            elif connector in self.plugged:
                problems.append(f"connector {connector} still has the cable the operator plugged in")
        return problems

    async def recover(self) -> None:
        """The bounded recovery steps, in the order that undoes the most: stop, cancel, unplug,
        clear faults, make operative, wait out remote starts, then ask for the truth."""
        timing = self.timing
        for transaction in list(self.transactions.values()):
            self.step(f"Recover: RemoteStopTransaction {transaction.transaction_id}")
            await self._quietly(self.cp.call("RemoteStopTransaction", {"transactionId": transaction.transaction_id},
                                             errors=("NotImplemented", "NotSupported")))
        await self._quietly(self.cp.wait_until(
            lambda: not self.transactions, timeout=timing.remote_stop_time, what="stopping the open transactions",
        ))
        for transaction in list(self.transactions.values()):
            # One attempt only: a transaction the DUT will not stop is not sent RemoteStop again
            # in every later case; its connector's status says whether it is still there.
            self.trace.note(f"transaction {transaction.transaction_id} dropped from the CSMS's table: the charge "
                            "point did not stop it")
            del self.transactions[transaction.transaction_id]
        for reservation_id in list(self.reservations):
            self.step(f"Recover: CancelReservation {reservation_id}")
            await self._quietly(self.cp.call("CancelReservation", {"reservationId": reservation_id},
                                             errors=("NotImplemented", "NotSupported")))
            # Kept until it expires or its connector is free: a charge point that keeps a
            # cancelled reservation is waited out below, not believed.
        await self._unplug_everything()
        for connector, status in sorted(self.status.items()):
            if status == "Faulted":
                self.step(f"Recover: [clear the fault on {_which(connector)}]")
                await self.try_act("clear_fault", connector=connector)
        await self._make_operative()
        if self.remote_starts:
            latest = max(p.until_ns for p in self.remote_starts.values())
            wait = max((latest - time.monotonic_ns()) / 1e9, 0.0)
            self.step(f"Recover: wait out ConnectionTimeOut for the pending remote start ({wait:.0f} s)")
            await self._quietly(self.cp.wait_until(lambda: not self.remote_starts, timeout=wait,
                                                   what="the pending remote start timing out"))
            self.remote_starts.clear()
        await self._available_or_asked()
        self._forget_ended_reservations()
        if self.idle_problems():
            await self._reset_as_last_resort()

    def _forget_ended_reservations(self) -> None:
        for reservation_id, pending in list(self.reservations.items()):
            if self.status.get(pending.connector) != "Reserved":
                del self.reservations[reservation_id]

    async def _reset_as_last_resort(self) -> None:
        """What no other step undid (an authorization that never lapses, a reservation kept
        after CancelReservation) a Soft reset may: the charge point reboots and reports again.
        Not attempted when the PICS declares Reset Soft unsupported."""
        if self.pics.unsupported.action_reason(self.pics.side, "Reset", {"type": "Soft"}) is not None:
            return
        self.step("Recover, last resort: Reset Soft (" + "; ".join(self.idle_problems()) + ")")
        link = self.cp.link
        try:
            await self.cp.call("Reset", {"type": "Soft"}, causes=False)
            await self.cp.wait_until(lambda: link is None or link.closed, timeout=self.timing.reboot_timeout,
                                     what="the charge point rebooting")
        except Fail as exc:
            self.trace.note(f"the last-resort reset did not work: {exc.reason}")
            return
        self.remote_starts.clear()
        await self._quietly(self.booted())
        await self._settled_after_boot()
        self._forget_ended_reservations()
    async def _unplug_everything(self) -> None:
        for connector in sorted(set(self.plugged) | {c for c, s in self.status.items() if c and s in OCCUPIED}):
            self.step(f"Recover: [unplug connector {connector}]")
            if await self.try_act("unplug", connector=connector):
                continue
            if self.status.get(connector) != "Preparing":  # a cable may still be locked
                self.step(f"Recover: UnlockConnector {connector}, then [unplug connector {connector}]")
                await self._quietly(self.cp.call("UnlockConnector", {"connectorId": connector}, causes=False))
                await self.try_act("unplug", connector=connector)
            self.plugged.discard(connector)  # refused twice: the rig has nothing to unplug, or cannot

    async def _make_operative(self) -> None:
        """ChangeAvailability Operative for connector 0; connector by connector where connector 0
        is refused or leaves some Unavailable."""
        if not any(status == "Unavailable" for status in self.status.values()):
            return
        self.step("Recover: ChangeAvailability Operative for connector 0")
        await self._operative(0)
        await self._quietly(self.cp.wait_until(
            lambda: "Unavailable" not in self.status.values(), timeout=self.timing.triggered_function_timeout,
            what="every connector Operative again",
        ))
        for connector, status in sorted(self.status.items()):
            if connector and status == "Unavailable":
                self.step(f"Recover: ChangeAvailability Operative for connector {connector}")
                await self._operative(connector)

    async def _operative(self, connector: int) -> None:
        await self._quietly(self.cp.call("ChangeAvailability", {"connectorId": connector, "type": "Operative"},
                                         causes=False))

    async def _available_or_asked(self) -> None:
        """Wait for every connector to report Available; ask for a report (TriggerMessage
        StatusNotification) where one stays silent or unknown, if the charge point can be asked."""
        connectors = range(self.pics.capabilities.connectors + 1)

        def available() -> bool:
            return all(self.status.get(n, "Available") == "Available" for n in connectors)

        try:
            await self.cp.wait_until(available, timeout=self.timing.triggered_function_timeout,
                                     what="every connector Available")
            return
        except Fail:
            pass
        if not self.pics.supports(Profile.REMOTE_TRIGGER):
            return
        for connector in connectors:
            if self.status.get(connector, "Available") != "Available":
                self.step(f"Recover: TriggerMessage StatusNotification for {_which(connector)}")
                await self._quietly(self.cp.call(
                    "TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": connector}
                ))
                await self._quietly(self.cp.expect(match("StatusNotification", connectorId=connector)))


def _which(connector: int) -> str:
    return "the charge point (connector 0)" if connector == 0 else f"connector {connector}"
