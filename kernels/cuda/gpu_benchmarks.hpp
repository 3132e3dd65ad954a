// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/gpu_options.hpp"
#include "kernels/preprocess/image.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace servesim::kernels::cuda {

enum class CopyDirection { kHostToDevice, kDeviceToHost };
enum class HostMemory {
  kPinned,    ///< cudaMallocHost: the copy engine reads / writes it directly
  kPageable,  ///< ordinary memory: the driver stages it through a pinned buffer
};

/// "h2d" / "d2h" (cost_points.op) and "pinned" / "pageable" (cost_points.variant).
std::string_view copy_op_name(CopyDirection direction);
std::string_view host_memory_name(HostMemory memory);

/// Times copies of `bytes` between host and device on one stream, nanoseconds per copy.
/// Pinned copies are cudaMemcpyAsync bracketed by CUDA events. Pageable copies are timed with
/// the host clock from the call to the end of a stream synchronisation: the driver's staging
/// through its pinned buffer happens partly on the CPU, outside what events see, and a server
/// waits for all of it. Checks for a GPU first (std::runtime_error with the no-GPU message).
std::vector<double> time_copy(std::size_t bytes, CopyDirection direction, HostMemory memory,
                              const TimingOptions& timing, int device = 0);

enum class GpuPreprocessOp {
  kResizeBilinear,  ///< source -> target
  kResizeArea,      ///< source -> target
  kCentreCrop,      ///< centre target-sized rectangle of source
  kNormalize,       ///< source (u8 HWC) -> float CHW, ImageNet statistics; target ignored
};

/// Times one CUDA preprocessing kernel (kernels/cuda/preprocess_kernels.hpp) on a 3-channel
/// image of size `source` with CUDA events, nanoseconds per launch. Checks for a GPU first.
std::vector<double> time_preprocess(GpuPreprocessOp op, ImageSize source, ImageSize target,
                                    const TimingOptions& timing, int device = 0);

}  // namespace servesim::kernels::cuda
