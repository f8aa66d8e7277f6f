"""Fuzzing the playbook's four inputs: seeded mutations of the shipped files, run through the real CLI.

`mutate` changes a file (text or parsed structure), `corpus` turns the shipped files into cases,
`runner` runs one case in a forked child with a time and memory bound and judges its outcome.
`minimise` shrinks a failing case into a regression file (`regressions/`, run by tests/test_fuzz.py).
Run it by hand with `PYTHONPATH=tests .venv/bin/python -m fuzz --help`.
"""
