"""The repository stands alone: a user's clone has nothing beside it, and CI runs what the
README tells a newcomer to run."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OURS = ("crawler", "pipelines", "thanhuy_archive", "tests", "benchmarks")
# A path that leaves the clone: the development machine's folders, or a sibling of the clone.
OUTSIDE = re.compile(r"/work/|\.\./shared|\b(?:REPO|ROOT)\.parent\b|parent\.parent\.parent")


def test_ci_runs_the_readmes_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"runs the whole test suite.*?```sh\n(.+?)\n```", readme, re.S).group(1)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == command


def test_no_code_reads_a_file_outside_the_repository():
    offending = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for root in OURS for path in sorted((REPO / root).rglob("*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offending == []
