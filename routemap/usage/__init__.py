"""Usage figures: monthly counters, never records (README, "Usage figures").

No Flask here, so the CLI and the tests use it directly:

- store.py    where counts live: `ROUTEMAP_USAGE_STORE` unset (off), sqlite:///PATH, or
              redis://HOST:PORT/DB; a row is (month, measure, breakdown, count), nothing else
- kinds.py    flows/usage/exploitation.yaml: which answers mean which kind of exploitation
- events.py   what one event (an outcome reached, an area chosen, a print downloaded) adds
- publish.py  the counts as published: small counts withheld, and no total that gives
              one back by subtraction
- charts.py   a chart per measure (matplotlib, PNG and SVG), from published figures only

The web layer counts where an event happens (routemap/web/usage.py) and writes the CSV
and the forum's report with the app's catalogs (routemap/web/usage_report.py).
"""
