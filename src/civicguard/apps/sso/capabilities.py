"""What roles may do with other people's sign-in (collected by civicguard.apps.access)."""

CAPABILITIES = {
    "sso.two_factor.reset": ("Reset another person's two-factor sign-in, so they set it up again", {"admin"}),
}
