"""In-context learning lab: zero-shot vs few-shot prompts for a tiny transformer trained on a family of tasks."""
TITLE = "Zero-shot vs few-shot: examples in the prompt identify the task"
SUMMARY = ("Train a tiny Llama on a family of lookup tasks; write the prompt builder and the Bayes-optimal "
           "in-context learner, then measure accuracy with 0, 1, 2 and 4 examples, with and without an "
           "instruction, against the Bayes-optimal curve.")
NOTES = ("zeroshot-fewshot-5f40e9",)
MODES = ("quick", "full")
