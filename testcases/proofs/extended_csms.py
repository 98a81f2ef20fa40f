"""Consistency across messages, CSMS DUT: faults of the reference CSMS that the extended rules of
octt_py/checks catch (strict proofs), and the official rule they check (RemoteStartTransaction's
id tag)."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_001_CSMS", "boot_accepted_interval_zero", "BootNotification.conf Accepted gives interval 0",
          strict=True),
    Proof("TC_001_CSMS", "clock_minutes_behind", "is -180.0 s off the harness's clock", strict=True),
    Proof("TC_001_CSMS", "get_configuration_before_boot_answer",
          "the CSMS sent GetConfiguration before it answered the charge point's BootNotification", strict=True),
    Proof("TC_012_CSMS", "stop_transaction_tag_invalid",
          "StopTransaction.conf gives id tag TAG-VALID-1 idTagInfo status 'Invalid'", strict=True),
    Proof("TC_010_CSMS", "remote_start_default_id_tag",
          "RemoteStartTransaction is for id tag 'TAG-VALID-2'; the operator asked for 'TAG-VALID-1'"),
    Proof("TC_011_1_CSMS", "remote_start_default_id_tag", "the operator asked for 'TAG-VALID-1'"),
    Proof("TC_037_3_CSMS", "start_transaction_unknown_tag_accepted", "with 'Accepted', not 'Invalid'"),
    Proof("TC_037_3_CSMS", "start_transaction_unknown_tag_accepted",
          "StartTransaction.conf gives id tag TAG-INVALID idTagInfo status 'Accepted'", strict=True),
)
