"""API: reporting; scope is checked again in the services."""

from ninja import Router

router = Router(tags=["reporting"])
