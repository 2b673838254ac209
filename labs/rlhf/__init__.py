"""RLHF lab: the four models' memory, DPO and the PPO KL penalty, and reward over-optimisation."""
TITLE = "RLHF: four models, DPO, the KL penalty and reward over-optimisation"
SUMMARY = ("Count the memory of PPO's actor, critic, reference and reward models by formula and by their tensors, "
           "write the DPO loss and PPO's KL-penalised reward, and watch best-of-n against a proxy reward model: "
           "the proxy score keeps rising while the gold score rises, then falls.")
NOTES = ("rlhf-rl-sft-e2b92c", "rlhf-rm-339b6a")
MODES = ("quick", "full")
