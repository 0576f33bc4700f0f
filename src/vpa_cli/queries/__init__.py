"""What each command works out, one module per command, named after it (no terminal code)."""
