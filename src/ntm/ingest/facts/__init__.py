"""Readers of one kind of fact each, over a repaired and analysed report (see `context.Doc`)."""
