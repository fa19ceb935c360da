"""The README documents every command and every setting, and its first screen stays true."""

import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_an_example_in_its_help():
    runner = CliRunner()
    for name in main.commands:
        assert f"kg {name}" in README, f"kg {name} is not in the README"
        help_text = runner.invoke(main, [name, "--help"]).output
        assert "Example" in help_text, f"kg {name} --help has no example"


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert setting.env in README, f"{setting.env} is not in the README"


def test_the_first_screen_holds_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    blocks = re.findall(r"```sh\n(.+?)\n```", first_screen, re.S)
    assert blocks[0].startswith("pip install -e . && kg build")
    assert blocks[1] == 'pip install -e ".[test]" && python -m pytest'
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci
