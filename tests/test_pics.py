"""The PICS loader: reference files, templates, every validation message, secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from octt_py.pics import (
    REQUIRED_KEYS,
    Capabilities,
    ConfigurationKey,
    IdTags,
    Pics,
    PicsError,
    PicsIssue,
    Profile,
    SutSide,
    Timing,
    load_pics,
    parse_pics,
    template,
)

PICS_DIR = Path(__file__).resolve().parent.parent / "octt_py" / "reference" / "pics"
REFERENCE_CP = PICS_DIR / "reference-charge-point.toml"
REFERENCE_CSMS = PICS_DIR / "reference-csms.toml"

# Lines 1 to 4; snippets appended to it start at line 5.
BASE = """\
[dut]
side = "charge-point"
vendor = "ACME"
model = "Wallbox"
"""

SCALED_TIMING = Timing(
    ocpp_response_timeout=5, response_time_authorize=2, triggered_function_timeout=2,
    remote_start_time=5, remote_stop_time=5, heartbeat_interval=1, boot_retry_interval=1,
    meter_value_sample_interval=1, clock_aligned_data_interval=2, connection_timeout=1,
    reservation_expiry=2, transaction_duration=2, reboot_timeout=10, operator_timeout=10,
    max_time_deviation=1, case_pause=0.1, drain_window=0.2, offline_period=1, power_off_period=0.5,
)
EVERY_PROFILE = frozenset(Profile)


def errors(text: str) -> list[str]:
    """The user-facing lines of the PicsError that ``text`` must raise."""
    with pytest.raises(PicsError) as caught:
        parse_pics(text, "pics.toml")
    return str(caught.value).splitlines()


# --- reference files and templates ------------------------------------------------------------


def test_reference_charge_point_loads() -> None:
    pics = load_pics(REFERENCE_CP)
    assert pics.side is SutSide.CHARGE_POINT
    assert (pics.identity.vendor, pics.identity.model) == ("octt-py", "Reference CP")
    assert pics.profiles == EVERY_PROFILE
    assert (pics.connection.security_profile, pics.security.supports(3)) == (1, True)
    assert pics.capabilities.connectors == 2
    assert pics.capabilities.fixed_cable is False
    assert pics.connection.listen_port == 0
    assert pics.timing == SCALED_TIMING
    assert pics.operator.backend == "prompt"
    assert pics.id_tags == IdTags()
    assert pics.source == str(REFERENCE_CP)


def test_reference_charge_point_configuration_matches_scaled_timing() -> None:
    pics = load_pics(REFERENCE_CP)
    assert pics.config_value("HeartbeatInterval") == str(pics.timing.heartbeat_interval)
    assert pics.config_value("MeterValueSampleInterval") == "1"
    assert pics.config_value("ConnectionTimeOut") == str(pics.timing.connection_timeout)
    assert pics.config_value("NumberOfConnectors") == "2"


def test_reference_charge_point_has_every_required_key_with_spec_accessibility() -> None:
    pics = load_pics(REFERENCE_CP)
    for profile in pics.profiles:
        for key, readonly in REQUIRED_KEYS[profile].items():
            assert key in pics.configuration, key
            if readonly is not None:
                assert pics.configuration[key].readonly is readonly, key


def test_required_keys_follow_the_spec_and_errata() -> None:
    assert set(REQUIRED_KEYS) == set(Profile)
    core = REQUIRED_KEYS[Profile.CORE]
    assert core["GetConfigurationMaxKeys"] is True
    assert core["NumberOfConnectors"] is True
    assert core["SupportedFeatureProfiles"] is True
    assert core["HeartbeatInterval"] is False
    assert core["AuthorizeRemoteTxRequests"] is None
    assert core["UnlockConnectorOnEVSideDisconnect"] is None  # 2025-04 erratum
    assert "StopTransactionOnEVSideDisconnect" not in core  # optional since errata v4.0
    assert REQUIRED_KEYS[Profile.LOCAL_AUTH_LIST_MANAGEMENT] == {
        "LocalAuthListEnabled": False,
        "LocalAuthListMaxLength": True,
        "SendLocalListMaxLength": True,
    }
    assert all(REQUIRED_KEYS[Profile.SMART_CHARGING].values())
    assert REQUIRED_KEYS[Profile.RESERVATION] == {}


def test_reference_csms_loads() -> None:
    pics = load_pics(REFERENCE_CSMS)
    assert pics.side is SutSide.CSMS
    assert (pics.identity.vendor, pics.identity.model) == ("octt-py", "Reference CSMS")
    assert pics.profiles == EVERY_PROFILE
    assert (pics.connection.security_profile, pics.security.supports(3)) == (1, True)
    assert pics.capabilities.connectors == 2
    assert pics.connection.csms_url == "ws://127.0.0.1:9000/ocpp"
    assert pics.timing == SCALED_TIMING
    assert pics.configuration == {}


@pytest.mark.parametrize("side", list(SutSide))
def test_template_parses_to_the_defaults(side: SutSide) -> None:
    pics = parse_pics(template(side), "template.toml")
    assert pics.side is side
    assert pics.profiles == {Profile.CORE}
    assert pics.capabilities == Capabilities()
    assert pics.timing == Timing()
    assert pics.id_tags == IdTags()
    assert pics.connection.security_profile == 0
    assert pics.operator.backend == "prompt"


@pytest.mark.parametrize("side", list(SutSide))
def test_template_comments_every_key(side: SutSide) -> None:
    lines = template(side).splitlines()
    for number, line in enumerate(lines):
        if " = " in line and not line.startswith("#"):
            assert lines[number - 1].startswith("# "), line


def test_charge_point_template_lists_the_required_core_keys() -> None:
    pics = parse_pics(template(SutSide.CHARGE_POINT))
    for key, readonly in REQUIRED_KEYS[Profile.CORE].items():
        assert key in pics.configuration
        assert pics.configuration[key].readonly is bool(readonly)


def comment_above(text: str, assignment: str) -> str:
    """The comment block right above ``assignment`` in a template, joined into one line."""
    lines = text.splitlines()
    number = lines.index(next(line for line in lines if line.startswith(assignment)))
    block: list[str] = []
    while lines[number - 1].startswith("# "):
        number -= 1
        block.insert(0, lines[number][2:])
    return " ".join(block)


def test_template_names_the_cases_a_key_affects() -> None:
    text = template(SutSide.CHARGE_POINT)
    assert comment_above(text, "fixed_cable = ") == (
        "true: the cable is fixed to the charge point (it has no socket, so nothing to unlock): "
        "TC_017_2 and TC_018_2 apply (UnlockConnector must be answered NotSupported); TC_005_1, "
        "TC_017_1, TC_018_1, TC_024 and TC_030 do not. false: the charge point has a socket the "
        "driver plugs a cable into: the reverse, and connector_lock decides the lock cases."
    )
    assert "TC_024 (lock failure) and TC_030" in comment_above(text, "connector_lock = ")
    assert "TC_001" in comment_above(text, "heartbeat_interval = ")
    assert "TC_032_1" in comment_above(text, "backup_power = ")


def test_the_csms_template_says_which_sections_describe_the_emulated_charge_point() -> None:
    text = template(SutSide.CSMS)
    assert comment_above(text, "[capabilities]").startswith("THE EMULATED CHARGE POINT, not your CSMS")
    assert comment_above(text, "[configuration]").startswith("THE EMULATED CHARGE POINT's configuration")
    assert comment_above(text, "connection_timeout = ").startswith("The emulated charge point's ConnectionTimeOut")
    for charge_point_only in ("fixed_cable", "connector_lock", "boot_retry_interval", "remote_start_time"):
        assert f"\n{charge_point_only} = " not in text
    assert parse_pics(text).configuration == {}  # empty: the emulated charge point's defaults


def test_templates_show_only_their_side_s_connection_keys() -> None:
    assert "listen_port = " in template(SutSide.CHARGE_POINT)
    assert "csms_url = " not in template(SutSide.CHARGE_POINT)
    assert "csms_url = " in template(SutSide.CSMS)
    assert "listen_port = " not in template(SutSide.CSMS)


# --- configuration ----------------------------------------------------------------------------


def test_configuration_short_and_long_forms() -> None:
    pics = parse_pics(BASE + """
