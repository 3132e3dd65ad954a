// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/cache_evictor.hpp"

#include <cstring>
#include <vector>

namespace servesim::calib {

namespace {
thread_local std::int64_t evicted_bytes = 0;
}  // namespace

std::int64_t evicted_bytes_on_this_thread() { return evicted_bytes; }

std::uint64_t evict_caches(std::int64_t bytes) {
  if (bytes <= 0) return 0;
  evicted_bytes += bytes;
  thread_local std::vector<std::uint8_t> buffer;
  const auto size = static_cast<std::size_t>(bytes);
  if (buffer.size() < size) {
    buffer.assign(size, 1);  // distinct pages, faulted in now rather than during a timed run
  }
  std::uint64_t sum = 0;
  for (std::size_t at = 0; at < size; at += 64) sum += buffer[at];
  return sum;
}

}  // namespace servesim::calib
