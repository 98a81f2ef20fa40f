"""The fake charge point's root store (TC_075_x_CSMS, TC_076_CSMS) takes only what a charge
point should, and deletes by hash data whatever algorithm the request uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from octt_py.pki import TestPki
from octt_py.pki.authority import pem
from octt_py.pki.hashdata import HashData
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT, Root, new_root
from octt_py.roles.charge_point.certificates import REPORTED_HASH_ALGORITHM, TrustStore


@pytest.fixture(scope="module")
def pki() -> Iterator[TestPki]:
    made = TestPki("csms.example", "SERIAL-1", "ACME CPO")
    yield made
    made.close()


def _store(pki: TestPki) -> TrustStore:
    central = pki.central_system_root.certificate
    in_use = Root(CENTRAL_SYSTEM_ROOT, central, central)
    return TrustStore([in_use], in_use)


def test_only_one_pem_ca_certificate_is_taken(pki: TestPki) -> None:
    store = _store(pki)
    root = new_root(MANUFACTURER_ROOT)
    body = "".join(line for line in pem(root.certificate).splitlines() if not line.startswith("-----"))
    assert store.install(MANUFACTURER_ROOT, body) == "Rejected" and "not PEM" in store.refusal
    assert store.install(MANUFACTURER_ROOT, pem(pki.server.certificate)) == "Rejected"
    assert "not a CA" in store.refusal
    two = pem(root.certificate) + pem(pki.manufacturer_root.certificate)
    assert store.install(MANUFACTURER_ROOT, two) == "Rejected" and "2 certificates" in store.refusal
    assert store.install(MANUFACTURER_ROOT, pem(root.certificate)) == "Accepted"
    assert store.holds(MANUFACTURER_ROOT, pem(root.certificate))


def test_reports_sha384_and_deletes_by_any_algorithm_but_not_the_root_in_use(pki: TestPki) -> None:
    store = _store(pki)
    root = new_root(CENTRAL_SYSTEM_ROOT)
    store.install(CENTRAL_SYSTEM_ROOT, pem(root.certificate))
    listed = [HashData.from_json(item) for item in store.ids(CENTRAL_SYSTEM_ROOT)]
    assert {d.hash_algorithm for d in listed} == {REPORTED_HASH_ALGORITHM} and len(listed) == 2
    assert store.delete(store.in_use.hash_data("SHA256")) == "Failed"  # type: ignore[union-attr]
    assert store.delete(root.hash_data("SHA512")) == "Accepted"
    assert store.delete(root.hash_data("SHA512")) == "NotFound"
    assert len(store.ids(CENTRAL_SYSTEM_ROOT)) == 1
