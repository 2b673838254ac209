"""A character-level chat tokenizer as a transformers PreTrainedTokenizerFast, with a Jinja chat template.

transformers renders the template (`apply_chat_template`) and pads batches
(`DataCollatorForSeq2Seq`): the independent references for the learner's template and collator.
"""
from __future__ import annotations

from tokenizers import Regex, Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from labs import runtime  # noqa: F401  (offline settings before transformers is used)

SYSTEM, USER, ASSISTANT, END, PAD, UNK = "<|system|>", "<|user|>", "<|assistant|>", "<|end|>", "<pad>", "[UNK]"
TEMPLATE = (
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}<|system|>{{ m['content'] }}\n"
    "{% elif m['role'] == 'user' %}<|user|>{{ m['content'] }}\n"
    "{% else %}<|assistant|>{{ m['content'] }}<|end|>\n{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def tokenizer(alphabet: str) -> PreTrainedTokenizerFast:
    chars = sorted(set(alphabet) | {"\n"})
    vocab = {c: i for i, c in enumerate(chars)}
    vocab[UNK] = len(vocab)
    tok = Tokenizer(models.WordLevel(vocab, unk_token=UNK))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex("(?m)."), "isolated")  # one token per character
    tok.add_special_tokens([SYSTEM, USER, ASSISTANT, END, PAD])
    hf = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token=PAD, eos_token=END, unk_token=UNK)
    hf.chat_template = TEMPLATE
    return hf
