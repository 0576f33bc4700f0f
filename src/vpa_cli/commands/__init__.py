"""The command functions: parse options, call the core, hand the result to a renderer."""
