"""Typed records every stage passes on, plus the skill taxonomy and repo catalog as data."""
