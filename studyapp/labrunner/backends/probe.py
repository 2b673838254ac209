"""What `studyapp backend test` runs with the remote Python: its version, torch and the devices torch sees."""

PROBE = r"""
import json, platform, sys
info = {"python": sys.executable, "python_version": platform.python_version(), "host": platform.node()}
try:
    import torch
except Exception as exc:
    info.update(torch=None, torch_error=f"{type(exc).__name__}: {exc}")
else:
    cuda = torch.cuda.is_available()
    info.update(torch=torch.__version__, cuda=cuda, devices=["cpu"] + [
        f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())] if cuda else ["cpu"])
print(json.dumps(info))
"""
