"""Reading the agreement files of a workspace: discovery, parsing with positions, validation,
and the frozen model built from them."""
