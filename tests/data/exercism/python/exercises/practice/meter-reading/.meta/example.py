from decimal import ROUND_HALF_UP, Decimal

from units import factor


def total_energy(readings):
    """The total of ``readings`` ("12.5 kWh") in watt-hours, rounded half up."""
    total = Decimal(0)
    for reading in readings:
        amount, unit = reading.split()
        try:
            total += Decimal(amount) * factor(unit)
        except KeyError:
            raise ValueError(f"unknown unit: {unit}") from None
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
