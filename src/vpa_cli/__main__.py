"""`python -m vpa_cli` runs the same entry point as the `vpa` script."""

from vpa_cli.cli import main

main()
