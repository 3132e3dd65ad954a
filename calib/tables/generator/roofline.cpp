// SPDX-License-Identifier: Apache-2.0
#include "calib/tables/generator/roofline.hpp"

#include "kernels/zoo/layer_cost.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace servesim::calib::defaults {
namespace {

namespace zoo = servesim::kernels::zoo;

/// Layers a TensorRT-style engine folds into the producing kernel's epilogue.
bool fused_into_producer(zoo::LayerKind kind) {
  switch (kind) {
    case zoo::LayerKind::kBatchNorm:
    case zoo::LayerKind::kRelu:
    case zoo::LayerKind::kRelu6:
    case zoo::LayerKind::kLeakyRelu:
    case zoo::LayerKind::kPrelu:
    case zoo::LayerKind::kSilu:
    case zoo::LayerKind::kGelu:
    case zoo::LayerKind::kAdd:
    case zoo::LayerKind::kConcat:     // written in place by its producers
    case zoo::LayerKind::kTakeToken:  // a view of the class token
      return true;
    default:
      return false;
  }
}

}  // namespace

ModelProfile profile_model(const std::string& zoo_name) {
  const zoo::ModelSpec model = zoo::build_model(zoo_name);
  const zoo::ModelCost cost = zoo::model_cost(model, 1);
  ModelProfile profile;
  profile.name = zoo_name;
  profile.input_pixels = model.input.h * model.input.w;
  profile.input_bytes = model.input.elements() * zoo::kBytesPerElement;
  for (int out : model.outputs) {
    profile.output_bytes +=
        model.layers[static_cast<std::size_t>(out)].out.elements() * zoo::kBytesPerElement;
  }
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    const zoo::LayerSpec& layer = model.layers[i];
    const zoo::LayerCost& c = cost.layers[i];
    if (!fused_into_producer(layer.kind) || profile.kernels.empty()) {
      KernelCost k;
      k.flops_per_item = 2.0 * static_cast<double>(c.macs);
      k.weight_bytes = static_cast<double>(c.weight_bytes);
      k.activation_bytes_per_item = static_cast<double>(c.activation_bytes() + c.workspace_bytes);
      if (c.macs > 0) {
        // Output positions x output channels (conv) or token rows x features (linear, attention).
        const bool image = layer.kind == zoo::LayerKind::kConv2d;
        k.gemm_rows_per_item =
            static_cast<double>(image ? layer.out.h * layer.out.w : zoo::feature_rows(layer.out));
        k.gemm_cols = static_cast<double>(image ? layer.out.c : zoo::feature_dim(layer.out));
      }
      profile.kernels.push_back(k);
      continue;
    }
    // Fused: its parameters join the producer's weights; a residual add reads one more tensor.
    KernelCost& producer = profile.kernels.back();
    producer.weight_bytes += static_cast<double>(c.weight_bytes);
    if (layer.kind == zoo::LayerKind::kAdd && layer.in.size() > 1) {
      producer.activation_bytes_per_item +=
          static_cast<double>(layer.in[1].elements() * zoo::kBytesPerElement);
    }
  }
  return profile;
}

std::vector<std::string> zoo_model_names() {
  std::vector<std::string> names;
  for (const zoo::ZooEntry& entry : zoo::zoo_entries()) names.push_back(entry.name);
  return names;
}

double bytes_per_element(const std::string& precision) {
  if (precision == "fp16") return 2;
  if (precision == "int8") return 1;
  throw std::invalid_argument("roofline: unsupported precision '" + precision +
                              "' (expected fp16 or int8)");
}

double kernel_roofline_s(const KernelCost& kernel, const GpuSpec& gpu, const std::string& precision,
                         int batch) {
  const double scale = bytes_per_element(precision) / static_cast<double>(zoo::kBytesPerElement);
  const double peak_flops =
      (precision == "fp16" ? gpu.fp16_tflops : std::max(gpu.int8_tops, gpu.fp16_tflops)) * 1e12;
  const double b = static_cast<double>(batch);
  double wave_efficiency = 1;
  if (kernel.gemm_rows_per_item > 0) {
    const double tiles = std::ceil(kernel.gemm_rows_per_item * b / kGemmTile) *
                         std::ceil(kernel.gemm_cols / kGemmTile);
    wave_efficiency = tiles / (std::ceil(tiles / gpu.sms) * gpu.sms);
  }
  const double compute_s = kernel.flops_per_item * b / (peak_flops * wave_efficiency);
  // The share of a kernel's activations that reaches DRAM grows smoothly with their size x
  // relative to the L2 capacity C: x / (x + C) (half at x = C, all when x >> C).
  const double activations = kernel.activation_bytes_per_item * scale * b;
  const double l2_bytes = gpu.l2_mbytes * 1e6;
  const double spilled = activations * activations / (activations + l2_bytes);
  const double dram_bytes = kernel.weight_bytes * scale + spilled;
  const double memory_s = dram_bytes / (gpu.memory_gbytes_per_s * 1e9);
  return std::max(compute_s, memory_s);
}

double model_time_ms(const ModelProfile& model, const GpuSpec& gpu, const std::string& precision,
                     int batch, const InferParams& params) {
  double kernels_ms = 0;
  for (const KernelCost& kernel : model.kernels) {
    const double roof_ms = kernel_roofline_s(kernel, gpu, precision, batch) * 1e3;
    kernels_ms += params.floor_us * 1e-3 + params.slowdown * roof_ms;
  }
  const double input_mbytes = static_cast<double>(batch * model.input_bytes) * 1e-6;
  return params.overhead_ms + params.transfer_ms_per_mbyte * input_mbytes + kernels_ms;
}

}  // namespace servesim::calib::defaults
