"""The README's promises: two commands first, and CI runs exactly the test command."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```sh\n")[1:3]
    return [b.split("\n```")[0].strip() for b in blocks]


def test_readme_opens_with_two_single_line_commands():
    demo, tests = readme_commands()
    assert "\n" not in demo and demo.endswith("danvan demo")
    assert "\n" not in tests and "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = readme_commands()
    ci_lines = (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert tests in ci_lines
