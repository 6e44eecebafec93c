def total_energy(readings):
    pass
