# Remit's developer entry points. `make up` runs the whole system; `make test` runs every test.
.PHONY: up down status logs demo test test-unit lint contracts bootstrap

export PATH := $(HOME)/.local/bin:$(PATH)

BOOTSTRAP := bash deploy/local/bin/bootstrap.sh
RUN := uv run --frozen

bootstrap:
	@$(BOOTSTRAP)

## Bring up Kafka, PostgreSQL, the dev provider sinks, the four services and demo data.
up: bootstrap
	@$(RUN) remit-local up

## Play the demo: advance the clock a day at a time and print what went out (DAYS=14).
demo:
	@$(RUN) remit-local demo --days $(or $(DAYS),14)

## Stop everything `make up` started.
down:
	@$(RUN) remit-local down

status:
	@$(RUN) remit-local status

logs:
	@$(RUN) remit-local infra logs

## The whole suite (unit, integration, e2e) on real Kafka and PostgreSQL, started and stopped here.
test: bootstrap
	@$(RUN) remit-local test $(ARGS)

## Fast tests only: no Kafka, no PostgreSQL.
test-unit: bootstrap
	@$(RUN) pytest -m "not integration and not e2e" -q $(ARGS)

lint:
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .

## Regenerate docs/events/*.schema.json and docs/asyncapi.yaml from the event models.
contracts:
	@$(RUN) python -m remit_common.contracts_export
