"""File formats: the only package that knows about TOML, CSV and XLSX."""

from rostering.io.roster_io import read_roster
from rostering.io.scenario import load_scenario

__all__ = ["load_scenario", "read_roster"]