[configuration]
HeartbeatInterval = "60"
NumberOfConnectors = { value = "1", readonly = true }
Flag = { value = "x" }
""")
    assert pics.configuration == {
        "HeartbeatInterval": ConfigurationKey("60", False),
        "NumberOfConnectors": ConfigurationKey("1", True),
        "Flag": ConfigurationKey("x", False),
    }


def test_config_value_ignores_case_and_reports_absence() -> None:
    pics = parse_pics(BASE + '[configuration]\nHeartbeatInterval = "60"\n')
    assert pics.config_value("heartbeatinterval") == "60"
    assert pics.config_value("MeterValueSampleInterval") is None


# --- every validation message -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('[timing]\nheartbeat_interval = "sixty"\n',
         ('pics.toml:6: timing.heartbeat_interval: expected an integer number of seconds, got '
         '"sixty"')),
        ("[timing]\nheartbeat_interval = 2.5\n",
         "pics.toml:6: timing.heartbeat_interval: expected an integer number of seconds, got 2.5"),
        ("[timing]\nboot_retry_interval = true\n",
         ("pics.toml:6: timing.boot_retry_interval: expected an integer number of seconds, got "
         "true")),
        ("[timing]\nreboot_timeout = 0\n",
         "pics.toml:6: timing.reboot_timeout: must be greater than 0, got 0"),
        ("[timing]\nconnection_timeout = -5\n",
         "pics.toml:6: timing.connection_timeout: must be greater than 0, got -5"),
        ("[timing]\nmax_time_deviation = inf\n",
         "pics.toml:6: timing.max_time_deviation: must be finite, got inf"),
        ('[timing]\noperator_timeout = "1m"\n',
         'pics.toml:6: timing.operator_timeout: expected a number of seconds, got "1m"'),
        ("[connection]\nlisten_port = 70000\n",
         "pics.toml:6: connection.listen_port: must be between 0 and 65535, got 70000"),
        ("[connection]\nlisten_port = -1\n",
         "pics.toml:6: connection.listen_port: must be between 0 and 65535, got -1"),
        ('[connection]\nlisten_port = "9000"\n',
         'pics.toml:6: connection.listen_port: expected an integer port number, got "9000"'),
        ("[connection]\nsecurity_profile = 4\n",
         "pics.toml:6: connection.security_profile: must be between 0 and 3, got 4"),
        ('[connection]\npath = "ocpp"\n',
         'pics.toml:6: connection.path: must start with "/", got "ocpp"'),
        ("[capabilities]\nconnectors = 0\n",
         "pics.toml:6: capabilities.connectors: must be at least 1, got 0"),
        ("[capabilities]\nfixed_cable = 1\n",
         "pics.toml:6: capabilities.fixed_cable: expected true or false, got 1"),
        ('[capabilities]\noffline_authorization = "cache"\n',
         ('pics.toml:6: capabilities.offline_authorization: expected a list of strings, got '
         '"cache"')),
        ('[capabilities]\noffline_authorization = ["cache", "sms"]\n',
         ('pics.toml:6: capabilities.offline_authorization: unknown value "sms"; expected any of '
         '"cache", "local_list", "unknown_id"')),
        ("[capabilities]\ncharging_rate_units = []\n",
         "pics.toml:6: capabilities.charging_rate_units: must not be empty"),
        ("[capabilities]\nphases = 4\n",
         "pics.toml:6: capabilities.phases: must be between 1 and 3, got 4"),
        ('[capabilities]\nvoltage = "230V"\n',
         'pics.toml:6: capabilities.voltage: expected a number of volts, got "230V"'),
        ('[id_tags]\nvalid = "ABCDEFGHIJKLMNOPQRSTU"\n',
         "pics.toml:6: id_tags.valid: must be at most 20 characters (OCPP IdToken), got 21"),
        ('[id_tags]\nblocked = ""\n', "pics.toml:6: id_tags.blocked: must not be empty"),
        ('[id_tags]\nvalid_2 = "tag-valid-1"\n',
         "pics.toml:6: id_tags.valid_2: must differ from id_tags.valid"),
        ("[profiles]\ncore = false\n",
         "pics.toml:6: profiles.core: must be true (Core is mandatory in OCPP 1.6)"),
        ('[profiles]\nsmart_charging = "yes"\n',
         'pics.toml:6: profiles.smart_charging: expected true or false, got "yes"'),
        ('[operator]\nbackend = "reference"\n',
         ('pics.toml:6: operator.backend: expected one of "prompt", "shell", "webhook", '
         '"callable", got "reference"')),
        ('[operator]\nbackend = "shell"\n',
         'pics.toml:5: operator.command: required when operator.backend is "shell"'),
        ('[operator]\nbackend = "webhook"\nurl = ""\n',
         'pics.toml:7: operator.url: required when operator.backend is "webhook"'),
        ('[operator]\nbackend = "webhook"\nurl = "ftp://rig"\n',
         'pics.toml:7: operator.url: expected a http:// or https:// URL, got "ftp://rig"'),
        ('[operator]\nbackend = "callable"\n',
         'pics.toml:5: operator.callable: required when operator.backend is "callable"'),
        ('[operator]\nbackend = "callable"\ncallable = "rig.steps"\n',
         'pics.toml:7: operator.callable: expected "module:function" or "path/to/file.py:function", got "rig.steps"'),
        ("[timings]\nheartbeat_interval = 2\n",
         "pics.toml:5: timings: unknown section (did you mean 'timing'?)"),
        ("[timing]\nheartbeat_intervall = 2\n",
         ("pics.toml:6: timing.heartbeat_intervall: unknown key (did you mean "
         "'heartbeat_interval'?)")),
        ("[timing]\nHeartbeatInterval = 2\n",
         ("pics.toml:6: timing.HeartbeatInterval: unknown key (did you mean "
         "'heartbeat_interval'?)")),
        ("[timing]\nwhatever = 2\n", "pics.toml:6: timing.whatever: unknown key"),
    ],
)
def test_each_error_names_file_line_and_key(snippet: str, expected: str) -> None:
    assert errors(BASE + snippet) == [expected]


def test_section_must_be_a_table() -> None:
    assert errors("timing = 5\n" + BASE) == ["pics.toml:1: timing: expected a table, got 5"]


def test_side_must_be_known() -> None:
    assert errors('[dut]\nside = "cp"\nvendor = "A"\nmodel = "B"\n') == [
        'pics.toml:2: dut.side: expected "charge-point" or "csms", got "cp"'
    ]


def test_bootnotification_lengths_are_enforced() -> None:
    assert errors('[dut]\nside = "csms"\nvendor = "A"\nmodel = "Reference Charge Point"\n') == [
        ("pics.toml:4: dut.model: must be at most 20 characters (BootNotification "
        "chargePointModel), got 22")
    ]


def test_charge_point_id_must_fit_in_a_url() -> None:
    assert errors(BASE + 'charge_point_id = "CP 1/2"\n') == [
        ('pics.toml:5: dut.charge_point_id: must be non-empty and contain no "/", "?", "#" or '
        "whitespace")
    ]


def test_missing_required_keys_point_at_the_table() -> None:
    assert errors('# a comment\n[dut]\nserial_number = "1"\n') == [
        "pics.toml:2: dut.model: required key is missing",
        "pics.toml:2: dut.side: required key is missing",
        "pics.toml:2: dut.vendor: required key is missing",
    ]


def test_missing_dut_table_points_at_line_1() -> None:
    assert errors("[profiles]\ncore = true\n") == [
        "pics.toml:1: dut.model: required key is missing",
        "pics.toml:1: dut.side: required key is missing",
        "pics.toml:1: dut.vendor: required key is missing",
    ]


def test_key_outside_its_table_says_where_it_belongs() -> None:
    assert errors('side = "csms"\n' + BASE.replace('side = "charge-point"\n', "")) == [
        "pics.toml:1: side: unknown section (it belongs in [dut])",
        "pics.toml:2: dut.side: required key is missing",
    ]


def test_toml_syntax_error_uses_tomllib_line() -> None:
    assert errors(BASE + "[timing]\nheartbeat_interval = = 2\n") == [
        "pics.toml:6: invalid TOML: Invalid value (column 22)"
    ]


def test_toml_syntax_error_at_end_of_file() -> None:
    assert errors(BASE + "[timing]\nheartbeat_interval =") == [
        "pics.toml:6: invalid TOML: Invalid value (at end of file)"
    ]


def test_duplicate_toml_key_is_a_syntax_error() -> None:
    assert errors(BASE + 'vendor = "B"\n') == [
        "pics.toml:5: invalid TOML: Cannot overwrite a value (column 13)"
    ]


# --- configuration messages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("HeartbeatInterval = 60\n",
         'pics.toml:6: configuration.HeartbeatInterval: expected a string, got 60 (write "60")'),
        ("LocalPreAuthorize = false\n",
         ('pics.toml:6: configuration.LocalPreAuthorize: expected a string, got false (write '
         '"false")')),
        ('HeartbeatInterval = { value = "60", readonly = "no" }\n',
         ('pics.toml:6: configuration.HeartbeatInterval.readonly: expected true or false, got '
         '"no"')),
        ("HeartbeatInterval = { readonly = false }\n",
         "pics.toml:6: configuration.HeartbeatInterval.value: required key is missing"),
        ("HeartbeatInterval = { value = 60 }\n",
         "pics.toml:6: configuration.HeartbeatInterval.value: expected a string, got 60"),
        ('HeartbeatInterval = { value = "60", read_only = true }\n',
         ("pics.toml:6: configuration.HeartbeatInterval.read_only: unknown key (did you mean "
         "'readonly'?)")),
        ("HeartbeatInterval = [1]\n",
         ('pics.toml:6: configuration.HeartbeatInterval: expected a string or { value = "...", '
         "readonly = true/false }, got [1]")),
        ('"Vendor.Key" = 5\n',
         'pics.toml:6: configuration."Vendor.Key": expected a string, got 5 (write "5")'),
        ('NumberOfConnectors = { value = "2", readonly = true }\n',
         ('pics.toml:6: configuration.NumberOfConnectors: "2" disagrees with '
         "capabilities.connectors = 1")),
        ('ReserveConnectorZeroSupported = "false"\n',
         ('pics.toml:6: configuration.ReserveConnectorZeroSupported: "false" disagrees with '
         "capabilities.reserve_connector_zero = true")),
        ('ChargingScheduleAllowedChargingRateUnit = "Current"\n',
         ('pics.toml:6: configuration.ChargingScheduleAllowedChargingRateUnit: "Current" '
         'disagrees with capabilities.charging_rate_units = ["A", "W"]')),
        ('SupportedFeatureProfiles = "Core,Reservation"\n',
         ('pics.toml:6: configuration.SupportedFeatureProfiles: "Core,Reservation" disagrees '
         "with [profiles], which declares Core")),
        ('K = "' + "x" * 501 + '"\n',
         ("pics.toml:6: configuration.K: values are at most 500 characters (CiString500), got "
         "501")),
        ("K" * 51 + ' = "1"\n',
         (f"pics.toml:6: configuration.{'K' * 51}: key names are at most 50 characters "
         "(CiString50), got 51")),
    ],
)
def test_configuration_errors(snippet: str, expected: str) -> None:
    assert errors(BASE + "[configuration]\n" + snippet) == [expected]


def test_configuration_keys_are_case_insensitive() -> None:
    assert errors(BASE + '[configuration]\nHeartbeatInterval = "1"\nheartbeatinterval = "2"\n') == [
        ("pics.toml:7: configuration.heartbeatinterval: duplicates 'HeartbeatInterval' "
        "(configuration keys are case-insensitive)")
    ]


def test_configuration_agrees_with_profiles_ignoring_security() -> None:
    pics = parse_pics(BASE + """
