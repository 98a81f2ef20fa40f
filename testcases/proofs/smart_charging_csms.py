"""Smart Charging profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_056_CSMS", "tx_default_profile_with_transaction_id",
          "SetChargingProfile TxDefaultProfile: transactionId 1 on a TxDefaultProfile: it is only valid for TxProfile"),
    Proof("TC_056_CSMS", "charging_schedule_late_first_period",
          "chargingSchedulePeriod[0].startPeriod is 60: the first SHALL be 0"),
    Proof("TC_056_CSMS", "charging_profile_unit_not_allowed",
          "chargingRateUnit W is not allowed by ChargingScheduleAllowedChargingRateUnit (A)",
          pics_overrides={"charging_rate_units": ("A",)}),
    Proof("TC_057_CSMS", "tx_profile_wrong_transaction_id", "SetChargingProfile TxProfile: TxProfile for transactionId"),
    Proof("TC_059_CSMS", "remote_start_profile_with_transaction_id",
          "RemoteStartTransaction.req chargingProfile has transactionId 1: it SHALL NOT be set"),
    Proof("TC_059_CSMS", "remote_start_profile_not_tx_profile",
          "RemoteStartTransaction.req chargingProfile has purpose TxDefaultProfile: it MUST be TxProfile"),
    Proof("TC_066_CSMS", "get_composite_schedule_wrong_connector",
          "GetCompositeSchedule connectorId is 3, not the configured 2"),
    Proof("TC_067_CSMS", "charging_profile_stack_level_too_high",
          "SetChargingProfile ChargePointMaxProfile: stackLevel 11 exceeds ChargeProfileMaxStackLevel 10"),
    Proof("TC_067_CSMS", "clear_charging_profile_wrong_id", "ClearChargingProfile carries id"),
)
