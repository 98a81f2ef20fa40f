"""The PICS: what a vendor declares about its device under test.

The Protocol Implementation Conformance Statement decides which cases apply, fills in the
``<Configured ...>`` placeholders of the official test steps (id tags, connector, intervals) and
carries the timing values that performance measurements are judged against.

It is one TOML file. Every section and key is described in the template that
``octt pics init`` writes (:func:`template`). A PICS that does not validate is refused as a
whole, with every problem listed as ``file:line: dotted.key: message``: a wrong declaration
would otherwise surface much later as a misleading verdict.
"""

from octt_py.pics.errors import PicsError, PicsIssue
from octt_py.pics.load import load_pics, parse_pics
from octt_py.pics.model import (
    REDACTED,
    REQUIRED_KEYS,
    Capabilities,
    ConfigurationKey,
    Connection,
    Identity,
    IdTags,
    OperatorSettings,
    Pics,
    Profile,
    Security,
    SutSide,
    Timing,
    Verdicts,
)
from octt_py.pics.template import template

__all__ = [
    "REDACTED",
    "REQUIRED_KEYS",
    "Capabilities",
    "ConfigurationKey",
    "Connection",
    "IdTags",
    "Identity",
    "OperatorSettings",
    "Pics",
    "PicsError",
    "PicsIssue",
    "Profile",
    "Security",
    "SutSide",
    "Timing",
    "Verdicts",
    "load_pics",
    "parse_pics",
    "template",
]
