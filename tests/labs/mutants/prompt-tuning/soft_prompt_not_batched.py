"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def soft_prompt_logits(model, prompt, input_ids):  # the prompt is not repeated for every sequence
    embedded = model.get_input_embeddings()(input_ids)
    logits = model(inputs_embeds=torch.cat((prompt.unsqueeze(0), embedded), dim=1)).logits
    return logits[:, prompt.shape[0]:]
