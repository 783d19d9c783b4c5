"""The command line's side of the terminal: what a command prints where, how it
exits, and how it says what went wrong. `cli.py` declares the commands and their
options and calls in here; nothing in here parses arguments, and nothing in models/
or solver/ prints."""
