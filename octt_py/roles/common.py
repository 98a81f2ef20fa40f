"""What both harness roles share: the PICS, the operator, the case's trace and steps."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from typing import Any

from octt_py.operator import (
    Operator,
    OperatorAction,
    OperatorError,
    OperatorOutcome,
    StepNotSupported,
)
from octt_py.checks.base import Checks
from octt_py.pics import Pics, SutSide
from octt_py.session import Payload, Session
from octt_py.trace import Trace
from octt_py.validation import SchemaSet
from octt_py.verdict import Inconclusive, NotApplicable


def now_rfc3339() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_FRACTION = re.compile(r"(\.\d{6})\d+")


def ocpp_instant(text: object) -> datetime | None:
    """An OCPP date-time from the DUT as an aware UTC datetime; None when it is not an RFC 3339
    date-time with a UTC offset (OCPP 1.6 exchanges UTC). RFC 3339 allows a lower-case "t" and
    "z"; a date-time without an offset names no instant, and arithmetic on it must never trip
    the harness: callers turn None into the DUT's Fail."""
    if not isinstance(text, str):
        return None
    try:  # Python reads at most six fraction digits; RFC 3339 allows any number
        moment = datetime.fromisoformat(_FRACTION.sub(r"\1", text.upper()))
    except ValueError:
        return None
    if moment.utcoffset() is None:
        return None
    return moment.astimezone(UTC)


class Role:
    """The harness playing one side of OCPP against a DUT.

    ``session`` is the conversation with the DUT. Cases call :meth:`step` to mark where they
    are in the official step table (it shows in the trace and the report) and :meth:`act` for
    the bracketed manual steps, which the operator backend carries out.

    What the PICS declares unsupported (``[unsupported]``) is never attempted: a manual step the
    rig cannot do, or a CALL a charge point DUT does not implement, makes the case that needs it
    not applicable with that reason.
    """

    session: Session
    checks: Checks  # the checks across messages, fed by every exchange of the session

    def __init__(self, pics: Pics, schemas: SchemaSet, operator: Operator) -> None:
        self.pics = pics
        self.schemas = schemas
        self.operator = operator
        self.tags = pics.id_tags
        self.timing = pics.timing
        self.case_id = ""  # the official case running now

    @property
    def trace(self) -> Trace:
        return self.session.trace

    def connector(self) -> int:
        """The official cases' <Configured connectorId>: with several connectors in the PICS, a
        rotation fixed by the case id, so that a case uses the same connector on every run while
        the suite as a whole uses them all. A device that only ever serves connector 1 (a remote
        start that takes the first free connector, a StartTransaction that always names 1) shows
        that way; a single-connector charge point always gets 1."""
        count = max(self.pics.capabilities.connectors, 1)
        return 1 + zlib.crc32(self.case_id.encode()) % count

    def step(self, description: str) -> None:
        self.trace.step(description)

    async def act(self, name: str, **params: Any) -> OperatorOutcome:
        """Carry out a manual step. One the rig cannot do -- declared in the PICS, or said so by
        the operator -- makes the case not applicable; one tried and not done, inconclusive.
        Neither is a fail: a step that did not happen proves nothing about the DUT."""
        try:
            action = OperatorAction(name, params)
        except (OperatorError, ValueError) as exc:
            raise RuntimeError(f"case asked for an invalid operator step: {exc}") from exc
        declared = self.pics.unsupported.step_reason(name, action.instruction())
        if declared is not None:
            self.trace.operator(name, action.redacted_params(), f"not asked: {declared}")
            raise NotApplicable(declared)
        self.session.caused()
        try:
            outcome = await self.operator.perform(action, self.timing.operator_timeout)
        except StepNotSupported as exc:
            self.trace.operator(name, action.redacted_params(), f"cannot be done: {exc.reason}")
            raise NotApplicable(
                f"the rig cannot do this step: {action.instruction()} ({exc.reason})"
            ) from None
        except OperatorError as exc:
            self.trace.operator(name, action.redacted_params(), f"not done: {exc}")
            raise Inconclusive(f"operator step not done: {action.instruction()} ({exc})") from None
        self.trace.operator(name, action.redacted_params(), "done" + (f": {outcome.detail}" if outcome.detail else ""))
        return outcome

    async def try_act(self, name: str, **params: Any) -> bool:
        """A manual step whose refusal is fine (tidying up after a case)."""
        try:
            await self.act(name, **params)
        except (Inconclusive, NotApplicable):
            return False
        return True

    def begin_case(self, trace: Trace, case_id: str = "") -> None:
        self.case_id = case_id
        self.checks.begin_case()
        if self.pics.side is SutSide.CHARGE_POINT:
            self.session.declared_unsupported = self._declared_unsupported
        self.session.begin_case(trace, case_id)

    def _declared_unsupported(self, action: str, payload: Payload) -> str | None:
        return self.pics.unsupported.action_reason(self.pics.side, action, payload)

    async def start(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def ensure_reachable(self) -> None:
        """Raise :class:`DutUnreachable` when the DUT cannot be talked to at all."""
        raise NotImplementedError

    async def prepare(self) -> None:
        """Put the DUT in the memory state every case starts from (after it is reachable)."""

    async def restore_idle(self) -> list[str]:
        """Bring the DUT back to idle (no transaction, connectors free) for the next case;
        returns what could not be undone, for the case's finding."""
        raise NotImplementedError
