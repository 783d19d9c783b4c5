"""Importing a plan a coach already trusts: calendar-hack's YAML/JSON plans and plain CSV.

- `book.py`: the plan as read, one workout per day (`BookPlan`);
- `readers.py`: calendar-hack's format and the CSV format into a `BookPlan`;
- `classify.py`: the keyword rules that give each title a session type and hardness;
- `sessions.py`: minutes from distance at the athlete's paces, loads from the catalog's
  formula, and the imported catalog;
- `athlete.py`: availability, sessions per week and chronic load read off the book;
- `probe.py`: the book checked rule by rule with the checker's own rule functions;
- `envelope.py`: each rule at the tightest value the book plan still meets;
- `writer.py`: the scenario TOML (a comment beside each rule) and the book plan JSON;
- `importer.py`: the steps in order, nothing written until all of them succeed;
- `summary.py`: what `speedblock import` prints.
"""
