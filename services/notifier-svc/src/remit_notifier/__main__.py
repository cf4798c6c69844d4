"""``python -m remit_notifier`` starts notifier-svc."""

from remit_notifier.main import main

if __name__ == "__main__":
    main()
