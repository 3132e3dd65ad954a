// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_reader.hpp"

#include <vector>

namespace servesim::calib {

/// A point measured where the service runs (in situ), and what the base table said for the same
/// query: their ratio says how much slower or faster the kernel is in that context.
struct MeasuredPoint {
  CostPoint point;          ///< the live samples' statistics under the base series' key
  double base_mean_ns = 0;  ///< the base cost model's mean for the same query (0: none)
};

/// A device's rows with measured points layered over them:
///  - a base point with the key of a measured one is replaced by it;
///  - every other point of a series (op, model, precision, variant, threads) that has measured
///    points is scaled, all quantiles alike, by the ratio (measured / base mean) of its nearest
///    measured point (same batch first, then nearest size on a log scale), and says so in its
///    source: batches and sizes the live run did not produce keep the base table's shape; a
///    point's throughput (a broker's capacity) is kept as it is;
///  - except where `sibling` (the points measured on the pool's other device: co-run for the
///    device a call alone uses, alone for the co-run one) has the point's own key, and both
///    devices have measured a common key of the series: then the ratio is the sibling's at this
///    key times this device's ratio over the sibling's at the common key nearest to it. The
///    slowdown in situ depends on the call (a batch of four's memory) and on the context (another
///    core busy) about independently; a batch of four alone scaled by a batch of one's ratio
///    came out slower than the same batch measured beside another call;
///  - the rows of series nothing measured are carried unchanged.
/// Returned sorted by key, each key once.
std::vector<CostPoint> merge_measured_points(const std::vector<CostPoint>& base,
                                             const std::vector<MeasuredPoint>& measured,
                                             const std::vector<MeasuredPoint>& sibling = {});

}  // namespace servesim::calib
