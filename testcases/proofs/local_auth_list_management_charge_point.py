"""Local Auth List Management profile, charge point DUT: faults of the reference charge point.

TC_042_1_CS (filed under Core, see its docstring) is proven with the list switched off
(LocalAuthListEnabled false), the branch of its applicability the reference charge point offers;
TC_043_1_CS, whose official prerequisite is a charge point without the profile, on a PICS variant
that does not declare it.
"""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_008_1_CS", "local_pre_authorize_ignored", "the DUT sent Authorize, which it must not send here"),
    Proof("TC_008_1_CS", "local_list_expiry_ignored",
          "extended protocol nonconformance: the charge point authorized TAG-EXPIRED from its local authorization list",
          strict=True),
    Proof("TC_008_2_CS", "local_pre_authorize_ignored", "the DUT sent Authorize, which it must not send here"),
    Proof("TC_042_1_CS", "disabled_local_list_version_reported", "with no local authorization list in use; expected -1"),
    Proof("TC_042_2_CS", "empty_local_list_version_kept",
          "GetLocalListVersion reports 1, not 0 (the list is empty: the official TC_042_2 and OCPP 1.6 §5.10 want 0"),
    Proof("TC_043_CS", "local_list_version_not_updated", "GetLocalListVersion reports 0, not 1"),
    Proof("TC_043_1_CS", "disabled_local_list_accepted",
          "SendLocalList was answered Accepted with no local authorization list; expected NotSupported (the official",
          {"without_profiles": ("LocalAuthListManagement",)}),
    Proof("TC_043_2_CS", "local_list_version_mismatch_accepted", "was answered Accepted, not VersionMismatch"),
    Proof("TC_043_2_CS", "local_list_version_not_updated", "GetLocalListVersion reports 0, not 2"),
    Proof("TC_043_3_CS", "local_list_failure_hidden", "SendLocalList was answered Accepted while storing the list fails"),
)
