// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

#include <memory>
#include <vector>

namespace servesim::validate {

/// A worker's decoded-image buffers, reused as a production server reuses its staging buffers.
/// Why: on this VM a freshly faulted-in 6 MB (1080p) or 36 MB (12 MP) buffer costs more than the
/// decode itself, and glibc returns blocks above 32 MB to the kernel on free, so a new buffer per
/// request measured page faults, not decoding (calibration decodes into a reused buffer too).
/// A buffer is free again once no request holds it; a fan-out's children may hold one on other
/// threads, so the pool grows to the number of images alive at once and never shrinks.
/// Not thread-safe: one per worker.
class ImageBufferPool {
 public:
  /// A buffer nobody else holds (its old contents are garbage), or a new one.
  std::shared_ptr<kernels::Image> acquire();
  std::size_t buffer_count() const { return buffers_.size(); }

 private:
  std::vector<std::shared_ptr<kernels::Image>> buffers_;
};

}  // namespace servesim::validate
