"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def scratchpad(bits):  # running count of ones, never reduced mod 2
    steps, total = [], 0
    for bit in bits:
        total += bit
        steps.append(total)
    return steps
