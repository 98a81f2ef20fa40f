"""Issue 13 item 5: no secret of a run appears in any output, even when the DUT echoes it.

A real ``octt run`` (the CLI's own entry point, in a process of its own, its terminal
captured) runs both reference DUTs with the charge point's planted fault
``configuration_logged``: after every connection it sends its configuration log, the
AuthorizationKey and its Basic-auth header included, in a DataTransfer and in an over-long
StatusNotification info. The cases chosen make the harness hold every kind of secret: the PICS
password (TC_001_CS), a loopback FTP server's password in an UpdateFirmware location
(TC_045_1_CS), an AuthorizationKey the harness sets (TC_073_CS) and one the CSMS DUT sets
(TC_073_CSMS), and the test PKI's private keys (TC_087_CS, security profile 3). The process
then writes what its secrets registry knew; every output file and the terminal are searched
for each of them. ``octt run --reference`` runs each side in a pytest-xdist worker of its own,
so every process of the run (controller and workers) tells its secrets, through a pytest plugin
given on the command line as a user would (``-p``), into a folder beside the outputs searched.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from octt_py.campaign import reference_pics
from octt_py.pics import REDACTED, SutSide
from octt_py.secrets import MIN_SCRUBBED

CASES = "TC_001_CS or TC_045_1_CS or TC_073_CS or TC_087_CS or TC_073_CSMS"

TELL_SECRETS = """
import json, os
from octt_py.secrets import RUN

def pytest_unconfigure(config):
    worker = getattr(config, "workerinput", {}).get("workerid", "controller")
    with open(os.path.join(os.environ["OCTT_TOLD"], worker + ".json"), "w", encoding="utf-8") as file:
        json.dump(RUN.values(), file)
"""


def _octt_run(folder: Path, *options: str) -> tuple[str, list[str]]:
    """The terminal of ``octt run`` and the secrets its processes held."""
    told = folder.parent / f"{folder.name}-told"  # outside the outputs searched
    told.mkdir()
    (told / "tell_secrets.py").write_text(TELL_SECRETS, encoding="utf-8")
    env = {**os.environ, "OCTT_TOLD": str(told), "PYTHONPATH": str(told)}
    done = subprocess.run(
        [sys.executable, "-m", "octt_py.cli", "run", "--reference", "both",
         "--fault", "configuration_logged", "--results", str(folder / "reports"),
         "--junitxml", str(folder / "junit.xml"), *options, "-k", CASES, "-p", "tell_secrets"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stdout + done.stderr
    processes = sorted(told.glob("*.json"))
    assert len(processes) == 3, processes  # the controller and one worker per DUT side
    secrets = {s for path in processes for s in json.loads(path.read_text(encoding="utf-8"))}
    return done.stdout + done.stderr, sorted(secrets)


def _needles(secrets: list[str]) -> list[str]:
    """What must not be found: every secret, each line of a private key's body, and the
    Basic-auth header of the PICS password."""
    needles = []
    for secret in secrets:
        if "PRIVATE KEY" in secret:
            needles += [line for line in secret.splitlines() if line and not line.startswith("-----")]
        elif len(secret) >= MIN_SCRUBBED:
            needles.append(secret)
    pics = reference_pics(SutSide.CHARGE_POINT)
    login = f"{pics.identity.charge_point_id}:{pics.connection.basic_auth_password}"
    return [*needles, base64.b64encode(login.encode()).decode()]


def _outputs(folder: Path, terminal: str) -> dict[str, str]:
    outputs = {"terminal": terminal}
    for name in ("reports/results.jsonl", "reports/report.html", "junit.xml"):
        outputs[name] = (folder / name).read_text(encoding="utf-8")
    if shutil.which("pdftotext"):  # poppler-utils, as CI installs it
        text = subprocess.run(["pdftotext", str(folder / "reports" / "report.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        outputs["reports/report.pdf"] = text + "\n" + "".join(text.split())  # lines broken too
    return outputs


def _hits(outputs: dict[str, str], needles: list[str]) -> list[str]:
    return [
        f"{name}: {needle[:6]}… at {text.find(needle)}: …{text[max(0, text.find(needle) - 60):text.find(needle)]}"
        for name, text in outputs.items()
        for needle in needles
        if needle in text
    ]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[str]]:
    folder = tmp_path_factory.mktemp("secrets-run")
    terminal, secrets = _octt_run(folder)
    return folder, terminal, secrets


def test_no_secret_in_any_output_of_a_run_whose_dut_echoes_them(clean_run: tuple[Path, str, list[str]]) -> None:
    folder, terminal, secrets = clean_run
    pics = reference_pics(SutSide.CHARGE_POINT)
    assert pics.connection.basic_auth_password in secrets
    assert any("PRIVATE KEY" in s for s in secrets), "the run generated no test PKI"
    assert len(secrets) >= 5, secrets  # the PICS key, two set keys, FTP passwords, PKI keys
    outputs = _outputs(folder, terminal)
    assert _hits(outputs, _needles(secrets)) == []
    # The DUT did echo them: what it sent is there, scrubbed.
    assert f"maxLength: 'key={REDACTED}; profile=1; url=ws://" in terminal
    assert f'\\"AuthorizationKey\\": \\"{REDACTED}\\"' in outputs["reports/results.jsonl"]
    assert f"ftp://octt:{REDACTED}@127.0.0.1:" in outputs["reports/results.jsonl"]


def test_keep_secrets_keeps_them_in_results_jsonl_only(tmp_path: Path) -> None:
    terminal, secrets = _octt_run(tmp_path, "--keep-secrets")
    outputs = _outputs(tmp_path, terminal)
    password = reference_pics(SutSide.CHARGE_POINT).connection.basic_auth_password
    results = outputs.pop("reports/results.jsonl")
    assert password in results
    assert _hits(outputs, _needles(secrets)) == []
