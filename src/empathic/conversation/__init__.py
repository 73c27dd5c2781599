"""The conversation engine: fusion, state, memory, profile, planning, realization, guard."""
