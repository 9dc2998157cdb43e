#!/usr/bin/env python3
"""Export a SpikeCam model's spiking front end as a NIR graph (Neuromorphic Intermediate
Representation, read by Lava, Norse, snnTorch, Rockpool, SpikingJelly).

  python3 tools/export_nir.py --model MODEL.safetensors --out FRONT_END.nir

The graph (docs/NIR.md gives the mapping and what NIR cannot express):
  input (the layer's spike planes, flat) -> synapses (Linear: the receptive fields' weights)
  -> columns (CubaLIF) -> output (each neuron's spikes); columns -> inhibition (Linear: the
  lateral inhibition inside each column) -> columns.
Times are in encoder steps (dt = 1); weights, currents and voltages in the integer model's
units. Both float and int8 models export (their front ends hold integer-unit values).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spikecam_model as files  # noqa: E402

DECAY_ONE = 4096  # decays are 12-bit fractions


def receptive_field_mask(pipeline, channels):
    """[inputs, neurons] booleans: which synapses exist (the receptive fields of
    docs/ARCHITECTURE.md, "Kernels": column c covers a patch x patch square of pixels, all
    channels, moved by stride; input index (y * width + x) * channels + channel; neuron index
    c * perColumn + n)."""
    w, h = pipeline["width"], pipeline["height"]
    patch, stride, per = pipeline["patch"], pipeline["stride"], pipeline["perColumn"]
    across = (w - patch) // stride + 1
    down = (h - patch) // stride + 1
    mask = np.zeros((w * h * channels, across * down * per), dtype=bool)
    for c in range(across * down):
        x0, y0 = (c % across) * stride, (c // across) * stride
        for y in range(y0, y0 + patch):
            start = (y * w + x0) * channels
            mask[start:start + patch * channels, c * per:(c + 1) * per] = True
    return mask


def front_end_graph(path):
    import nir
    tensors, metadata = files.read(path)
    if metadata.get("format") != files.CLASSIFIER:
        raise files.ModelFileError(f"{path}: is not a SpikeCam classifier model")
    pipeline = files.json_value(metadata, "pipeline", path)
    network = files.json_value(metadata, "network", path)
    layer, projection = network["layers"][0], network["projections"][0]
    channels = network["encoder"]["channels_per_pixel"]
    neurons, per = layer["neurons"], pipeline["perColumn"]
    mask = receptive_field_mask(pipeline, channels)
    stored = tensors["snn.weight"].astype(np.float32)
    if mask.sum() != stored.size or mask.shape[1] != neurons:
        raise files.ModelFileError(f"{path}: snn.weight has {stored.size} values; the receptive "
                                   f"fields of the pipeline connect {int(mask.sum())}")
    dense = np.zeros(mask.shape, dtype=np.float32)
    dense[mask] = stored  # row-major over [input, neuron]: the file's pre-major order
    weight = dense.T * float(2 ** projection["weight_exponent"])

    d_i = layer["current_decay"] / DECAY_ONE
    d_v = layer["voltage_decay"] / DECAY_ONE
    if d_i == 0 or d_v == 0:
        raise files.ModelFileError("a decay of 0 (no leak) has no finite NIR time constant")
    tau_syn, tau_mem = 1.0 / d_i, 1.0 / d_v
    theta = tensors["snn.theta"].astype(np.float32)
    ones = np.ones(neurons, dtype=np.float32)
    columns = nir.CubaLIF(
        tau_syn=tau_syn * ones, tau_mem=tau_mem * ones,
        # Forward Euler with dt = 1 gives i <- i(1 - 1/tau_syn) + (w_in/tau_syn)·S and
        # v <- v(1 - 1/tau_mem) + (r/tau_mem)·i: SpikeCam's decays with unit input gains.
        r=tau_mem * ones, v_leak=0 * ones, w_in=tau_syn * ones,
        v_threshold=(layer["threshold"] + theta).astype(np.float32),
        v_reset=0 * ones,
        metadata={"k_wta_winners_per_column": layer["winners"], "columns": layer["columns"],
                  "neurons_per_column": per, "refractory_steps": layer["refractory_steps"],
                  "threshold": layer["threshold"], "theta": theta})
    same_column = np.kron(np.eye(layer["columns"], dtype=np.float32),
                          np.ones((per, per), dtype=np.float32)) - np.eye(neurons, dtype=np.float32)
    inhibition = nir.Linear(weight=-float(layer["lateral_inhibition"]) * same_column)
    nodes = {
        "input": nir.Input(input_type={"input": np.array([mask.shape[0]])}),
        "synapses": nir.Linear(weight=weight),
        "columns": columns,
        "inhibition": inhibition,
        "output": nir.Output(output_type={"output": np.array([neurons])}),
    }
    edges = [("input", "synapses"), ("synapses", "columns"), ("columns", "inhibition"),
             ("inhibition", "columns"), ("columns", "output")]
    notes = {
        "source": f"SpikeCam {metadata.get('kind')} model {os.path.basename(path)}",
        "dt": "1 = one encoder step; a frame is timesteps_per_frame steps",
        "timesteps_per_frame": pipeline["timesteps"],
        "input_layout": f"index (y*{pipeline['width']} + x)*{channels} + channel; channels per "
                        f"pixel: {channels} (encoder '{network['encoder']['kind']}'"
                        + (", this frame's then the previous frame's" if pipeline["delayLine"]
                           else "") + ")",
        "not_expressed": "k-WTA (at most k_wta_winners_per_column spikes per column per step, "
                         "highest v first, ties to the lower index; losing candidates reset), "
                         "the refractory period, the one-step delay of every synapse, 24-bit "
                         "saturation and trunc-toward-zero decays; see docs/NIR.md",
    }
    return nir.NIRGraph(nodes=nodes, edges=edges, metadata=notes)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="SpikeCam classifier model (float or int8)")
    p.add_argument("--out", required=True, help="NIR file to write (HDF5)")
    a = p.parse_args(argv)
    import nir
    try:
        graph = front_end_graph(a.model)
    except files.ModelFileError as e:
        sys.exit(f"Error: {e}")
    nir.write(a.out, graph)
    n = graph.nodes["columns"].v_threshold.shape[0]
    print(f"wrote {a.out}: {n} CubaLIF neurons, {graph.nodes['input'].input_type['input'][0]} "
          f"inputs, {int(np.count_nonzero(graph.nodes['synapses'].weight))} non-zero synapses")


if __name__ == "__main__":
    main()
