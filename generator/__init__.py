"""SRE Org Playbook generator: YAML content → Markdown → MkDocs-Material site."""
