"""The repository as an open project: its licences agree everywhere they are stated, its GitHub
Actions workflow passes actionlint, and ruff finds the tree linted and formatted."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    """An executable installed beside this Python (the test command installs it), else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: the README's test command installs it (see CONTRIBUTING.md).")
    return found


def test_the_licences_agree_in_every_place_that_states_them():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n\nCopyright (c) 2026 the GAN course contributors")
    content = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "CC BY 4.0" in content and "https://creativecommons.org/licenses/by/4.0/" in content
    readme = (ROOT / "README.md").read_text()
    licence = readme[readme.index("## Licence") : readme.index("## Sources")]
    assert "[MIT licence](LICENSE)" in licence and "[CC BY 4.0](LICENSE-CONTENT.md)" in licence
    for dataset in ["MNIST", "Fashion-MNIST", "CIFAR-10"]:
        assert dataset in licence, f"the terms of {dataset}"
    conf = (ROOT / "site" / "conf.py").read_text()  # every page's footer
    assert "MIT" in conf and "CC BY 4.0" in conf and "LICENSE-CONTENT.md" in conf
    assert 'license = {file = "LICENSE"}' in (ROOT / "pyproject.toml").read_text()


def test_the_workflow_passes_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "the repository's own CI workflow"
    done = subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, workflows)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = workflows[0].read_text()
    assert "bash .ci/run" in text and "python -m tools.build" in text and "deploy-pages" in text


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The check above can fail: a misspelt context and input are reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 1\n"
    )
    done = subprocess.run([tool("actionlint"), "-no-color", str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "fetch-dept" in done.stdout


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_finds_the_tree_clean(command):
    done = subprocess.run([tool("ruff"), *command, "."], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
