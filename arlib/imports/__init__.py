"""Importing the exports people really have: layouts, parsing and mapping."""
