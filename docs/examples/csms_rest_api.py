"""Operator adapter for a CSMS under test that has a REST API for its operators.

The shape, not a product: adapt the paths to your CSMS. Name it in the PICS:

    [operator]
    backend = "callable"
    callable = "csms_rest_api.py:perform"   # this file, next to the PICS

and point it at the CSMS with ``CSMS_API_URL=https://csms.test/api CSMS_API_TOKEN=...``.

The _CSMS cases ask for three steps (docs/your-device.md): ``csms_provision_id_tags`` once
before the first case, ``csms_send`` whenever the CSMS must send a CALL -- with the complete
request it is expected to send in ``payload`` -- and, rarely, ``csms_configure``. Return when
the CSMS has been told; the harness itself waits for the CALL to arrive. Raise
``StepNotSupported`` for what this CSMS cannot do (the case is then not applicable).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from octt_py.operator import OperatorAction, StepNotSupported

API = os.environ.get("CSMS_API_URL", "http://127.0.0.1:8180/api")
TOKEN = os.environ.get("CSMS_API_TOKEN", "")

# CALLs this CSMS's API cannot send; better declared in the PICS ([unsupported] actions), so
# that the cases that need them are not applicable before they start.
CANNOT_SEND = {"GetCompositeSchedule", "DataTransfer"}


def perform(step: OperatorAction) -> None:
    params: dict[str, Any] = dict(step.params)
    if step.name == "csms_provision_id_tags":  # this CSMS keeps id tags for all its charge points
        for entry in params["id_tags"]:
            _call(step, "PUT", f"/id-tags/{entry['idTag']}", entry["idTagInfo"])
        for id_tag in params["unknown"]:
            _call(step, "DELETE", f"/id-tags/{id_tag}", None, missing_ok=True)
    elif step.name == "csms_send":
        if params["action"] in CANNOT_SEND:
            raise StepNotSupported(step.name, f"the CSMS API cannot send {params['action']}")
        path = f"/charge-points/{params['charge_point_id']}/commands/{params['action']}"
        _call(step, "POST", path, params["payload"])
    else:
        raise StepNotSupported(step.name, "the CSMS API has no such setting")


def _call(
    step: OperatorAction, method: str, path: str, body: Any, missing_ok: bool = False
) -> None:
    request = urllib.request.Request(
        API + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404 and missing_ok:
            return
        if exc.code == 501:  # the API's own way of saying "not implemented"
            raise StepNotSupported(step.name, f"{method} {path} answered 501") from None
        raise  # anything else: the step failed
