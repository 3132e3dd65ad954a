// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"

#include <string>
#include <vector>

namespace servesim::validate {

/// The measured-run formats servesim imports (docs/measured-formats.md §1).
enum class ImportFormat { kPerfCsv, kPerfJson, kPrometheus, kMlperfSummary, kMlperfDetail };

/// "perf-csv" | "perf-json" | "prometheus" | "mlperf-summary" | "mlperf-detail"; throws
/// std::invalid_argument listing them for anything else.
ImportFormat parse_import_format(const std::string& name);
std::string to_string(ImportFormat format);

struct ImportOptions {
  /// Prefixed to every run's tag: "<tag>/concurrency=4". "" keeps the importer's tags.
  std::string tag;
  /// prometheus only: the scrape at the start of the window, and its length when the samples
  /// carry no timestamps (see TritonScrapeOptions).
  std::string before_path;
  double window_s = 0.0;
};

/// Reads the whole file with the format's importer and returns its runs, ready to store; nothing
/// is written anywhere. Throws ImportError for malformed input.
std::vector<sim::RunResult> import_file(ImportFormat format, const std::string& path,
                                        const ImportOptions& options = {});

}  // namespace servesim::validate
