"""Chain-of-thought lab: a scratchpad vs direct answers on parity, self-consistency's majority vote, least-to-most."""
TITLE = "Chain of thought: scratchpads, self-consistency and least-to-most"
SUMMARY = ("Write the scratchpad, the majority vote, the binomial formula of voting accuracy and a least-to-most "
           "decomposition; train two tiny "
           "Llamas on parity, one answering directly and one thinking step by step, and check that voting over "
           "sampled chains gains what the binomial formula predicts; then chain short sub-problems least-to-most "
           "so that the model trained on 8 bits solves 22.")
NOTES = ("cot-chain-of-thought-288001",)
MODES = ("quick", "full")
