"""Who may do what: the roles, the capabilities each app declares, and the one permission check."""
