"""Security white paper, charge point DUT, certificate signing: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_077_CS", "certificate_chain_not_verified", "was answered Accepted, not Rejected"),
)
