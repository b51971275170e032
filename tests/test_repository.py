"""The repository as an open project: its licences agree everywhere they are stated, its GitHub
Actions workflow passes actionlint, and ruff finds the tree linted and formatted."""

import re
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


def headings(path: Path) -> set[str]:
    """The anchors GitHub (and the site, with myst_heading_anchors) gives the headings of a
    Markdown file: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text())  # not the comments in code blocks
    return {
        re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        for title in re.findall(r"(?m)^#{1,6} (.+)$", text)
    }


def test_the_readme_is_short_and_its_details_are_pages_of_the_website():
    """The README says what the course is, lists the notebooks and how to start within its first
    lines, and links the website's other pages (Markdown in site/), each in the site's table of
    contents. Every relative link in the README, CONTRIBUTING.md and those pages leads to a file
    of the repository, and to a heading of it where it names one."""
    readme = (ROOT / "README.md").read_text()
    assert len(readme) < 12_000, f"{len(readme):,} characters: move details to a page in site/"
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if "jupyter lab notebooks/" in line)
    assert start < 60 and "<!-- notebooks-table -->" in readme and "<!-- test-command -->" in readme
    index = (ROOT / "site" / "index.md").read_text()
    pages = sorted(p for p in (ROOT / "site").glob("*.md") if p.name != "index.md")
    assert len(pages) >= 3
    for page in pages:
        assert f"](site/{page.name}" in readme, f"the README links {page.name}"
        assert re.search(rf"(?m)^{page.stem}$", index.split("{toctree}")[-1]), f"{page.stem} in the toctree"
    for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "site" / "index.md", *pages]:
        for target, anchor in re.findall(r"\]\((?![a-z]+:)([^)#\s]*)(?:#([^)\s]*))?\)", path.read_text()):
            linked = (path.parent / target).resolve() if target else path
            assert linked.exists(), f"{path.relative_to(ROOT)} links {target}, which does not exist"
            if anchor and linked.suffix == ".md":
                assert anchor in headings(linked), f"{path.relative_to(ROOT)} links {target}#{anchor}: no such heading"


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
