"""Make an int8 dynamically quantised ONNX model batch-independent: one activation scale per row.

``onnxruntime.quantization.quantize_dynamic`` inserts ``DynamicQuantizeLinear`` before each
``MatMulInteger``; it computes ONE scale and zero point over the whole activation tensor, so
the rows of a batch change each other's scores (up to 0.30 measured on padded batches of
mixed texts). This rewrite replaces each of them with the same arithmetic done per batch
row (min/max over the row's own tokens, the ONNX spec's rounding and saturation), and
corrects ``MatMulInteger`` for per-row zero points in int32:

    sum_k (a_k - za[b]) * (w_kn - zw) = MatMulInteger(a, w, -, zw)[b, s, n] - za[b] * colsum_n(w - zw)

A sequence run alone therefore gives the same numbers as before (its row is the whole
tensor), and a batch of sequences of one token length (no padding) gives each row exactly
what it gives alone. Callers batch by exact length (``OnnxTextModel.run_bucketed``).
The model is marked with the metadata key ``empathic.rowwise_quantization``.

The copy is built once from the shipped model (needs the ``onnx`` package, extra ``batch``)
and cached in ``$EMPATHIC_CACHE`` (default ``~/.cache/empathic``); the shipped model itself
stays as it is: a single sequence runs faster through ORT's fused per-tensor kernels, and
gives bit-identical numbers (measured: ``benchmarks/batch_throughput.py --check``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from pathlib import Path

import numpy as np

from empathic.errors import require

METADATA_KEY = "empathic.rowwise_quantization"
VERSION = 2  # bump when the rewrite changes: cached copies are keyed by it


def cache_dir() -> Path:
    return Path(os.environ.get("EMPATHIC_CACHE", Path.home() / ".cache" / "empathic")) / "rowwise"


def cached_rowwise(model_path: str | Path) -> Path | None:
    """The per-row copy of ``model_path``, built on first use and keyed by the file's content;
    None when it is not cached and the ``onnx`` package (needed to build it) is missing."""
    model_path = Path(model_path)
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{model_path.parent.name}-{digest}-v{VERSION}.onnx"
    if not target.exists():
        if importlib.util.find_spec("onnx") is None:  # needed to build the copy
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        # built beside its final name and renamed: concurrent workers never read a half-written file
        fd, scratch = tempfile.mkstemp(dir=target.parent, suffix=".onnx.part")
        os.close(fd)
        try:
            make_rowwise(model_path, scratch)
            os.replace(scratch, target)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
    return target


def make_rowwise(source: str | Path, target: str | Path | None = None) -> dict:
    """Rewrite ``source`` (a ``quantize_dynamic`` output) to ``target`` (default: in place)."""
    onnx = require("onnx", "train")
    from onnx import TensorProto, helper, numpy_helper, shape_inference

    model = onnx.load(str(source))
    graph = model.graph
    ranks = _ranks(shape_inference.infer_shapes(model))
    initializers = {i.name: i for i in graph.initializer}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    new_nodes, new_inits, rewritten = [], [], 0

    def const(name: str, value) -> str:
        new_inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            new_nodes.append(node)
            continue
        x, (q_out, scale_out, zp_out) = node.input[0], node.output
        rank = ranks.get(x)
        if rank is None:
            raise ValueError(f"rank of {x} unknown: cannot make its quantisation per row")
        p = f"{x}_rowwise"
        f32 = lambda name, value: const(name, np.asarray(value, dtype=np.float32))  # noqa: E731
        broadcast = const(p + "_shape", np.asarray([-1] + [1] * (rank - 1), dtype=np.int64))
        new_nodes += [
            # DynamicQuantizeLinear's arithmetic (ONNX spec) over each row's own values
            helper.make_node("Flatten", [x], [p + "_rows"], axis=1),
            helper.make_node("ReduceMin", [p + "_rows"], [p + "_min"], axes=[1], keepdims=0),
            helper.make_node("ReduceMax", [p + "_rows"], [p + "_max"], axes=[1], keepdims=0),
            helper.make_node("Min", [p + "_min", f32(p + "_zero", 0.0)], [p + "_lo"]),
            helper.make_node("Max", [p + "_max", p + "_zero"], [p + "_hi"]),
            helper.make_node("Sub", [p + "_hi", p + "_lo"], [p + "_range"]),
            helper.make_node("Div", [p + "_range", f32(p + "_255", 255.0)], [p + "_scale"]),
            # zero point = round(saturate(0 - lo / scale))
            helper.make_node("Div", [p + "_lo", p + "_scale"], [p + "_lo_scaled"]),
            helper.make_node("Neg", [p + "_lo_scaled"], [p + "_zp_raw"]),
            helper.make_node("Clip", [p + "_zp_raw", p + "_zero", p + "_255"], [p + "_zp_clipped"]),
            helper.make_node("Round", [p + "_zp_clipped"], [p + "_zp_float"]),
            helper.make_node("Cast", [p + "_zp_float"], [p + "_zp"], to=TensorProto.UINT8),
            # q = saturate(round(x / scale) + zero point), one scale per row (axis 0): one fused pass
            helper.make_node("QuantizeLinear", [x, p + "_scale", p + "_zp"], [q_out], axis=0),
            helper.make_node("Reshape", [p + "_scale", broadcast], [scale_out]),
            helper.make_node("Cast", [p + "_zp"], [p + "_zp_int"], to=TensorProto.INT32),
            helper.make_node("Reshape", [p + "_zp_int", broadcast], [zp_out]),
        ]
        rewritten += 1
        for user in consumers.get(zp_out, []):
            if user.op_type != "MatMulInteger" or user.input[2] != zp_out or user.input[1] not in initializers:
                raise ValueError(f"unexpected consumer of {zp_out}: {user.op_type}")
            user.input[2] = ""  # the zero point is subtracted below, per row
    # second pass: the zero-point correction after each MatMulInteger that lost its zero point
    final_nodes = []
    for node in new_nodes:
        if node.op_type != "MatMulInteger" or node.input[2] != "":
            final_nodes.append(node)
            continue
        weight = numpy_helper.to_array(initializers[node.input[1]]).astype(np.int32)
        weight_zp = numpy_helper.to_array(initializers[node.input[3]]).astype(np.int32) if len(node.input) > 3 and node.input[3] else 0
        colsum = (weight - weight_zp).sum(axis=0).astype(np.int32)
        zp_name = _zero_point_of(node.input[0])
        out = node.output[0]
        raw = out + "_before_zp"
        node.output[0] = raw
        final_nodes += [
            node,
            helper.make_node("Mul", [zp_name, const(out + "_colsum", colsum)], [out + "_zp_term"]),
            helper.make_node("Sub", [raw, out + "_zp_term"], [out]),
        ]
    del graph.node[:]
    graph.node.extend(final_nodes)
    graph.initializer.extend(new_inits)
    entry = model.metadata_props.add()
    entry.key, entry.value = METADATA_KEY, "1"
    onnx.checker.check_model(model)
    onnx.save(model, str(target or source))
    return {"rewritten": rewritten}


def _zero_point_of(quantized_name: str) -> str:
    # DynamicQuantizeLinear outputs are named <x>_quantized, <x>_scale, <x>_zero_point
    if not quantized_name.endswith("_quantized"):
        raise ValueError(f"unexpected quantised input name {quantized_name}")
    return quantized_name[: -len("_quantized")] + "_zero_point"


def _ranks(model) -> dict[str, int]:
    ranks = {}
    for info in list(model.graph.value_info) + list(model.graph.input) + list(model.graph.output):
        if info.type.tensor_type.HasField("shape"):
            ranks[info.name] = len(info.type.tensor_type.shape.dim)
    return ranks
