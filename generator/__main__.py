"""`python -m generator` runs the playbook CLI."""
import sys

from .cli import main

sys.exit(main())
