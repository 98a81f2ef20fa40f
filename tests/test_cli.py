"""``octt run`` as a user starts it: in their own folder, on a machine that may lack the PDF
renderer's system libraries, with typos in what they ask for. Each test runs the real command
in a subprocess and checks the exact text the user reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from octt_py.testcase import discover

REPOSITORY = Path(__file__).resolve().parents[1]
# How many cases each side has (a PICS check counts them all; the security cases come and go).
CASES = {suffix: sum(1 for c in discover() if c.case_id.endswith(suffix)) for suffix in ("_CS", "_CSMS")}
needs_weasyprint = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("weasyprint") is None, reason="no WeasyPrint"
)

# Loaded at interpreter start through PYTHONPATH: the machine then has no library whose name
# contains one of OCTT_HIDE_LIBRARIES, for WeasyPrint's cffi as for anything else.
HIDE_LIBRARIES = '''
import os
import cffi

_hidden = [n for n in os.environ.get("OCTT_HIDE_LIBRARIES", "").split(",") if n]
_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if any(h in str(name) for h in _hidden):
        raise OSError(f"cannot load library {name!r}: not on this machine")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
'''


def octt(*args: str, cwd: Path, hide: str = "", tmp_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    if hide:
        assert tmp_path is not None
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(HIDE_LIBRARIES)
        env["PYTHONPATH"] = str(site)
        env["OCTT_HIDE_LIBRARIES"] = hide
    return subprocess.run(
        [sys.executable, "-m", "octt_py.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def test_a_run_ignores_the_pytest_settings_and_conftest_of_the_folder_it_starts_in(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\naddopts = "--no-such-option"\n'
    )
    (tmp_path / "conftest.py").write_text('raise SystemExit("the folder\'s conftest.py was loaded")\n')
    result = octt("run", "--reference", "csms", "-k", "TC_001_CSMS", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configfile: " in result.stdout and "run.ini" in result.stdout
    assert "1 passed" in result.stdout
    assert (tmp_path / "reports" / "report.html").exists()


def test_the_reference_run_tests_both_sides_at_once(tmp_path: Path) -> None:
    """`octt run --reference`: one pytest-xdist worker per DUT side, one results.jsonl."""
    result = octt("run", "--reference", "-k", "TC_001_CS or TC_001_CSMS", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created: 2/2 workers" in result.stdout
    assert "2 passed" in result.stdout
    assert sorted(p.name for p in (tmp_path / "reports").glob("results*.jsonl")) == ["results.jsonl"]


@needs_weasyprint
def test_without_harfbuzz_subset_the_readme_command_still_writes_the_pdf(tmp_path: Path) -> None:
    """Issue 14, defect 2: from the repository root, whose pyproject.toml says
    filterwarnings = error, WeasyPrint's warning about the missing subset library once
    killed the PDF. Now the run says so at start and writes report.pdf."""
    results = tmp_path / "out"
    result = octt(
        "run", "--reference", "charge-point", "-k", "TC_001_CS and not CSMS",
        "--results", str(results), cwd=REPOSITORY, hide="harfbuzz-subset", tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "octt-py: report.pdf: HarfBuzz's subset library is missing: report.pdf is still written "
        "(fonts are subset with the slower fontTools), but later WeasyPrint versions require it; "
        "install it (Debian/Ubuntu: libharfbuzz-subset0; Fedora: harfbuzz; macOS: brew install "
        "harfbuzz)"
    ) in result.stdout.splitlines()
    assert f"report: {results / 'report.pdf'}" in result.stdout.splitlines()
    assert "could not be written" not in result.stdout
    assert (results / "report.pdf").stat().st_size > 0


@needs_weasyprint
def test_without_pango_the_run_stops_at_start_saying_what_to_install(tmp_path: Path) -> None:
    results = tmp_path / "out"
    result = octt(
        "run", "--reference", "charge-point", "-k", "TC_001_CS and not CSMS",
        "--results", str(results), cwd=tmp_path, hide="pango", tmp_path=tmp_path,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert (
        "ERROR: octt: the PDF renderer (WeasyPrint) cannot load its system libraries (cannot load "
        "library 'libpango-1.0-0': not on this machine). Install Pango and HarfBuzz: "
        "Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b "
        "libharfbuzz-subset0 libfontconfig1; Fedora: dnf install pango harfbuzz; macOS: brew "
        "install pango. Or pass --no-pdf to write report.html only."
    ) in result.stderr.splitlines()
    assert not results.exists()  # stopped before any case ran

    html_only = octt(
        "run", "--reference", "charge-point", "-k", "TC_001_CS and not CSMS", "--no-pdf",
        "--results", str(results), cwd=tmp_path, hide="pango", tmp_path=tmp_path,
    )
    assert html_only.returncode == 0, html_only.stdout + html_only.stderr
    assert (results / "report.html").exists() and not (results / "report.pdf").exists()


def test_pics_check_prints_errors_with_file_line_and_key_and_fails(tmp_path: Path) -> None:
    pics = tmp_path / "charger.toml"
    pics.write_text('[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n[capabilites]\nconnectors = 2\n')
    result = octt("pics", "check", str(pics), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == f"{pics}:6: capabilites: unknown section (did you mean 'capabilities'?)\n"


def test_pics_check_warns_about_a_lock_on_a_fixed_cable_and_counts_the_cases(tmp_path: Path) -> None:
    pics = tmp_path / "charger.toml"
    pics.write_text(
        '[dut]\nside = "charge-point"\nvendor = "V"\nmodel = "M"\n\n'
        "[capabilities]\nfixed_cable = true\nconnector_lock = true\n\n"
        '[unsupported]\noperator_steps = ["fault", "csms_send"]\n'
    )
    result = octt("pics", "check", str(pics), "--cases", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{pics}:8: capabilities.connector_lock: warning: a fixed cable is never locked into the "
        "charge point, so connector_lock has no effect with capabilities.fixed_cable = true (the "
        "lock cases TC_024 and TC_030 are for sockets); set it to false to say what the hardware is",
        f"{pics}:11: unsupported.operator_steps: warning: csms_send is a step of the csms cases; "
        "this PICS is for a charge-point, so it has no effect",
        f"{pics}: a charge-point PICS; 45 of {CASES['_CS']} cases apply, {CASES['_CS'] - 45} not applicable",
    ]
    assert "  TC_017_1_CS     not applicable: the PICS declares a fixed cable" in lines
    assert "  TC_017_2_CS     applies" in lines
    assert "  TC_041_CS       not applicable: the PICS declares that the rig cannot do fault (unsupported.operator_steps)" in lines


def test_pics_check_refuses_a_callable_that_does_not_import(tmp_path: Path) -> None:
    pics = tmp_path / "csms.toml"
    pics.write_text(
        '[dut]\nside = "csms"\nvendor = "V"\nmodel = "M"\n\n'
        '[operator]\nbackend = "callable"\ncallable = "lab_glue:drive"\n'
    )
    missing = octt("pics", "check", str(pics), cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stdout.splitlines()[0] == (
        f"{pics}: operator: operator callable 'lab_glue:drive': No module named 'lab_glue'"
    )
    (tmp_path / "lab_glue.py").write_text("def drive(action):\n    return True\n")
    found = octt("pics", "check", str(pics), cwd=REPOSITORY)  # found next to the PICS, from anywhere
    assert found.returncode == 0, found.stdout
    total = CASES["_CSMS"]
    assert found.stdout == f"{pics}: a csms PICS; 34 of {total} cases apply, {total - 34} not applicable (--cases lists them)\n"


def test_run_help_says_what_keep_secrets_keeps(tmp_path: Path) -> None:
    shown = " ".join(octt("run", "--help", cwd=tmp_path).stdout.split())
    assert (
        "--keep-secrets keep the run's secrets (passwords, AuthorizationKey, file-server "
        "credentials, private keys) in results.jsonl, for a lab that needs the raw frames; the "
        "terminal, JUnit and the reports stay scrubbed"
    ) in shown
