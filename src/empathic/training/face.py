"""Train the face expression model on FER2013: fit on train, select on public_test.

``empathic train face`` (needs the ``train`` extra). A small residual network over
48x48 grey crops; augmentation (flip, rotation, scale, shift, contrast, erasing) runs
on the same device as the model, so a CPU run is not starved by image decoding. A
checkpoint is written every epoch and a run resumes from it: on this project's
2-core machine an epoch of the default network takes about 5 minutes, on a GPU about 3 seconds.
The private test split is never read here (``empathic eval face`` reports it).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

log = logging.getLogger(__name__)

# widths of the stem and the three stride-2 stages; residual blocks per stage
ARCHITECTURES = {
    "resnet-s": ((32, 64, 128, 256), (1, 1, 1)),
    "resnet-m": ((32, 64, 128, 256), (2, 2, 2)),
    "resnet-w": ((48, 96, 192, 384), (1, 1, 1)),
}


@dataclass
class FaceTrainingConfig:
    output_dir: str = "src/empathic/models/face"
    architecture: str = "resnet-m"
    epochs: int = 80
    batch_size: int = 128
    learning_rate: float = 0.05
    weight_decay: float = 5e-4
    label_smoothing: float = 0.1
    seed: int = 13
    device: str = "auto"
    packed: str | None = None  # an .npz from empathic.datasets.fer.pack instead of the JPEG folders
    limit: int | None = None  # train on the first N images (smoke test)


def _conv_bn(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class _Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(_conv_bn(cin, cout, stride), nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
                                  nn.BatchNorm2d(cout))
        self.skip = (nn.Identity() if stride == 1 and cin == cout else
                     nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return F.relu(self.body(x) + self.skip(x))


class FaceNet(nn.Module):
    """Raw 0-255 grey pixels (N, 1, 48, 48) in, 7 logits out."""

    def __init__(self, widths=(32, 64, 128, 256), blocks=(1, 1, 1), classes=7, dropout=0.3):
        super().__init__()
        layers = [_conv_bn(1, widths[0]), _conv_bn(widths[0], widths[0])]
        for cin, cout, n in zip(widths[:-1], widths[1:], blocks):
            layers += [_Block(cin, cout, 2)] + [_Block(cout, cout, 1) for _ in range(n - 1)]
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(widths[-1], classes))

    def forward(self, x):
        x = self.features((x - 128.0) / 64.0)
        return self.head(x.mean(dim=(2, 3)))


def build_model(architecture: str) -> FaceNet:
    widths, blocks = ARCHITECTURES[architecture]
    return FaceNet(widths, blocks)


def augment(x: torch.Tensor) -> torch.Tensor:
    """Random flip, rotation (+-15 deg), scale (+-15%), shift (+-12%), contrast/brightness, erasing."""
    n, device = x.shape[0], x.device
    u = lambda: torch.rand(n, device=device) * 2 - 1  # noqa: E731
    angle, scale = u() * math.radians(15), 1 + u() * 0.15
    flip = torch.where(torch.rand(n, device=device) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, u() * 0.12], 1),
                         torch.stack([sin * flip, cos, u() * 0.12], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, padding_mode="border", align_corners=False)
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - mean) * (1 + u().view(n, 1, 1, 1) * 0.3) + mean + u().view(n, 1, 1, 1) * 25
    # erase one rectangle (up to a quarter of the image) in half the images
    size = (torch.rand(n, 2, device=device) * 24).long()
    corner = (torch.rand(n, 2, device=device) * 48).long()
    rows = torch.arange(48, device=device).view(1, 48, 1)
    cols = torch.arange(48, device=device).view(1, 1, 48)
    inside = ((rows >= corner[:, 0, None, None]) & (rows < (corner[:, 0] + size[:, 0])[:, None, None])
              & (cols >= corner[:, 1, None, None]) & (cols < (corner[:, 1] + size[:, 1])[:, None, None]))
    inside &= (torch.rand(n, device=device) < 0.5).view(n, 1, 1)
    x = torch.where(inside.unsqueeze(1), torch.full_like(x, 128.0), x)
    return x.clamp(0, 255)


@torch.no_grad()
def predict_logits(model: nn.Module, images: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Mean logits over the image and its mirror (the same averaging the exported model does)."""
    model.eval()
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size]
        outputs.append((model(batch) + model(batch.flip(-1))).float() / 2)
    return torch.cat(outputs)


def _device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def _load(config: FaceTrainingConfig, split: str):
    from empathic.datasets import fer

    images, labels = fer.unpack(config.packed, split) if config.packed else fer.load_fer(split)
    return torch.from_numpy(images).float().unsqueeze(1), torch.from_numpy(labels)


