// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_writer.hpp"
#include "sim/store/sqlite_db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::calib {

/// The predictor the simulator extrapolates an op with: "pixels" for image ops (jpeg_decode,
/// resize, crop, normalize), "batch" for infer (a model fixes its input size), "bytes" otherwise
/// (postprocess, brokers, copies). Matches sim/costs/cost_model.cpp.
std::string fit_predictor(const std::string& op);

/// Least-squares fits of mean_ns for every series (op, model, precision, variant) of one stored
/// table that has at least two distinct x values: against input_pixels or input_bytes over the
/// smallest measured batch (batch 1 in a sweep), or against batch for infer (over the first
/// threads value and input size measured). Series with a single x get no fit. A negative slope
/// (a cost that does not grow with size, e.g. a crop, whose work is its fixed output, measured
/// with noise) is stored as a flat line at the mean with R^2 = 0, so that the simulator never
/// extrapolates to a cost that shrinks, or turns negative, for larger inputs.
std::vector<CostFit> compute_table_fits(sim::SqliteDb& db, std::int64_t table_id);

/// compute_table_fits for the writer's table, each fit stored (replacing an older one).
std::vector<CostFit> write_table_fits(CostTableWriter& writer);

}  // namespace servesim::calib