[profiles]
reservation = true
security = true
[configuration]
SupportedFeatureProfiles = { value = "Core,Reservation", readonly = true }
""")
    assert pics.profiles == {Profile.CORE, Profile.RESERVATION, Profile.SECURITY}


def test_offline_authorization_needs_its_mechanism() -> None:
    assert errors(BASE + """[capabilities]
authorization_cache = false
offline_authorization = ["cache", "local_list"]
""") == [
        ('pics.toml:7: capabilities.offline_authorization: "cache" needs '
        "capabilities.authorization_cache = true"),
        ('pics.toml:7: capabilities.offline_authorization: "local_list" needs '
        "profiles.local_auth_list_management = true"),
    ]


# --- security ---------------------------------------------------------------------------------


def test_security_profile_1_needs_a_password() -> None:
    assert errors(BASE + "[connection]\nsecurity_profile = 1\n") == [
        ("pics.toml:5: connection.basic_auth_password: required when "
        "connection.security_profile is 1 or 2")
    ]


def test_password_length_is_checked_without_echoing_it() -> None:
    lines = errors(BASE + '[connection]\nbasic_auth_password = "hunter2"\n')
    assert lines == [
        ("pics.toml:6: connection.basic_auth_password: must be 16 to 40 characters long, got 7 "
        "characters")
    ]
    assert errors(BASE + "[connection]\nbasic_auth_password = 12345678\n") == [
        "pics.toml:6: connection.basic_auth_password: expected a string, got an integer"
    ]


def test_authorization_key_is_never_echoed() -> None:
    assert errors(BASE + "[configuration]\nAuthorizationKey = 1234567890123456\n") == [
        "pics.toml:6: configuration.AuthorizationKey: expected a string, got an integer"
    ]


def test_tls_files_required_by_security_profile_with_the_labs_own_certificates() -> None:
    password = 'basic_auth_password = "0123456789abcdef"\n'
    files = '[security]\ncertificates = "files"\nprofile_2 = true\nprofile_3 = true\n'
    assert errors(BASE + files + "[connection]\nsecurity_profile = 2\n" + password) == [
        ("pics.toml:9: connection.tls_cert_file: required when connection.security_profile is "
        "2 or 3"),
        ("pics.toml:9: connection.tls_key_file: required when connection.security_profile is "
        "2 or 3"),
    ]
    csms = BASE.replace("charge-point", "csms")
    assert errors(csms + files + '[connection]\ncsms_url = "wss://csms/ocpp"\nsecurity_profile = 3\n') == [
        "pics.toml:9: connection.tls_cert_file: required when connection.security_profile is 3",
        "pics.toml:9: connection.tls_key_file: required when connection.security_profile is 3",
    ]


def test_generated_certificates_need_no_tls_files_but_a_declared_profile() -> None:
    password = 'basic_auth_password = "0123456789abcdef"\n'
    assert errors(BASE + "[security]\nprofile_1 = true\n[connection]\nsecurity_profile = 2\n" + password) == [
        "pics.toml:5: security.profile_2: must be true: connection.security_profile is 2"
    ]


def test_csms_url_scheme_follows_security_profile() -> None:
    csms = BASE.replace("charge-point", "csms")
    assert errors(csms + """[connection]
