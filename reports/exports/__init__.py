"""Downloads: the sheets and their CSV/XLSX writers (sheets.py), a municipality's
dashboard (dashboard.py) and the national report (national.py) as workbooks and PDFs."""
