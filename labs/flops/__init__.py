"""FLOPs lab: count a Llama's floating-point operations by formula and with torch's counter, then time them."""
TITLE = "FLOPs and FLOPS: counting a Llama's work, measuring its speed"
SUMMARY = ("Write the FLOP formulas of a matmul, attention, a Llama forward pass and a training step; "
           "check them against torch's FlopCounterMode and 6·N·D, then time matmuls to see FLOPS "
           "(per second) and the tiny Llama's model FLOPs utilisation.")
NOTES = ("flops-flops-a34b59",)
MODES = ("quick", "full")
