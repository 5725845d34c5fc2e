"""Social-login providers that allauth does not ship, each an allauth provider package."""
