"""Consistency checks across messages, shipped as a library.

The charge point's transaction and connector ledger, its statuses, meter values, clock and
heartbeat (:class:`ChargePointChecks`), and a CSMS's registration, clock and idTagInfo
(:class:`CsmsChecks`). The roles attach them to their session, so every exchange of every case
is judged, background messages included; anyone can feed them their own recorded exchanges
(:class:`Seen`) with a :class:`Sink` of their choosing. The rules they judge are listed in
``rules.RULES``.
"""

from octt_py.checks.base import Seen, Sink, flag
from octt_py.checks.charge_point import ChargePointChecks
from octt_py.checks.csms import CsmsChecks
from octt_py.checks.rules import OFFICIAL_RULES, RULES, Rule

__all__ = ["OFFICIAL_RULES", "RULES", "ChargePointChecks", "CsmsChecks", "Rule", "Seen", "Sink", "flag"]
