"""The probe scripts `scaffold verify` runs inside the stack: one for Python, one for Node.

Both read a JSON list of probes from their first argument and print a JSON list of
what each saw; `scaffold.verify.checks` says what to probe and judges the answers.
"""
