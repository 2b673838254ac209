

def scratchpad(bits):  # writes the parity before each bit: off by one step
    steps, state = [], 0
    for bit in bits:
        steps.append(state)
        state ^= bit
    return steps
