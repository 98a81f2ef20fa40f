"""Running cases: one place that turns a case body into a verdict.

The harness lives on its own event loop in a background thread (:class:`BackgroundLoop`): a
charge point DUT's connection must be served between cases too (heartbeats keep coming), and
pytest's per-test event loops would close it. pytest, the ``octt`` command and the self-tests
all go through :meth:`Harness.run`.
"""

from __future__ import annotations

import asyncio
import threading
import time
import traceback
from collections import Counter
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from octt_py.checks.rules import LEFT_NOT_IDLE
from octt_py.operator import Operator
from octt_py.pics import Pics, SutSide
from octt_py.results import CaseResult
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.common import Role
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import Case
from octt_py.trace import FindingKind, Severity, Trace, wall_clock
from octt_py.validation import SchemaSet
from octt_py.verdict import CaseStop, Fail, Inconclusive, Verdict

T = TypeVar("T")


class BackgroundLoop:
    """An asyncio event loop running in a daemon thread, for code that must outlive a test."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return self.submit(coroutine).result(timeout)

    def stop(self) -> None:
        async def cancel_leftovers() -> None:
            current = asyncio.current_task()
            leftovers = [t for t in asyncio.all_tasks() if t is not current]
            for task in leftovers:
                task.cancel()
            await asyncio.gather(*leftovers, return_exceptions=True)

        if self.loop.is_running():
            self.run(cancel_leftovers(), timeout=10)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=10)
        self.loop.close()


def not_applicable(case: Case, reason: str) -> CaseResult:
    """The result of a case that never ran because it does not apply."""
    return CaseResult(
        case_id=case.case_id,
        title=case.title,
        profile=case.profile.value,
        sut=case.sut.value,
        verdict=Verdict.NOT_APPLICABLE,
        reason=reason,
        started=wall_clock(),
        duration_s=0.0,
        description=case.description,
        trace=Trace(),
    )


def role_for(pics: Pics, schemas: SchemaSet, operator: Operator) -> Role:
    """The harness plays the other side of the DUT."""
    if pics.side is SutSide.CHARGE_POINT:
        return FakeCsms(pics, schemas, operator)
    return FakeChargePoint(pics, schemas, operator)


class Harness:
    """The harness facing one DUT: its role, and the rules that turn outcomes into verdicts.

    Each case runs in the same frame: the DUT is checked reachable and idle (recovering what an
    earlier case left, or the case is inconclusive, never failed, for it), the body runs, what
    arrives in the drain window is judged with it, the DUT is returned to idle (a case that
    leaves it dirty carries that finding), and a pause lets the DUT settle before the next one.
    """

    def __init__(self, pics: Pics, schemas: SchemaSet, operator: Operator, *, strict: bool = False) -> None:
        self.pics = pics
        self.schemas = schemas
        self.strict = strict or pics.verdicts.strict  # extended findings fail the case too
        self.role = role_for(pics, schemas, operator)

    async def start(self) -> None:
        await self.role.start()

    async def close(self) -> None:
        await self.role.close()

    def closing_trace(self) -> Trace:
        """What the DUT sent after the last case ended, with the findings it holds (for the last
        case's record or the run's own)."""
        trace = self.role.session.trace
        for found in trace.findings:
            found.case = found.case or self.role.session.case_id
        return trace

    def budget(self) -> float:
        """The most any one case may take: generous, but a hung case still ends."""
        timing = self.pics.timing
        return 4 * timing.reboot_timeout + 6 * timing.operator_timeout + 60

    async def run(self, case: Case) -> CaseResult:
        trace = Trace()
        started, t0 = wall_clock(), time.monotonic()
        verdict, reason = await self._verdict(case, trace)
        return CaseResult(
            case_id=case.case_id,
            title=case.title,
            profile=case.profile.value,
            sut=case.sut.value,
            verdict=verdict,
            reason=reason,
            started=started,
            duration_s=time.monotonic() - t0,
            description=case.description,
            trace=trace,
        )

    async def _verdict(self, case: Case, trace: Trace) -> tuple[Verdict, str]:
        if case.sut is not self.pics.side:
            return Verdict.NOT_APPLICABLE, f"the DUT is a {self.pics.side}, this case tests a {case.sut}"
        not_applicable = case.not_applicable_because(self.pics)
        if not_applicable:
            return Verdict.NOT_APPLICABLE, not_applicable
        role, session = self.role, self.role.session
        role.begin_case(trace, case.case_id)
        verdict, reason = Verdict.PASS, "all steps passed"
        try:
            await role.ensure_reachable()
            await self._prepare()
            session.settle()
            await asyncio.wait_for(case.body(role), self.budget())
        except CaseStop as stop:
            verdict, reason = stop.verdict, stop.reason
        except TimeoutError:
            verdict, reason = Verdict.INCONCLUSIVE, f"the case exceeded its time budget of {self.budget():g} s"
        except Exception as exc:  # a bug in the harness or the case, unless the DUT's data broke it
            verdict, reason = _broken_by_dut(trace, exc)
        await self._drain(trace)
        if verdict is Verdict.PASS:
            unexpected = session.unexpected_calls()
            if unexpected and case.sut is SutSide.CHARGE_POINT:
                counted = Counter(c.action for c in unexpected)  # a flood of 2,000 stays one line
                names = ", ".join(f"{action} ×{n}" if n > 1 else action for action, n in counted.items())
                verdict, reason = Verdict.FAIL, f"the DUT sent CALLs the case does not allow: {names}"
        await self._tidy(trace)
        await asyncio.sleep(self.pics.timing.case_pause)
        session.end_case()
        return self._with_findings(verdict, reason, trace, session.harness_errors)

    async def _prepare(self) -> None:
        """Bring the DUT to the state every case starts from. A step of that which the DUT gets
        wrong is not what the case tests: the case is inconclusive, with what went wrong."""
        try:
            await self.role.prepare()
        except Fail as exc:
            raise Inconclusive(f"before the case: {exc.reason}") from None

    async def _drain(self, trace: Trace) -> None:
        """What the DUT still sends right after the case's last step belongs to the case."""
        if self.role.session.connected and self.pics.timing.drain_window > 0:
            await asyncio.sleep(self.pics.timing.drain_window)

    async def _tidy(self, trace: Trace) -> None:
        """Return the DUT to idle; what cannot be undone is this case's finding (extended: the
        official steps do not ask for it) and the reason the next case gives if it stays."""
        trace.step("After the case: return the DUT to idle")
        try:
            left = await asyncio.wait_for(self.role.restore_idle(), self.budget())
        except (CaseStop, TimeoutError) as exc:
            trace.note(f"after the case: could not return the DUT to idle: {exc}")
            return
        if left:
            trace.finding(
                FindingKind.IDLE,
                "the case left the DUT not idle: " + "; ".join(left),
                extended=True,
                rule=LEFT_NOT_IDLE,
                severity=Severity.WARNING,
            )

    def _with_findings(
        self, verdict: Verdict, reason: str, trace: Trace, harness_errors: list[str]
    ) -> tuple[Verdict, str]:
        """Any official nonconformance seen anywhere in the case fails it, even if its steps
        passed; extended ones do only in a strict run, and are named in the reason otherwise."""
        if harness_errors:
            return Verdict.ERROR, f"harness error: {harness_errors[0]}"
        counted = trace.own_findings() if self.strict else trace.official_findings()
        if not counted:
            extended = trace.extended_findings()
            if extended and verdict is Verdict.PASS:
                first = extended[0]
                more = f" (+{len(extended) - 1} more)" if len(extended) > 1 else ""
                reason += f"; extended finding (fails only under --strict): {first.message}{more}"
            return verdict, reason
        first = counted[0]
        more = f" (+{len(counted) - 1} more findings)" if len(counted) > 1 else ""
        label = "extended " if first.extended else ""
        finding = f"{label}{first.kind} nonconformance: {first.message}{more}"
        if verdict in (Verdict.PASS, Verdict.INCONCLUSIVE):
            return Verdict.FAIL, finding
        if first.message in reason:  # the failed step is this finding (a reply that breaks the schema)
            return verdict, reason + more
        return verdict, f"{reason}; before that, {finding}"


def _broken_by_dut(trace: Trace, exc: Exception) -> tuple[Verdict, str]:
    """An exception out of a case body is a harness bug (verdict ``error``), unless the DUT sent
    this case a message that breaks the OCPP-J framing or the schema: then a case step read a
    field the DUT got wrong, and the verdict is the DUT's Fail, naming what it got wrong. The
    traceback stays in the trace either way, so a harness bug hidden behind it still shows."""
    trace.note("harness error:\n" + "".join(traceback.format_exception(exc)))
    broken = [f for f in trace.findings if f.kind in (FindingKind.SCHEMA, FindingKind.FRAMING) and not f.case]
    if broken:
        return Verdict.FAIL, f"the case cannot go on with what the DUT sent: {broken[0].message}"
    return Verdict.ERROR, f"harness error: {exc!r}"
