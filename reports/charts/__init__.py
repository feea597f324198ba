"""The report pages' charts: the generic Plotly builders (builders.py), what goes into
the dashboard's (dashboard.py) and the national report's (national.py)."""
