"""``python -m alignkg`` runs the CLI."""

from alignkg.cli import main

main()
