"""The test PKI of a run (``authority``) and the reading and judging of certificates a DUT
presents or sends (``inspect``), both built on ``cryptography``."""

from octt_py.pki.authority import INVALID_SERVER_VARIANTS, Authority, Credential, TestPki
from octt_py.pki.hashdata import HashData, hash_data
from octt_py.pki.inspect import describe, shown

__all__ = ["INVALID_SERVER_VARIANTS", "Authority", "Credential", "HashData", "TestPki", "describe",
           "hash_data", "shown"]
