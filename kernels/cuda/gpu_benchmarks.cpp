// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_benchmarks.hpp"

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device_memory.hpp"
#include "kernels/cuda/preprocess_kernels.hpp"
#include "kernels/cuda/preprocess_params.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/normalize.hpp"

#include <chrono>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {
namespace {

constexpr int kChannels = 3;

std::vector<double> time_on_stream(const CudaStream& stream, const TimingOptions& timing,
                                   const std::function<void()>& enqueue) {
  for (int i = 0; i < timing.warmup; ++i) enqueue();
  stream.synchronize();
  const CudaEvent start;
  const CudaEvent stop;
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(timing.repeats));
  for (int r = 0; r < timing.repeats; ++r) {
    start.record(stream.get());
    enqueue();
    stop.record(stream.get());
    samples.push_back(elapsed_ns(start, stop));
  }
  return samples;
}

std::size_t image_bytes(ImageSize size) {
  return static_cast<std::size_t>(size.width_px) * static_cast<std::size_t>(size.height_px) *
         kChannels;
}

}  // namespace

std::string_view copy_op_name(CopyDirection direction) {
  return direction == CopyDirection::kHostToDevice ? "h2d" : "d2h";
}

std::string_view host_memory_name(HostMemory memory) {
  return memory == HostMemory::kPinned ? "pinned" : "pageable";
}

std::vector<double> time_copy(std::size_t bytes, CopyDirection direction, HostMemory memory,
                              const TimingOptions& timing, int device) {
  require_cuda_device(device);
  check_timing_options(timing);
  if (bytes == 0) throw std::invalid_argument("time_copy: bytes must be positive");
  const CudaStream stream;
  const DeviceBuffer device_buffer(bytes);
  PinnedBuffer pinned;
  std::vector<unsigned char> pageable;
  void* host = nullptr;
  if (memory == HostMemory::kPinned) {
    pinned = PinnedBuffer(bytes);
    host = pinned.data();
  } else {
    pageable.assign(bytes, 0);  // touched, so page faults stay out of the timing
    host = pageable.data();
  }
  std::memset(host, 0x5A, bytes);
  const bool to_device = direction == CopyDirection::kHostToDevice;
  const auto enqueue = [&] {
    check_cuda(
        cudaMemcpyAsync(to_device ? device_buffer.data() : host,
                        to_device ? host : device_buffer.data(), bytes,
                        to_device ? cudaMemcpyHostToDevice : cudaMemcpyDeviceToHost, stream.get()),
        "cudaMemcpyAsync");
  };
  if (memory == HostMemory::kPinned) return time_on_stream(stream, timing, enqueue);
  for (int i = 0; i < timing.warmup; ++i) enqueue();
  stream.synchronize();
  std::vector<double> samples;
  for (int r = 0; r < timing.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    enqueue();
    stream.synchronize();
    const auto stop = std::chrono::steady_clock::now();
    samples.push_back(static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count()));
  }
  return samples;
}

std::vector<double> time_preprocess(GpuPreprocessOp op, ImageSize source, ImageSize target,
                                    const TimingOptions& timing, int device) {
  require_cuda_device(device);
  check_timing_options(timing);
  const CudaStream stream;
  const DeviceBuffer src(image_bytes(source));
  // A fixed byte pattern: the kernels' speed does not depend on the values.
  std::vector<unsigned char> pattern(image_bytes(source));
  for (std::size_t i = 0; i < pattern.size(); ++i)
    pattern[i] = static_cast<unsigned char>(i * 131 + 7);
  check_cuda(cudaMemcpy(src.data(), pattern.data(), pattern.size(), cudaMemcpyHostToDevice),
             "source upload");
  const auto* in = src.as<const std::uint8_t>();
  switch (op) {
    case GpuPreprocessOp::kResizeBilinear:
    case GpuPreprocessOp::kResizeArea: {
      const DeviceBuffer dst(image_bytes(target));
      const ResizeParams p =
          make_resize_params(in, source, kChannels, dst.as<std::uint8_t>(), target);
      const bool bilinear = op == GpuPreprocessOp::kResizeBilinear;
      return time_on_stream(stream, timing, [&] {
        if (bilinear) {
          resize_bilinear_device(p, stream.get());
        } else {
          resize_area_device(p, stream.get());
        }
      });
    }
    case GpuPreprocessOp::kCentreCrop: {
      const DeviceBuffer dst(image_bytes(target));
      const CropParams p = make_crop_params(in, source, kChannels, centre_crop_rect(source, target),
                                            dst.as<std::uint8_t>());
      return time_on_stream(stream, timing, [&] { crop_device(p, stream.get()); });
    }
    case GpuPreprocessOp::kNormalize: {
      const DeviceBuffer dst(image_bytes(source) * sizeof(float));
      const NormalizeChwParams p = make_normalize_params(
          in, source, kChannels, NormalizeParams::imagenet(), dst.as<float>());
      return time_on_stream(stream, timing, [&] { normalize_chw_device(p, stream.get()); });
    }
  }
  throw std::invalid_argument("time_preprocess: unknown GpuPreprocessOp");
}

}  // namespace servesim::kernels::cuda
