"""Realistic wrong precision exercises, each a whole exercise file, and the check that must catch it."""

REFERENCE = ("from labs.precision.formats import layout_bits, unscale\n"
             "from labs.precision.training import amp_train_step\n")

MUTANTS = {
    # finfo.resolution is 10**-precision: right for fp16 and bf16 by coincidence, 20 instead of 23 for fp32
    "mantissa_from_resolution": ("fp32_layout_8_exponent_23_mantissa", REFERENCE + '''
import math

def layout_bits(finfo):
    mantissa = round(-math.log2(finfo.resolution))
    exponent = round(math.log2(math.floor(math.log2(finfo.max)) + 1)) + 1
    return exponent, mantissa
'''),
    # counts the implicit leading 1 as a stored mantissa bit
    "implicit_bit_counted": ("fp16_layout_5_exponent_10_mantissa", REFERENCE + '''
import math

def layout_bits(finfo):
    mantissa = round(-math.log2(finfo.eps)) + 1
    exponent = round(math.log2(math.floor(math.log2(finfo.max)) + 1)) + 1
    return exponent, mantissa
'''),
    # divides in the gradient's own dtype (fp16): 1e-8 flushes to zero again
    "unscale_in_fp16": ("loss_scaling_keeps_grad_1e-8", REFERENCE + '''
def unscale(scaled_grad, scale):
    return scaled_grad / scale
'''),
    # GradScaler left out: fine on an ordinary loss, the small loss's fp16 gradients underflow to 0
    "gradscaler_not_used": ("gradscaler_rescues_small_loss", REFERENCE + '''
import torch

def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype):
    with torch.autocast(device_type=x.device.type, dtype=dtype):
        out = model(x)
    loss = loss_fn(out.float(), y)
    loss.backward()
    optimizer.step()
    return loss
'''),
    # no autocast at all: everything runs in fp32, nothing mixed about it
    "autocast_forgotten": ("amp_step_computes_in_half_precision", REFERENCE + '''
def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype):
    loss = loss_fn(model(x), y)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss
'''),
}

# A correct solution written differently from the reference: it must pass (no false alarm on a valid style)
ALTERNATIVE = '''
import math
import torch

def layout_bits(finfo):
    mantissa = int(round(math.log2(1 / finfo.eps)))
    return finfo.bits - mantissa - 1, mantissa

def unscale(scaled_grad, scale):
    return (scaled_grad.double() / scale).float()

def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype):
    with torch.amp.autocast(x.device.type, dtype=dtype):
        loss = loss_fn(model(x), y)
    scaler.scale(loss).backward()
    scaler.unscale_(optimizer)
    scaler.step(optimizer)
    scaler.update()
    return loss.detach()
'''
