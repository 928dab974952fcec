"""The ``kg`` command line: a thin layer over the library.

Subcommands live in their own modules and are imported only when run (the
table :data:`COMMANDS` names them), so ``kg --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys

import click

from kg import __version__

#: Subcommand name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "build": "kg.cli.build_cmd:build_command",
    "query": "kg.cli.query_cmds:query_command",
    "show": "kg.cli.query_cmds:show_command",
    "positions": "kg.cli.query_cmds:positions_command",
    "linkages": "kg.cli.query_cmds:linkages_command",
    "timeline": "kg.cli.query_cmds:timeline_command",
    "status": "kg.cli.query_cmds:status_command",
    "common-ground": "kg.cli.query_cmds:common_ground_command",
    "path": "kg.cli.query_cmds:path_command",
    "stats": "kg.cli.query_cmds:stats_command",
    "viz": "kg.cli.viz_cmd:viz_command",
    "validate": "kg.cli.build_cmd:validate_command",
    "ingest": "kg.cli.ingest_cmds:ingest_command",
    "review": "kg.cli.ingest_cmds:review_command",
    "serve": "kg.cli.serve_cmd:serve_command",
    "push": "kg.cli.serve_cmd:push_command",
    "export": "kg.cli.analytics_cmds:export_command",
    "synth": "kg.cli.analytics_cmds:synth_command",
    "centrality": "kg.cli.analytics_cmds:centrality_command",
    "communities": "kg.cli.analytics_cmds:communities_command",
}


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, _, attribute = spec.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Knowledge graph of the international-security agenda.

    Build the graph from the curated data (kg build), check the data
    (kg validate), then ask it questions. Run `kg COMMAND --help` for details.
    """


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))
