"""Observations in plain Swedish ("Iakttagelser", as SKL's report called them), from the
figures a page already has: a municipality's dashboard (dashboard.py) and the national
report (national.py)."""
