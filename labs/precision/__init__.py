"""Precision lab: fp16 vs bf16 formats, loss scaling, and mixed- vs half-precision training."""
TITLE = "Precision: fp16, bf16 and mixed-precision training"
SUMMARY = ("Derive the bit layouts of fp16 and bf16, overflow and underflow them on purpose, rescue a tiny "
           "gradient with loss scaling, and train one model four ways to see which precisions lose updates.")
NOTES = ("bf16-fp16-cc19cd", "ed12ca")
MODES = ("quick", "full")
