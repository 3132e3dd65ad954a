// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/image_buffer_pool.hpp"

#include <atomic>

namespace servesim::validate {

std::shared_ptr<kernels::Image> ImageBufferPool::acquire() {
  // use_count() == 1: only the pool holds it. Holders only ever drop references (the pool hands
  // a buffer out on this thread alone), so a stale count can only make us allocate, never share.
  for (const auto& buffer : buffers_) {
    if (buffer.use_count() == 1) {
      // Pairs with the release of the last holder's decrement: its reads happen before our writes.
      std::atomic_thread_fence(std::memory_order_acquire);
      return buffer;
    }
  }
  buffers_.push_back(std::make_shared<kernels::Image>());
  return buffers_.back();
}

}  // namespace servesim::validate
