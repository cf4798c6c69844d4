"""``python -m remit_statement`` starts statement-svc."""

from remit_statement.main import main

if __name__ == "__main__":
    main()
