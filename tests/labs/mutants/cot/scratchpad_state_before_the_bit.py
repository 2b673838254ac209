"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def scratchpad(bits):  # writes the parity before each bit: off by one step
    steps, state = [], 0
    for bit in bits:
        steps.append(state)
        state ^= bit
    return steps
