"""Local Authorization List Management profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_042_1_CSMS", "drops_connection_on_refusal", "the CSMS did not carry on after GetLocalListVersion was answered -1"),
    Proof("TC_042_2_CSMS", "ignores_operator", "expected GetLocalListVersion"),
    Proof("TC_043_1_CSMS", "drops_connection_on_refusal", "did not carry on after SendLocalList was answered 'NotSupported'"),
    Proof("TC_043_1_CSMS", "send_local_list_always_differential", "SendLocalList has updateType Differential"),
    Proof("TC_043_3_CSMS", "drops_connection_on_refusal", "did not carry on after SendLocalList was answered 'Failed'"),
    Proof("TC_043_3_CSMS", "send_local_list_always_differential", "SendLocalList has updateType Differential"),
    Proof("TC_043_4_CSMS", "send_local_list_without_id_tag_info", "the full SendLocalList has no idTagInfo for"),
    Proof("TC_043_4_CSMS", "send_local_list_always_differential", "SendLocalList has updateType Differential"),
    Proof("TC_043_5_CSMS", "send_local_list_without_id_tag_info", "has no idTagInfo, which removes the tag"),
    Proof("TC_043_5_CSMS", "local_list_version_not_incremented", "not greater than the initial list's"),
)
