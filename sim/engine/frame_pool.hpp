// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>

namespace servesim::sim {

/// Recycles coroutine frames by size class so that starting a process in steady state does not
/// call malloc. Per thread: each thread (and so each engine running on it) has its own lists.
/// Memory stays bounded by the most frames alive at once.
class FramePool {
 public:
  static void* allocate(std::size_t bytes);
  static void deallocate(void* frame, std::size_t bytes) noexcept;
};

}  // namespace servesim::sim