csms_url = "ws://user:secret@csms.example/ocpp"
security_profile = 2
basic_auth_password = "0123456789abcdef"
""") == [
        ('pics.toml:6: connection.csms_url: must start with wss:// when '
        'connection.security_profile is 2 or 3, got "ws://user:•••@csms.example/ocpp"')
    ]
    assert errors(csms + '[connection]\ncsms_url = "http://csms"\n') == [
        'pics.toml:6: connection.csms_url: expected a ws:// or wss:// URL, got "http://csms"'
    ]


# --- several errors, positions ----------------------------------------------------------------


def test_all_errors_are_reported_together_sorted_by_line() -> None:
    text = """\
[dut]
side = "charge-point"
vendor = "ACME"

[timing]
heartbeat_interval = "sixty"
boot_retry_interval = 0

[capabilities]
conectors = 2
"""
    with pytest.raises(PicsError) as caught:
        parse_pics(text, "pics.toml")
    assert caught.value.source == "pics.toml"
    assert caught.value.errors == [
        PicsIssue(1, "dut.model", "required key is missing"),
        PicsIssue(6, "timing.heartbeat_interval",
                  'expected an integer number of seconds, got "sixty"'),
        PicsIssue(7, "timing.boot_retry_interval", "must be greater than 0, got 0"),
        PicsIssue(10, "capabilities.conectors", "unknown key (did you mean 'connectors'?)"),
    ]
    assert str(caught.value).splitlines() == [
        "pics.toml:1: dut.model: required key is missing",
        ('pics.toml:6: timing.heartbeat_interval: expected an integer number of seconds, got '
        '"sixty"'),
        "pics.toml:7: timing.boot_retry_interval: must be greater than 0, got 0",
        "pics.toml:10: capabilities.conectors: unknown key (did you mean 'connectors'?)",
    ]


def test_lines_are_found_past_multiline_values_comments_and_quoted_keys() -> None:
    text = BASE + '''\
# [timing] heartbeat_interval = "in a comment"
[capabilities]
offline_authorization = [
    "cache",  # ] not the end
    "local_list",
]
firmware_url_schemes = ["http"]   # trailing comment = fine
[ operator ]
command = """
[timing]
heartbeat_interval = 1
echo "done\"""""
backend = 'shel'
[configuration]
"Odd]Key" = { value = "x", readonly = false }
'Vendor.Key' = { value = "y", readonly = "no" }
[timing.nested]
x = 1
'''
    assert errors(text) == [
        ('pics.toml:7: capabilities.offline_authorization: "local_list" needs '
        "profiles.local_auth_list_management = true"),
        ('pics.toml:17: operator.backend: expected one of "prompt", "shell", "webhook", '
        '"callable", got "shel"'),
        'pics.toml:20: configuration."Vendor.Key".readonly: expected true or false, got "no"',
        "pics.toml:21: timing.nested: unknown key",
    ]


def test_dotted_keys_are_located() -> None:
    assert errors('dut.side = "csms"\ndut.vendor = "A"\ndut.model = "B"\ntiming.heartbeat_interval'
                  ' = "x"\n') == [
        'pics.toml:4: timing.heartbeat_interval: expected an integer number of seconds, got "x"'
    ]


# --- files ------------------------------------------------------------------------------------


def test_load_pics_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "vendor.toml"
    path.write_text(BASE + "[timing]\nheartbeat_interval = 0\n", encoding="utf-8")
    with pytest.raises(PicsError) as caught:
        load_pics(path)
    expected = f"{path}:6: timing.heartbeat_interval: must be greater than 0, got 0"
    assert str(caught.value) == expected


def test_load_pics_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.encode() + 'model_note = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(PicsError) as caught:
        load_pics(path)
    assert str(caught.value) == f"{path}:5: invalid TOML: the file is not UTF-8"


def test_load_pics_accepts_a_byte_order_mark_and_resolves_tls_paths(tmp_path: Path) -> None:
    path = tmp_path / "pics.toml"
    text = BASE + '[connection]\ntls_ca_file = "certs/ca.pem"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_pics(str(path)).connection.tls_ca_file == str(tmp_path / "certs" / "ca.pem")


# --- secrets ----------------------------------------------------------------------------------

SECRET = "s3cr3t-passw0rd-0123"
SECRET_KEY = "0123456789ABCDEF0123"


def secret_pics() -> Pics:
    return parse_pics(BASE + f"""
