// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace servesim::calib {

/// Reads `bytes` of a buffer of its own, one load per 64-byte line, so that whatever ran before
/// is no longer in the caches: the state in which a server's stage finds them after the other
/// stages and requests a core ran in between (a large decode writes 36 MB; a forward pass
/// streams its weights). The buffer is per thread, written once (a never-written buffer would
/// map every page to the one zero page) and kept for the thread's life. bytes <= 0: nothing.
/// Returns the sum of the bytes read, which keeps the compiler from dropping the loads.
std::uint64_t evict_caches(std::int64_t bytes);
/// Bytes evict_caches has read on the calling thread so far (what a calibration spent evicting).
std::int64_t evicted_bytes_on_this_thread();

}  // namespace servesim::calib
