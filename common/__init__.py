"""Shared utilities that know no app: the bottom layer every app may import.

Nothing here imports emognad, municipalities, surveys, reports or privacy.
"""
