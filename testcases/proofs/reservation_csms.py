"""Reservation profile, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_046_CSMS", "reserve_now_wrong_connector", "ReserveNow is for connector 2; the operator asked for 1"),
    Proof("TC_046_CSMS", "reserve_now_expiry_an_hour_early", "has already passed"),
    Proof("TC_047_CSMS", "reserve_now_expiry_an_hour_early", "has already passed"),
    Proof("TC_047_CSMS", "reserve_now_expiry_without_offset", "/expiryDate: format: "),
    Proof("TC_047_CSMS", "reserve_now_wrong_connector", "ReserveNow is for connector 3; the operator asked for 2"),
    Proof("TC_048_1_CSMS", "drops_connection_on_refusal", "did not carry on after ReserveNow was answered 'Faulted'"),
    Proof("TC_048_1_CSMS", "reserve_now_wrong_connector", "ReserveNow is for connector 3; the operator asked for 2"),
    Proof("TC_048_2_CSMS", "drops_connection_on_refusal", "did not carry on after ReserveNow was answered 'Occupied'"),
    Proof("TC_048_3_CSMS", "drops_connection_on_refusal", "did not carry on after ReserveNow was answered 'Unavailable'"),
    Proof("TC_048_3_CSMS", "reserve_now_wrong_connector", "ReserveNow is for connector 2; the operator asked for 1"),
    Proof("TC_048_4_CSMS", "drops_connection_on_refusal", "did not carry on after ReserveNow was answered 'Rejected'"),
    Proof("TC_049_CSMS", "reserve_now_wrong_connector", "ReserveNow is for connector 1; the operator asked for 0"),
    Proof("TC_051_CSMS", "cancel_reservation_wrong_id", "CancelReservation names reservation"),
    Proof("TC_052_CSMS", "drops_connection_on_refusal", "did not carry on after CancelReservation was answered 'Rejected'"),
    Proof("TC_053_CSMS", "reserve_now_without_parent_id_tag", "ReserveNow carries no parentIdTag"),
    Proof("TC_053_CSMS", "reserved_start_needs_same_id_tag", "answered StartTransaction with idTagInfo status 'Invalid'"),
)
