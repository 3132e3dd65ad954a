// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_writer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace servesim::calib {

/// Everything one source says about one device: the rows a new table for that device must carry
/// when it is to replace the source (the cost model lets a later source replace a device whole).
struct DeviceCostRows {
  std::string origin;  ///< "default table local" or the file it came from
  std::vector<std::string> table_names;
  std::vector<CostPoint> points;
  std::vector<CostFit> fits;
  std::optional<DevicePower> power;
};

/// The rows of `device` in one cost database (every table of that device, in table order).
DeviceCostRows read_device_rows(sim::SqliteDb& db, const std::string& device,
                                const std::string& origin);

/// The rows the cost model would use for `device` after loading the shipped defaults, then
/// `cost_files` in order (sim::load_cost_model): those of the last source that has the device.
/// Empty (no points) when no source has it.
DeviceCostRows effective_device_rows(const std::vector<std::string>& cost_files,
                                     const std::string& device);

}  // namespace servesim::calib
