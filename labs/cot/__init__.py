"""Chain-of-thought lab: a scratchpad vs direct answers on parity, and self-consistency's majority vote."""
TITLE = "Chain of thought: scratchpads and self-consistency"
SUMMARY = ("Write the scratchpad, the majority vote and the binomial formula of voting accuracy; train two tiny "
           "Llamas on parity, one answering directly and one thinking step by step, and check that voting over "
           "sampled chains gains what the binomial formula predicts.")
NOTES = ("cot-chain-of-thought-288001",)
MODES = ("quick", "full")
