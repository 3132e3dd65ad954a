// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_calibration.hpp"

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_environment.hpp"
#include "kernels/cuda/gpu_benchmarks.hpp"
#include "kernels/cuda/gpu_model_runner.hpp"
#include "kernels/cuda/nvml_power.hpp"
#include "kernels/preprocess/resize.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <algorithm>
#include <stdexcept>

namespace servesim::kernels::cuda {
namespace {

constexpr std::int64_t kChannels = 3;
constexpr std::int64_t kFloatBytes = 4;

std::vector<std::string> model_names(const CudaCalibrationRequest& r) {
  if (!r.models.empty()) return r.models;
  std::vector<std::string> names;
  for (const zoo::ZooEntry& e : zoo::zoo_entries()) names.push_back(e.name);
  return names;
}

void require(bool ok, const std::string& field, const std::string& what) {
  if (!ok) throw std::invalid_argument("CUDA calibration request: " + field + ": " + what);
}

std::int64_t pixels(ImageSize s) { return std::int64_t{s.width_px} * s.height_px; }

std::string size_text(ImageSize s) {
  return std::to_string(s.width_px) + "x" + std::to_string(s.height_px);
}

std::int64_t output_bytes_fp32(const zoo::ModelSpec& model) {
  std::int64_t elements = 0;
  for (const int o : model.outputs)
    elements += model.layers[static_cast<std::size_t>(o)].out.elements();
  return elements * kFloatBytes;
}

std::size_t model_point_count(const CudaCalibrationRequest& r, const std::string& name) {
  const std::size_t per_batch =
      1 + (r.per_layer ? zoo::build_model(name).layers.size() : std::size_t{0});
  return per_batch * r.precisions.size() * r.batches.size();
}

}  // namespace

void validate_request(const CudaCalibrationRequest& r) {
  require(r.device >= 0, "device", "must be >= 0, got " + std::to_string(r.device));
  check_timing_options(r.timing);
  for (const std::string& name : r.models) {
    const auto& entries = zoo::zoo_entries();
    const bool known = std::any_of(entries.begin(), entries.end(),
                                   [&](const zoo::ZooEntry& e) { return e.name == name; });
    require(known, "models", "unknown model '" + name + "'; known: " + zoo::known_model_names());
  }
  for (const std::string& p : r.precisions) {
    require(p == "fp32" || p == "fp16", "precisions",
            "unknown precision '" + p + "'; use fp32 or fp16");
  }
  for (const std::int64_t b : r.batches) {
    require(b >= 1, "batches", "batch " + std::to_string(b) + " must be >= 1");
  }
  for (const std::int64_t bytes : r.copy_bytes) {
    require(bytes >= 1, "copy_bytes", "copy size " + std::to_string(bytes) + " must be >= 1");
  }
  for (const ImageSize& s : r.image_sizes) {
    require(s.width_px >= 1 && s.height_px >= 1 && s.width_px <= Image::kMaxSidePx &&
                s.height_px <= Image::kMaxSidePx,
            "image_sizes",
            "image size " + size_text(s) + " must be 1.." + std::to_string(Image::kMaxSidePx) +
                " px per side");
  }
  require(r.model_input.width_px >= 1 && r.model_input.height_px >= 1, "model_input",
          "size " + size_text(r.model_input) + " must be positive");
  require(r.shorter_side_px >= std::max(r.model_input.width_px, r.model_input.height_px),
          "shorter_side_px",
          std::to_string(r.shorter_side_px) + " is smaller than the crop " +
              size_text(r.model_input) + "; make it at least the crop's longer side");
}

std::size_t planned_point_count(const CudaCalibrationRequest& r) {
  validate_request(r);
  std::size_t total = 4 * r.copy_bytes.size() + 3 * r.image_sizes.size() + 1;
  for (const std::string& name : model_names(r)) total += model_point_count(r, name);
  return total;
}

std::vector<CudaCostPoint> run_cuda_calibration(const CudaCalibrationRequest& r,
                                                const CudaProgressCallback& progress) {
  require_cuda_device(r.device);
  validate_request(r);
  const CudaEnvironment env = describe_cuda_environment(r.device);
  const std::string how = "measured on " + env.device_name + " (" + env.library_versions() +
                          "), CUDA events on one stream, warmup " +
                          std::to_string(r.timing.warmup) + ", " +
                          std::to_string(r.timing.repeats) + " repeats";
  const std::size_t total = planned_point_count(r);
  std::vector<CudaCostPoint> points;
  std::size_t done = 0;
  const auto emit = [&](CudaCostPoint point) {
    points.push_back(std::move(point));
    ++done;
    if (progress) progress(CudaProgress{done, total, &points.back(), ""});
  };
  const auto note = [&](const std::string& text, std::size_t skipped) {
    done += skipped;
    if (progress) progress(CudaProgress{done, total, nullptr, text});
  };
  if (!env.nvjpeg.empty()) note("nvJPEG " + env.nvjpeg, 0);

  for (const std::int64_t bytes : r.copy_bytes) {
    for (const CopyDirection dir : {CopyDirection::kHostToDevice, CopyDirection::kDeviceToHost}) {
      for (const HostMemory mem : {HostMemory::kPinned, HostMemory::kPageable}) {
        CudaCostPoint p{std::string(copy_op_name(dir)),
                        "",
                        "",
                        std::string(host_memory_name(mem)),
                        1,
                        0,
                        bytes,
                        bytes,
                        {},
                        std::nullopt,
                        how};
        if (mem == HostMemory::kPageable) p.source += "; pageable copies timed with the host clock";
        p.samples_ns = time_copy(static_cast<std::size_t>(bytes), dir, mem, r.timing, r.device);
        emit(std::move(p));
      }
    }
  }

  const ImageSize out = r.model_input;
  const std::int64_t out_bytes = pixels(out) * kChannels;
  for (const ImageSize& src : r.image_sizes) {
    for (const auto& [op, variant] : {std::pair{GpuPreprocessOp::kResizeBilinear, "bilinear"},
                                      std::pair{GpuPreprocessOp::kResizeArea, "area"}}) {
      emit(CudaCostPoint{"resize", "", "", variant, 1, pixels(src), pixels(src) * kChannels,
                         out_bytes, time_preprocess(op, src, out, r.timing, r.device), std::nullopt,
                         how});
    }
    const ImageSize resized = size_for_shorter_side(src, r.shorter_side_px);
    emit(CudaCostPoint{
        "crop", "", "", "centre", 1, pixels(resized), pixels(resized) * kChannels, out_bytes,
        time_preprocess(GpuPreprocessOp::kCentreCrop, resized, out, r.timing, r.device),
        std::nullopt, how});
  }
  emit(CudaCostPoint{"normalize", "", "", "", 1, pixels(out), out_bytes, out_bytes * kFloatBytes,
                     time_preprocess(GpuPreprocessOp::kNormalize, out, out, r.timing, r.device),
                     std::nullopt, how});

  std::vector<std::int64_t> batches = r.batches;
  std::sort(batches.begin(), batches.end());
  const NvmlPower nvml = NvmlPower::open(static_cast<unsigned>(r.device));
  for (const std::string& name : model_names(r)) {
    for (const std::string& precision : r.precisions) {
      if (!env.have_cudnn) {
        note(name + " " + precision + ": skipped, " + env.cudnn,
             model_point_count(r, name) / r.precisions.size());
        continue;
      }
      GpuRunnerOptions options;
      options.precision = precision_by_name(precision);
      options.device = r.device;
      options.algo_search = r.algo_search;
      options.workspace_limit_bytes = r.workspace_limit_bytes;
      GpuModelRunner runner(zoo::build_model(name), options);
      const zoo::ModelSpec& model = runner.model();
      const std::int64_t input_pixels = model.input.h * model.input.w;
      const std::string source = how + (r.algo_search == ConvAlgoSearch::kExhaustive
                                            ? ", cuDNN algorithms by exhaustive search"
                                            : ", cuDNN algorithms by heuristic");
      for (std::size_t b = 0; b < batches.size(); ++b) {
        const std::int64_t batch = batches[b];
        try {
          PowerSampler power(nvml);
          if (r.measure_power) power.start();
          std::vector<double> samples = runner.time_forward(batch, r.timing);
          const std::optional<double> watts = power.stop();
          emit(CudaCostPoint{"infer", name, precision, "", batch, input_pixels, 0,
                             output_bytes_fp32(model), std::move(samples), watts, source});
          if (r.per_layer) {
            const auto layers = runner.time_layers(batch, r.timing);
            for (std::size_t i = 0; i < layers.size(); ++i) {
              const zoo::LayerSpec& layer = model.layers[i];
              std::int64_t in_elements = 0;
              for (const zoo::Shape& s : layer.in) in_elements += s.elements();
              emit(CudaCostPoint{"infer_layer", name, precision, layer.name, batch, 0,
                                 in_elements * kFloatBytes, layer.out.elements() * kFloatBytes,
                                 layers[i], std::nullopt, source});
            }
          }
        } catch (const CudaOutOfMemory& e) {
          const std::size_t left = batches.size() - b;
          note(name + " " + precision + ": batch " + std::to_string(batch) +
                   " does not fit in device memory; larger batches skipped (" + e.what() + ")",
               left * (1 + (r.per_layer ? model.layers.size() : std::size_t{0})));
          break;
        }
      }
    }
  }
  return points;
}

}  // namespace servesim::kernels::cuda
