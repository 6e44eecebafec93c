"""Conversion factors to watt-hours (given: do not change)."""

WATT_HOURS = {"Wh": 1, "kWh": 1000, "MWh": 1_000_000}


def factor(unit):
    """Watt-hours per ``unit``; KeyError for a unit there is none for."""
    return WATT_HOURS[unit]
