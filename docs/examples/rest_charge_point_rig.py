"""Operator adapter for a charge point under test whose rig (or simulator) has a REST API.

The shape, not a product: adapt the paths to your rig. Name it in the PICS:

    [operator]
    backend = "callable"
    callable = "rest_charge_point_rig.py:perform"   # this file, next to the PICS

and point it at the rig with ``RIG_URL=http://rig.local:8080 octt run --pics charger.toml``.

octt-py calls ``perform(step)`` for every manual step of a case, in a thread of its own (so it
may block), and waits at most the PICS operator timeout. Return when the step is done; raise
``StepNotSupported`` for a step this rig cannot do (the case is then not applicable); any other
exception means the step was tried and failed (the case is inconclusive).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from octt_py.operator import OperatorAction, StepNotSupported

RIG_URL = os.environ.get("RIG_URL", "http://127.0.0.1:8080")

# step -> (HTTP method, path, body) on the rig; {connector} and friends come from the step.
ROUTES = {
    "plug_in": ("POST", "/connectors/{connector}/cable", {"plugged": True}),
    "unplug": ("POST", "/connectors/{connector}/cable", {"plugged": False}),
    "ev_disconnect": ("POST", "/connectors/{connector}/ev", {"connected": False}),
    "present_id_tag": ("POST", "/rfid", {"idTag": "{id_tag}"}),
    "press_stop": ("POST", "/connectors/{connector}/stop", {}),
    "power_loss": ("PUT", "/power", {"on": False}),
    "power_restore": ("PUT", "/power", {"on": True}),
    "reboot": ("POST", "/reboot", {}),
    "go_offline": ("PUT", "/network", {"online": False}),
    "go_online": ("PUT", "/network", {"online": True}),
}
# Everything else ("fault", "lock_failure", "ev_suspend", ...) this rig cannot do. Declaring
# them in the PICS ([unsupported] operator_steps) saves the call; refusing here works too.


def perform(step: OperatorAction) -> None:
    route = ROUTES.get(step.name)
    if route is None:
        raise StepNotSupported(step.name, "the rig's REST API has no input for it")
    method, path, body = route
    params = {name: value for name, value in step.params.items() if value is not None}
    if step.name == "present_id_tag" and "connector" in params:
        path = "/connectors/{connector}/rfid"
    filled = {k: v.format(**params) if isinstance(v, str) else v for k, v in body.items()}
    request = urllib.request.Request(
        RIG_URL + path.format(**params),
        data=json.dumps(filled).encode(),
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise  # the rig answered with an error: the step failed

