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
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from octt_py.operator import Operator
from octt_py.pics import Pics, SutSide
from octt_py.results import CaseResult
from octt_py.roles.charge_point import FakeChargePoint
from octt_py.roles.common import Role
from octt_py.roles.csms import FakeCsms
from octt_py.testcase import Case
from octt_py.trace import Trace, wall_clock
from octt_py.validation import SchemaSet
from octt_py.verdict import CaseStop, Verdict

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
    """The harness facing one DUT: its role, and the rules that turn outcomes into verdicts."""

    def __init__(self, pics: Pics, schemas: SchemaSet, operator: Operator) -> None:
        self.pics = pics
        self.schemas = schemas
        self.role = role_for(pics, schemas, operator)

    async def start(self) -> None:
        await self.role.start()

    async def close(self) -> None:
        await self.role.close()

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
        role.begin_case(trace)
        verdict, reason = Verdict.PASS, "all steps passed"
        try:
            await role.ensure_reachable()
            await role.prepare()
            session.settle()
            await asyncio.wait_for(case.body(role), self.budget())
        except CaseStop as stop:
            verdict, reason = stop.verdict, stop.reason
        except TimeoutError:
            verdict, reason = Verdict.INCONCLUSIVE, f"the case exceeded its time budget of {self.budget():g} s"
        except Exception as exc:  # a bug in the harness or the case, never the DUT's fault
            trace.note("harness error:\n" + "".join(traceback.format_exception(exc)))
            verdict, reason = Verdict.ERROR, f"harness error: {exc!r}"
        if verdict is Verdict.PASS:
            unexpected = session.unexpected_calls()
            if unexpected and case.sut is SutSide.CHARGE_POINT:
                names = ", ".join(c.action for c in unexpected)
                verdict, reason = Verdict.FAIL, f"the DUT sent CALLs the case does not allow: {names}"
        await self._tidy(trace)
        session.end_case()
        return self._with_findings(verdict, reason, trace, session.harness_errors)

    async def _tidy(self, trace: Trace) -> None:
        trace.step("After the case: return the DUT to idle")
        try:
            await asyncio.wait_for(self.role.restore_idle(), self.budget())
        except (CaseStop, TimeoutError) as exc:
            trace.note(f"could not return the DUT to idle: {exc}")

    @staticmethod
    def _with_findings(verdict: Verdict, reason: str, trace: Trace, harness_errors: list[str]) -> tuple[Verdict, str]:
        """Any nonconformance seen anywhere in the case fails it, even if its steps passed."""
        if harness_errors:
            return Verdict.ERROR, f"harness error: {harness_errors[0]}"
        if not trace.findings:
            return verdict, reason
        first = trace.findings[0]
        more = f" (+{len(trace.findings) - 1} more findings)" if len(trace.findings) > 1 else ""
        finding = f"{first.kind} nonconformance: {first.message}{more}"
        if verdict in (Verdict.PASS, Verdict.INCONCLUSIVE):
            return Verdict.FAIL, finding
        return verdict, f"{reason}; before that, {finding}"

