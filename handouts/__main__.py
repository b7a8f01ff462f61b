"""``python -m handouts ...``: the same command line as the ``handouts`` script."""

from handouts.cli.app import main

if __name__ == "__main__":
    main()