def train_face_model(config: FaceTrainingConfig) -> dict:
    out = Path(config.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(config.seed)
    device = _device(config.device)
    train_x, train_y = _load(config, "train")
    if config.limit:
        train_x, train_y = train_x[:config.limit], train_y[:config.limit]
    dev_x, dev_y = _load(config, "public_test")
    train_x, train_y, dev_x, dev_y = (t.to(device) for t in (train_x, train_y, dev_x, dev_y))

    model = build_model(config.architecture).to(device).to(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.learning_rate, momentum=0.9, nesterov=True,
                                weight_decay=config.weight_decay)
    steps_per_epoch = math.ceil(len(train_x) / config.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.learning_rate, epochs=config.epochs,
                                                   steps_per_epoch=steps_per_epoch, pct_start=0.1)
    start_epoch, best = 0, {"public_test_accuracy": -1.0}
    checkpoint = out / "checkpoint.pt"
    if checkpoint.exists():
        state = torch.load(checkpoint, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        start_epoch, best = state["epoch"], state["best"]
        log.info("resuming after epoch %d (best public_test %.4f)", start_epoch, best["public_test_accuracy"])
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
    generator = torch.Generator(device=device).manual_seed(config.seed)
    for epoch in range(start_epoch, config.epochs):
        model.train()
        started, total_loss = time.time(), 0.0
        order = torch.randperm(len(train_x), device=device, generator=generator)
        for step in range(steps_per_epoch):
            index = order[step * config.batch_size:(step + 1) * config.batch_size]
            batch = augment(train_x[index]).contiguous(memory_format=torch.channels_last)
            with autocast:
                loss = F.cross_entropy(model(batch), train_y[index], label_smoothing=config.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.item() if step % 50 == 0 else 0.0
        with autocast:
            accuracy = float((predict_logits(model, dev_x).argmax(1) == dev_y).float().mean())
        if accuracy > best["public_test_accuracy"]:
            best = {"public_test_accuracy": accuracy, "epoch": epoch + 1}
            torch.save(model.state_dict(), out / "face.pt")
        log.info("epoch %d/%d loss %.3f public_test %.4f (best %.4f) %.1fs", epoch + 1, config.epochs,
                 total_loss / math.ceil(steps_per_epoch / 50), accuracy, best["public_test_accuracy"],
                 time.time() - started)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "schedule": schedule.state_dict(), "epoch": epoch + 1, "best": best}, checkpoint)
    summary = {"config": asdict(config), **best}
    (out / "training.json").write_text(json.dumps(summary, indent=2))
    return summary


class _Exported(nn.Module):
    """What ships: mirror averaging and softmax inside the graph."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        # one pass over the batch and its mirror (cheaper than two passes)
        logits = self.model(torch.cat([x, x.flip(-1)])).view(2, -1, 7)
        return F.softmax(logits.mean(0), dim=1)


def export_model(weights: str | Path, output_dir: str | Path, architecture: str = "resnet-m",
                 packed: str | None = None) -> dict:
    """int8 ONNX (static quantisation calibrated on every 50th training image) plus config.json
    with the temperature fitted on public_test."""
    import onnxruntime as ort
    from onnxruntime import quantization as q

    from empathic.datasets import fer
    from empathic.evaluation.metrics import fit_softmax_temperature
    from empathic.labels import FER_LABELS

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = build_model(architecture)
    model.load_state_dict(torch.load(weights, map_location="cpu"))
    model.eval()
    fp32 = out / "model-fp32.onnx"
    torch.onnx.export(_Exported(model), torch.zeros(1, 1, 48, 48), str(fp32), input_names=["pixels"],
                      output_names=["probabilities"], dynamic_axes={"pixels": {0: "n"}, "probabilities": {0: "n"}},
                      opset_version=17, dynamo=False)
    load = (lambda split: fer.unpack(packed, split)) if packed else fer.load_fer
    calibration = load("train")[0][::50, None].astype(np.float32)

    class Reader(q.CalibrationDataReader):
        def __init__(self):
            self.batches = iter(np.array_split(calibration, len(calibration) // 16))

        def get_next(self):
            batch = next(self.batches, None)
            return None if batch is None else {"pixels": batch}

    q.shape_inference.quant_pre_process(str(fp32), str(fp32))
    q.quantize_static(str(fp32), str(out / "model.onnx"), Reader(), quant_format=q.QuantFormat.QOperator,
                      per_channel=True, activation_type=q.QuantType.QUInt8, weight_type=q.QuantType.QInt8)
    fp32.unlink()
    images, labels = load("public_test")
    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    probabilities = np.concatenate([session.run(None, {"pixels": images[i:i + 256, None].astype(np.float32)})[0]
                                    for i in range(0, len(images), 256)])
    config = {"labels": list(FER_LABELS), "input_size": 48, "architecture": architecture,
              "temperature": fit_softmax_temperature(probabilities, labels),
              "public_test_accuracy": round(float((probabilities.argmax(1) == labels).mean()), 4)}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return config


def train_and_export(config: FaceTrainingConfig) -> dict:
    summary = train_face_model(config)
    summary["export"] = export_model(Path(config.output_dir) / "face.pt", config.output_dir, config.architecture,
                                     config.packed)
    return summary


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name, value in asdict(FaceTrainingConfig()).items():
        kind = int if name == "limit" or isinstance(value, int) else float if isinstance(value, float) else str
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=value)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(json.dumps(train_and_export(FaceTrainingConfig(**vars(args))), indent=2))


if __name__ == "__main__":
    main()
