"""`python -m scraper` runs the same CLI as `tidings`."""

from scraper.cli import main

main()
