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
from pathlib import Path
from typing import Any, Protocol

from octt_py import __version__
from octt_py.operator import WebhookOperator, operator_from_settings
from octt_py.pics import Pics, SutSide, load_pics
from octt_py.pki import TestPki
from octt_py.pki.run import generated_pki, with_pki
from octt_py.results import CaseResult, ResultsWriter
from octt_py.runner import BackgroundLoop, Harness, not_applicable
from octt_py.testcase import Case
from octt_py.trace import wall_clock
from octt_py.validation import SchemaSet, Variant

REFERENCE_PICS = {
    SutSide.CHARGE_POINT: Path(__file__).resolve().parents[1] / "pics" / "reference-charge-point.toml",
    SutSide.CSMS: Path(__file__).resolve().parents[1] / "pics" / "reference-csms.toml",
}


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
    ) -> None:
        self.schemas = SchemaSet.load(variant)
        self.pics = {p.side: p for p in pics}
        self.reference = set(reference)
        for side in self.reference:
            self.pics.setdefault(side, load_pics(REFERENCE_PICS[side]))
        self.faults = list(faults)
        self.strict = strict
        self.results = ResultsWriter(results) if results is not None else None
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
        if self.results is not None:
            self.results.write(result.to_json())
        return result

    def close(self) -> None:
        for side in self._sides.values():
            self.loop.run(side.harness.close(), timeout=30)
            if side.reference is not None and side.reference_loop is not None:
                side.reference_loop.run(side.reference.stop(), timeout=30)
                side.reference_loop.stop()
            if side.pki is not None:
                side.pki.close()
        self.loop.stop()

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
            harness = Harness(pics, self.schemas, operator_from_settings(pics.operator), strict=self.strict)
            self.loop.run(harness.start())
            side = _Side(harness)
        elif sut is SutSide.CHARGE_POINT:
            side = self._start_reference_charge_point(pics, pki)
        else:
            side = self._start_reference_csms(pics, pki)
        side.pki = pki
        side.harness.role.pki = pki  # type: ignore[attr-defined]
        self._write_header(side)
        return side

    def _start_reference_charge_point(self, pics: Pics, pki: TestPki | None) -> _Side:
        from octt_py.reference.charge_point import ReferenceChargePoint

        # The harness must listen before the reference charge point can connect to it.
        pics = dataclasses.replace(pics, connection=dataclasses.replace(pics.connection, listen_port=0))
        harness = Harness(pics, self.schemas, operator_from_settings(pics.operator), strict=self.strict)
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

    def _write_header(self, side: _Side) -> None:
        if self.results is None:
            return
        pics = side.harness.pics
        record: dict[str, Any] = {
            "type": "run",
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
