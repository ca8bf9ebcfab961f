"""Print engine: HTML templates -> tagged PDF with WeasyPrint.

No Flask here, so the CLI, tests and a static-site build can use it directly.
"""
