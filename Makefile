# customer_dev_maint workbench. Everything lives in .state/ (git-ignored).
.PHONY: run test bench load browser screenshots wheel lint setup stop clean help

help:
	@echo "make run    serve the module with demo data on http://127.0.0.1:8069"
	@echo "make test   throwaway database, pytest over tests/, uninstall cycle, browser suite, lint"
	@echo "make bench  the module against stock Odoo and SQL on generated data (docs/benchmarks.md)"
	@echo "make load   two Odoo nodes over one database under simulated staff, one node killed (docs/load.md)"
	@echo "make browser      the browser suite alone (Chromium walks each role's day, en + zh)"
	@echo "make screenshots  the browser suite, writing the guides' screenshots to docs/img/"
	@echo "make wheel  build the addon's wheel, install it in a new virtualenv and database"
	@echo "make lint   ruff, pylint-odoo, XML/CSV checks"
	@echo "make setup  install what is missing (Debian packages, venv, PostgreSQL)"
	@echo "make stop   stop the private PostgreSQL"
	@echo "make clean  stop and remove all local state (.state/)"

run:
	@tools/run.sh

test:
	@tools/test.sh

bench:
	@tools/bench.sh

load:
	@tools/load.sh

browser:
	@tools/browser.sh

screenshots:
	@tools/browser.sh --screenshots

wheel:
	@tools/wheel-check.sh

lint:
	@tools/lint.sh

setup:
	@tools/setup.sh

stop:
	@tools/pg.sh stop

clean: stop
	rm -rf .state
