"""Realistic wrong memory exercises, each a whole exercise file, and the check that must catch it."""

REFERENCE = ("from labs.memory.formulas import inference_bytes, training_bytes, int8_state_bytes, activation_bytes, "
             "step_peak_bytes\nfrom labs.memory.activations import accumulate_gradients\n")

MUTANTS = {
    # the peak is taken to be the activations alone: cross-entropy's two fp32 tokens x vocab buffers are missing
    "peak_without_loss_term": ("predicted_peak_matches_measured", REFERENCE + '''
def step_peak_bytes(activation_bytes, batch, seq, vocab):
    return activation_bytes
'''),
    # the shifted labels suggest seq - 1 positions: right within 1 % at 128 tokens, 12 % off at 8
    "sequence_off_by_one": ("activation_formula_matches_saved_tensors", REFERENCE + '''
from labs.memory import formulas

def activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, checkpointed=False):
    return formulas.activation_bytes(batch, seq - 1, hidden, intermediate, heads, kv_heads, vocab, layers,
                                     checkpointed)
'''),
    # the log-softmax the loss keeps is left out of the activations
    "activations_without_loss_term": ("activation_formula_matches_saved_tensors", REFERENCE + '''
from labs.memory import formulas

def activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, checkpointed=False):
    full = formulas.activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, checkpointed)
    return full - 4 * batch * seq * vocab
'''),
    # each micro-batch's loss is not divided by k: the gradient comes out k times too large
    "accumulation_without_dividing": ("accumulation_matches_big_batch_gradient", REFERENCE + '''
def accumulate_gradients(model, ids, micro_batches):
    for chunk in ids.chunk(micro_batches):
        model(input_ids=chunk, labels=chunk).loss.backward()
'''),
    # sums the micro-batch losses and calls backward once: every micro-batch's activations are held together
    "accumulation_backward_once": ("accumulation_lowers_peak_activations", REFERENCE + '''
def accumulate_gradients(model, ids, micro_batches):
    total = 0
    for chunk in ids.chunk(micro_batches):
        total = total + model(input_ids=chunk, labels=chunk).loss / micro_batches
    total.backward()
'''),
    # mixed precision counted without the fp32 master copy: 12 B/param instead of 16
    "adamw_without_master_copy": ("adamw_mixed_precision_16_bytes_per_param", REFERENCE + '''
def training_bytes(n_params, optimizer, mixed_precision):
    weights_and_grads = (2 + 2) if mixed_precision else (4 + 4)
    state = {"adamw": 8, "sgd_momentum": 4, "sgd": 0}[optimizer]
    return n_params * (weights_and_grads + state)
'''),
    # checkpointing taken for a free lunch: the same activations predicted with and without it
    "checkpointing_ignored": ("checkpointed_peak_matches_prediction", REFERENCE + '''
from labs.memory import formulas

def activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, checkpointed=False):
    return formulas.activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, False)
'''),
}

# A correct solution written differently from the reference: it must pass (no false alarm on a valid style)
ALTERNATIVE = '''
import math

BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}

def inference_bytes(n_params, dtype="fp16"):
    return BYTES[dtype] * n_params

def training_bytes(n_params, optimizer, mixed_precision):
    per_param = {"weights": 2 if mixed_precision else 4, "grads": 2 if mixed_precision else 4,
                 "master": 4 if mixed_precision else 0,
                 "state": {"adamw": 8, "sgd_momentum": 4, "sgd": 0}[optimizer]}
    return n_params * sum(per_param.values())

def int8_state_bytes(numels, block):
    return sum(2 * (n + 4 * math.ceil(n / block)) for n in numels)

def activation_bytes(batch, seq, hidden, intermediate, heads, kv_heads, vocab, layers, checkpointed=False):
    f32, tokens, head_dim = 4, batch * seq, hidden // heads
    norm = 3 * hidden + 1
    if checkpointed:
        per_layer = hidden
        rope = 0
    else:
        attention = hidden + 2 * kv_heads * head_dim + hidden + heads
        mlp = 4 * intermediate
        per_layer = 2 * norm + attention + mlp
        rope = 2 * seq * head_dim if layers > 0 else 0
    floats = tokens * (layers * per_layer + norm + vocab) + rope + 1
    return f32 * floats + 8 * 2 * tokens

def step_peak_bytes(activation_bytes, batch, seq, vocab):
    logits_grad = log_softmax_grad = 4 * batch * seq * vocab
    return activation_bytes + logits_grad + log_softmax_grad

def accumulate_gradients(model, ids, micro_batches):
    for chunk in ids.split(ids.shape[0] // micro_batches):
        (model(input_ids=chunk, labels=chunk).loss * (chunk.shape[0] / ids.shape[0])).backward()
'''
