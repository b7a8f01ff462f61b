"""``python -m handouts ...``: the same command line as the ``handouts`` script."""

from handouts.cli import main

if __name__ == "__main__":
    main()
