"""Constants shared by the health-check tests (fixtures are in ``conftest.py``)."""

#: The evaluation instant of the report tests.
AS_OF = "2026-11-20T10:00:00Z"

#: The eleven cards of the example squad health check, in the template's order.
SQUAD_CARDS = ("delivering-value", "easy-to-release", "fun", "health-of-codebase", "learning",
               "mission", "pawns-or-players", "speed", "suitable-process", "support", "teamwork")

#: The five cards of the example relationship check.
RELATIONSHIP_CARDS = ("responsiveness", "clarity", "communication", "reliability", "escalations")
