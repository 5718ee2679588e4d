"""Scaffolding a new project or service: copier answers, `.env`, editing scaffold.yaml in place."""
