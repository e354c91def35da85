"""`python -m compiler` behaves exactly like the `authmap` console script."""

from compiler.cli import main

if __name__ == "__main__":
    main()
