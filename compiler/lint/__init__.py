"""Lint: rules over the policy model, their registry, suppressions, severities and output formats."""
