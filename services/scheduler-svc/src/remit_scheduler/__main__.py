"""``python -m remit_scheduler`` starts scheduler-svc."""

from remit_scheduler.main import main

if __name__ == "__main__":
    main()
