"""The planted faults of the reference CSMS.

Each one breaks exactly one thing a ``_CSMS`` case (or the harness's own robustness) checks, so
that the case's self-test can prove it fails for the right reason. The CSMS code asks
``"name" in faults`` at the single place where it deviates.
"""

from __future__ import annotations

from octt_py.reference.faults import Fault


def _csms(name: str, family: str, description: str) -> Fault:
    return Fault(name=name, dut="csms", family=family, description=description)


CSMS_FAULTS: tuple[Fault, ...] = (
    # boot
    _csms("boot_rejected", "boot", "answers every BootNotification with status Rejected"),
    _csms(
        "boot_invalid_current_time",
        "boot",
        "BootNotification.conf currentTime is not RFC 3339 ('27/10/2017 19:10:11')",
    ),
    _csms(
        "malformed_frame_on_boot",
        "ocpp-j",
        "answers BootNotification with the non-OCPP-J frame [3]",
    ),
    # heartbeat
    _csms(
        "heartbeat_invalid_time",
        "heartbeat",
        "Heartbeat.conf currentTime is '222222017-10-27T19:10:11Z'",
    ),
    # authorization
    _csms(
        "authorize_valid_as_invalid", "authorization", "answers valid (Accepted) id tags Invalid"
    ),
    _csms("authorize_blocked_as_accepted", "authorization", "answers blocked id tags Accepted"),
    _csms("authorize_expired_as_accepted", "authorization", "answers expired id tags Accepted"),
    _csms("slow_authorize", "authorization", "delays every Authorize.conf by 3 s"),
    # transactions
    _csms(
        "start_transaction_rejected",
        "transaction",
        "StartTransaction.conf idTagInfo is Invalid for valid (Accepted) id tags",
    ),
    _csms(
        "reuses_transaction_id",
        "transaction",
        "gives every StartTransaction the same transactionId",
    ),
    _csms(
        "invalid_replayed_start_rejected",
        "transaction",
        "answers Invalid to a StartTransaction whose timestamp is more than 1 min old "
        "(an offline transaction replayed after reconnect)",
    ),
    _csms("stop_transaction_no_response", "transaction", "never answers StopTransaction"),
    # CSMS-initiated operations
    _csms(
        "ignores_operator",
        "remote",
        "csms_send reports 'sent' but the CALL never goes out",
    ),
    _csms(
        "remote_stop_wrong_transaction",
        "remote",
        "RemoteStopTransaction carries transactionId + 1000",
    ),
    _csms(
        "remote_start_wrong_connector",
        "remote",
        "RemoteStartTransaction carries connectorId + 1",
    ),
    _csms("reset_wrong_type", "remote", "Reset carries the other type (Hard <-> Soft)"),
    _csms(
        "change_configuration_wrong_value",
        "configuration",
        "ChangeConfiguration carries the requested value with '0' appended",
    ),
    _csms(
        "get_configuration_with_keys",
        "configuration",
        "GetConfiguration for all keys is sent with key ['HeartbeatInterval']",
    ),
    _csms(
        "send_local_list_without_id_tag_info",
        "local-auth-list",
        "SendLocalList entries carry no idTagInfo",
    ),
    _csms(
        "data_transfer_accepts_unknown_vendor",
        "data-transfer",
        "answers DataTransfer from an unknown vendorId Accepted",
    ),
    # OCPP-J and transport
    _csms(
        "answers_unknown_action",
        "ocpp-j",
        "answers a CALL with an unknown action with an empty CALLRESULT, not a CALLERROR",
    ),
    _csms(
        "reuses_unique_id",
        "ocpp-j",
        "every CSMS-initiated CALL of a connection reuses the first CALL's unique id",
    ),
    _csms(
        "accepts_any_subprotocol",
        "transport",
        "keeps a connection that did not offer ocpp1.6 instead of closing it",
    ),
    _csms(
        "ignores_basic_auth",
        "transport",
        "accepts a connection without or with wrong HTTP Basic credentials",
    ),
    _csms(
        "crash_on_same_id_reconnect",
        "transport",
        "stops listening (and drops every connection) when a charge point reconnects with "
        "the same id while connected or within 1 s of dropping",
    ),
)
