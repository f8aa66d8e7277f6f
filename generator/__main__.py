"""`python -m sre_org_playbook` runs the playbook CLI."""
import sys

from .cli import main

sys.exit(main())
