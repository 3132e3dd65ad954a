// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::validate {

/// One request as the load generator saw it. Times are ns from the run start.
struct LoadgenRequest {
  std::int64_t id = 0;
  std::string image_class;
  int width_px = 0;
  int height_px = 0;
  std::int64_t jpeg_bytes = 0;
  std::int64_t planned_ns = 0;  // open loop: the Poisson schedule; closed loop: = sent_ns
  std::int64_t sent_ns = 0;     // just before the first byte was written
  std::int64_t done_ns = 0;     // just after the last byte of the reply was read
};

/// What the load generator process hands back to the testbed: a text file, written once at the
/// end (so a killed generator leaves no half-valid file: the last line is "end").
struct LoadgenLog {
  std::int64_t start_ns = 0;  // absolute CLOCK_MONOTONIC ns of the run start
  double duration_s = 0;      // of sending
  double cpu_user_s = 0;      // getrusage of the generator over the run (not image generation)
  double cpu_system_s = 0;
  std::vector<LoadgenRequest> requests;
};

void write_loadgen_log(const LoadgenLog& log, const std::string& path);
/// Throws std::runtime_error naming the file, the line and the field on anything malformed.
LoadgenLog read_loadgen_log(const std::string& path);

}  // namespace servesim::validate
