"""``python -m remit_invoice`` starts invoice-svc."""

from remit_invoice.main import main

if __name__ == "__main__":
    main()
