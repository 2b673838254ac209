"""The service layer: the one API the CLI and the TUI call; it wires the features and the store together."""
