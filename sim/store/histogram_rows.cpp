// SPDX-License-Identifier: Apache-2.0
#include "sim/store/histogram_rows.hpp"

namespace servesim::sim {

std::vector<HistogramBucket> histogram_rows(const std::string& series, const LatencyHistogram& h) {
  std::vector<HistogramBucket> rows;
  for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    if (h.bucket_count(i) == 0) continue;
    rows.push_back({series, static_cast<std::int64_t>(LatencyHistogram::bucket_lower(i)),
                    static_cast<std::int64_t>(LatencyHistogram::bucket_width(i)),
                    h.bucket_count(i)});
  }
  return rows;
}

}  // namespace servesim::sim
