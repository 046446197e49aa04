#!/usr/bin/env bash
# Issue 4's benchmark in one command: tidings vs Scrapy on a generated site behind nginx.
#
#   bash benchmarks/run.sh            # 10 sources x 50 pages, 3 rounds, scale 100k and 1M
#   bash benchmarks/run.sh --smoke    # 2 x 3 pages, 1 round, scale 1k (a CI-sized check)
#   bash benchmarks/run.sh --profile  # also a py-spy profile of one tidings crawl
#
# Needs: the project's .venv (made here if missing), the `bench` extra (installed here if
# missing), nginx and wrk from Debian's packages (installed with apt-get if missing and we are
# root; without wrk the server is measured with a small asyncio client). Output: tables on
# stdout, everything else in benchmarks/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    python3 -m venv .venv
fi
if ! "$PY" -c "import scrapy, parsel, lxml, cssselect, bs4, sniffio" 2>/dev/null \
    || [ ! -x .venv/bin/tidings ] || [ ! -x .venv/bin/py-spy ]; then
    "$PY" -m pip install --quiet -e '.[bench]'
fi

apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        echo "run.sh: please install $* (Debian packages)" >&2
        return 1
    fi
}
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then apt_install nginx; fi
if ! command -v wrk >/dev/null; then apt_install wrk || true; fi
if [ ! -x /usr/bin/time ]; then apt_install time; fi

# pip byte-compiles what it installs (Scrapy and every library), but not this editable
# checkout, and PYTHONDONTWRITEBYTECODE (set on some machines) would make tidings recompile its
# own modules at every start. Compile them once, as an installed package would be.
"$PY" -m compileall -q scraper pipelines storage

exec "$PY" -m benchmarks.run "$@"
