"""The README documents every command, and its two set-up commands come first."""

from __future__ import annotations

import re

import typer.main

from factcheck.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    click_app = typer.main.get_command(app)
    names = []
    for name, cmd in click_app.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        names.append(name)
        names += [f"{name} {sub}" for sub in subs or {}]
    return names


def test_every_command_is_in_the_readme_table() -> None:
    table = [line for line in README.splitlines() if line.startswith("| `factcheck ")]
    for name in commands():
        assert any(line.startswith(f"| `factcheck {name}") for line in table), (
            f"factcheck {name} is not in the README"
        )


def test_every_command_has_help_with_an_example() -> None:
    click_app = typer.main.get_command(app)
    for name, cmd in click_app.commands.items():  # type: ignore[attr-defined]
        for sub in [cmd, *(getattr(cmd, "commands", {}) or {}).values()]:
            if sub.name == "version" or getattr(sub, "commands", None):
                continue
            assert "Example: factcheck" in (sub.help or ""), (
                f"factcheck {name} {sub.name} has no Example line"
            )


def test_readme_starts_with_the_two_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block
    lines = [ln.split("#")[0].strip() for ln in block.group(1).splitlines() if ln.strip()]
    assert lines == ["make demo", "make test"]
    assert README.index("```sh") < README.index("## ")
