"""One run of the suite: a harness per DUT side, the bundled reference DUTs when asked for, and
the results file the cases are appended to as they finish.

A lab points it at its own DUT with a PICS file; ``--reference`` instead starts the bundled
reference charge point and/or reference CSMS, each on its own thread and event loop so that a
DUT stays a separate actor from the harness, and drives their manual steps through their
control API.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Protocol

from octt_py import __version__
from octt_py.operator import Operator, WebhookOperator, operator_from_settings
from octt_py.pics import Pics, SutSide, load_pics
from octt_py.pki import TestPki
from octt_py.pki.run import generated_pki, with_pki
from octt_py.results import CaseResult, ResultsWriter
from octt_py.runner import BackgroundLoop, Harness, not_applicable
from octt_py.secrets import RUN as RUN_SECRETS
from octt_py.testcase import Case
from octt_py.trace import Trace, wall_clock
from octt_py.validation import SchemaSet, Variant

REFERENCE_PICS: dict[SutSide, Traversable] = {
    SutSide.CHARGE_POINT: files("octt_py.reference") / "pics" / "reference-charge-point.toml",
    SutSide.CSMS: files("octt_py.reference") / "pics" / "reference-csms.toml",
}
"""The PICS of the bundled reference DUTs, shipped inside the package."""


def reference_pics(side: SutSide) -> Pics:
    """The PICS of the bundled reference DUT of ``side``, read as package data."""
    with as_file(REFERENCE_PICS[side]) as path:
        return load_pics(path)


def _operator(pics: Pics) -> Operator:
    """The PICS's operator backend; a callable's module is looked up next to the PICS first."""
    source = Path(pics.source) if pics.source else None
    folder = source.resolve().parent if source is not None and source.is_file() else None
    try:
        return operator_from_settings(pics.operator, folder)
    except ValueError as exc:  # an [operator] section that names nothing usable
        raise CampaignError(f"{pics.source or 'the PICS'}: [operator]: {exc}") from None


class CampaignError(Exception):
    """The harness cannot face the DUT at all (e.g. its port is taken): no case can run, and
    the message says which setting to change."""


class ReferenceDut(Protocol):
    @property
    def control_url(self) -> str: ...

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


@dataclasses.dataclass
class _Side:
    harness: Harness
    reference: ReferenceDut | None = None
    reference_loop: BackgroundLoop | None = None
    pki: TestPki | None = None


class Campaign:
    def __init__(
        self,
        *,
        pics: Iterable[Pics] = (),
        reference: Iterable[SutSide] = (),
        faults: Iterable[str] = (),
        results: Path | None = None,
        variant: Variant = Variant.CORRECTED,
        strict: bool = False,
        run: str | None = None,
        keep_secrets: bool = False,
    ) -> None:
        self.schemas = SchemaSet.load(variant)
        # Every record of this run carries its id, so that results kept from earlier runs in
        # the same folder can be told apart and the report can say which run a verdict is from.
        self.run_id = run or wall_clock()
        self.pics = {p.side: p for p in pics}
        self.reference = set(reference)
        for side in self.reference:
            self.pics.setdefault(side, reference_pics(side))
        self.faults = list(faults)
        # --strict, or a PICS that asks for it ([verdicts] strict), for every side of the run.
        self.strict = strict or any(p.verdicts.strict for p in self.pics.values())
        for side_pics in self.pics.values():
            RUN_SECRETS.learn_pics(side_pics)
        self.results = ResultsWriter(results, keep_secrets=keep_secrets) if results is not None else None
        self.loop = BackgroundLoop("octt-harness")
        self._sides: dict[SutSide, _Side] = {}

    @property
    def sides(self) -> set[SutSide]:
        return set(self.pics)

    def run(self, case: Case) -> CaseResult:
        if case.sut not in self.pics:
            result = not_applicable(case, f"the DUT is a {', '.join(sorted(self.pics))}, this case tests a {case.sut}")
        else:
            result = self.loop.run(self._side(case.sut).harness.run(case))
        # Before any output shows the result: a secret set in this case is scrubbed everywhere.
        RUN_SECRETS.learn({"type": e.type, "data": e.data} for e in result.trace.events)
        if self.results is not None:
            self.results.write({**result.to_json(), "run": self.run_id})
            self._amend(result.case_id, result.trace)
        return result

    def _amend(self, noted_in: str, trace: Trace) -> None:
        """Findings that arrived after their case ended (a late reply to its CALL) amend that
        case's record: the report counts them there, not against the case that saw them."""
        assert self.results is not None
        for found in trace.held_for_earlier_cases():
            self.results.write({
                "type": "amend", "case_id": found.case, "noted_in": noted_in, "run": self.run_id,
                "finding": dataclasses.asdict(found),
            })

    def close(self) -> None:
        for side in self._sides.values():
            self._write_closing(side.harness)
            self.loop.run(side.harness.close(), timeout=30)
            if side.reference is not None and side.reference_loop is not None:
                side.reference_loop.run(side.reference.stop(), timeout=30)
                side.reference_loop.stop()
            if side.pki is not None:
                side.pki.close()
        self.loop.stop()

    def harness(self, sut: SutSide) -> Harness:
        """The harness facing the DUT of ``sut``, started (and its DUT, if a reference one)."""
        return self._side(sut).harness

    # -- starting a side ---------------------------------------------------------------------

    def _side(self, sut: SutSide) -> _Side:
        if sut not in self._sides:
            self._sides[sut] = self._start_side(sut)
        return self._sides[sut]

    def _start_side(self, sut: SutSide) -> _Side:
        pics = self.pics[sut]
        pki = generated_pki(pics)
        if pki is not None:
            pics = with_pki(pics, pki)
        if sut not in self.reference:
            harness = Harness(pics, self.schemas, _operator(pics), strict=self.strict)
            self._start_harness(harness)
            side = _Side(harness)
        elif sut is SutSide.CHARGE_POINT:
            side = self._start_reference_charge_point(pics, pki)
        else:
            side = self._start_reference_csms(pics, pki)
        side.pki = pki
        side.harness.role.pki = pki  # type: ignore[attr-defined]
        self._write_header(side)
        return side

    def _start_harness(self, harness: Harness) -> None:
        try:
            self.loop.run(harness.start())
        except OSError as exc:
            if harness.pics.side is not SutSide.CHARGE_POINT:
                raise
            connection = harness.pics.connection
            raise CampaignError(
                f"cannot listen for the charge point on {connection.listen_host}:"
                f"{connection.listen_port}: {exc.strerror or exc}. Choose another address in "
                f"{harness.pics.source or 'the PICS'} (connection.listen_port, "
                "connection.listen_host) or pass octt run --port N"
            ) from None

    def _start_reference_charge_point(self, pics: Pics, pki: TestPki | None) -> _Side:
        from octt_py.reference.charge_point import ReferenceChargePoint

        # The harness must listen before the reference charge point can connect to it.
        pics = dataclasses.replace(pics, connection=dataclasses.replace(pics.connection, listen_port=0))
        harness = Harness(pics, self.schemas, _operator(pics), strict=self.strict)
        self.loop.run(harness.start())
        csms_url = harness.role.endpoint.rsplit("/", 1)[0]  # type: ignore[attr-defined]
        loop = BackgroundLoop("octt-reference-charge-point")
        reference = ReferenceChargePoint(pics, csms_url, faults=self._faults_for("charge-point"), pki=pki)
        loop.run(reference.start(), timeout=30)
        harness.role.operator = WebhookOperator(reference.control_url)
        return _Side(harness, reference, loop)

    def _start_reference_csms(self, pics: Pics, pki: TestPki | None) -> _Side:
        from octt_py.reference.csms import ReferenceCsms

        loop = BackgroundLoop("octt-reference-csms")
        reference = ReferenceCsms(pics, port=0, faults=self._faults_for("csms"), pki=pki)
        loop.run(reference.start(), timeout=30)
        pics = dataclasses.replace(
            pics, connection=dataclasses.replace(pics.connection, csms_url=reference.url),
            security=dataclasses.replace(pics.security, tls_csms_url=reference.tls_url or ""),
        )
        harness = Harness(pics, self.schemas, WebhookOperator(reference.control_url), strict=self.strict)
        self.loop.run(harness.start())
        return _Side(harness, reference, loop)

    def _faults_for(self, dut: str) -> list[str]:
        from octt_py.reference.catalogue import faults_of

        known = {fault.name for fault in faults_of(dut)}
        return [name for name in self.faults if name in known]

    def _write_closing(self, harness: Harness) -> None:
        """Frames after the last case go into a closing record, and their findings amend the
        case they belong to."""
        if self.results is None:
            return
        trace = harness.closing_trace()
        if not trace.events:
            return
        self.results.write({
            "type": "closing", "run": self.run_id, "sut": harness.pics.side.value, "ended": wall_clock(),
            **trace.to_json(),
        })
        self._amend("after the last case", trace)

    def _write_header(self, side: _Side) -> None:
        if self.results is None:
            return
        pics = side.harness.pics
        record: dict[str, Any] = {
            "type": "run",
            "run": self.run_id,
            "started": wall_clock(),
            "tool": f"octt-py {__version__}",
            "sut": pics.side.value,
            "schemas": {"variant": self.schemas.variant.value, "fingerprint": self.schemas.fingerprint},
            "reference": pics.side in self.reference,
            "faults": self._faults_for(pics.side.value) if pics.side in self.reference else [],
            "pics": pics.redacted(),
            "strict": side.harness.strict,
        }
        self.results.write(record)
