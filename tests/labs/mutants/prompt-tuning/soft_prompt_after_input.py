"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import torch


def soft_prompt_logits(model, prompt, input_ids):  # the prompt appended as a suffix
    embedded = model.get_input_embeddings()(input_ids)
    batch_prompt = prompt.unsqueeze(0).expand(input_ids.shape[0], -1, -1)
    logits = model(inputs_embeds=torch.cat((embedded, batch_prompt), dim=1)).logits
    return logits[:, : input_ids.shape[1]]