[connection]
security_profile = 1
basic_auth_password = "{SECRET}"
[operator]
backend = "webhook"
url = "https://rig:{SECRET}@rig.example:8443/api"
[configuration]
AuthorizationKey = {{ value = "{SECRET_KEY}", readonly = false }}
HeartbeatInterval = "60"
""")


def test_repr_and_str_hide_secrets() -> None:
    pics = secret_pics()
    assert pics.connection.basic_auth_password == SECRET
    for text in (repr(pics), str(pics)):
        assert "basic_auth_password" not in text
        assert SECRET_KEY not in text


def test_redacted_is_json_and_hides_secrets() -> None:
    pics = secret_pics()
    data = pics.redacted()
    dumped = json.dumps(data)
    assert SECRET not in dumped
    assert SECRET_KEY not in dumped
    assert data["connection"]["basic_auth_password"] == "•••"
    assert data["configuration"]["AuthorizationKey"] == {"value": "•••", "readonly": False}
    assert data["configuration"]["HeartbeatInterval"] == {"value": "60", "readonly": False}
    assert data["operator"]["url"] == "https://rig:•••@rig.example:8443/api"
    assert data["dut"] == {
        "side": "charge-point", "vendor": "ACME", "model": "Wallbox", "serial_number": "",
        "software_version": "", "charge_point_id": "CP001", "charge_point_ids": [],
    }
    assert data["profiles"]["core"] is True and data["profiles"]["security"] is False
    assert data["capabilities"]["offline_authorization"] == ["cache"]
    assert data["timing"]["heartbeat_interval"] == 60


def test_redacted_leaves_an_empty_password_empty() -> None:
    assert parse_pics(BASE).redacted()["connection"]["basic_auth_password"] == ""


def test_reference_files_round_trip_through_redacted() -> None:
    for path in (REFERENCE_CP, REFERENCE_CSMS):
        data = json.loads(json.dumps(load_pics(path).redacted()))
        assert data["source"] == str(path)
