"""Smart Charging profile, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_056_CS", "composite_wrong_unit_conversion",
          "GetCompositeSchedule connector 2: period 0 (from +0 s): expected 4140.0 W, got 1380.0 W"),
    Proof("TC_057_CS", "tx_profile_stacked_with_tx_default",
          "GetCompositeSchedule connector 1: period 0 (from +0 s): expected 6.0 A, got 16.0 A"),
    Proof("TC_058_1_CS", "tx_profile_without_transaction_accepted",
          "answered SetChargingProfile (a TxProfile without a transaction) with Accepted, not Rejected"),
    Proof("TC_058_2_CS", "tx_profile_wrong_transaction_accepted", "with Accepted, not Rejected"),
    Proof("TC_059_CS", "remote_start_profile_ignored",
          "GetCompositeSchedule connector 2: period 0 (from +0 s): expected 6.0 A, got 16.0 A"),
    Proof("TC_060_CS", "remote_start_any_profile_purpose_accepted",
          "answered RemoteStartTransaction with a TxDefaultProfile with Accepted, not Rejected"),
    Proof("TC_066_CS", "composite_ignores_valid_to", "expected 10.0 A, got 8.0 A"),
    Proof("TC_066_CS", "composite_ignores_charge_point_max",
          "GetCompositeSchedule connector 2: period 1 (from +"),
    Proof("TC_067_CS", "clear_charging_profile_ignored",
          "GetCompositeSchedule connector 1: period 0 (from +0 s): expected 10.0 A, got 6.0 A"),
    Proof("TC_072_CS", "composite_ignores_stack_level",
          "GetCompositeSchedule connector 1: period 0 (from +0 s): expected 7.0 A, got 6.0 A"),
    Proof("TC_082_CS", "tx_default_ignored_during_transaction",
          "GetCompositeSchedule connector 2: period 0 (from +0 s): expected 6.0 A, got 16.0 A"),
)
