// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/import_format.hpp"

#include "validate/importers/mlperf_detail_importer.hpp"
#include "validate/importers/mlperf_summary_importer.hpp"
#include "validate/importers/perf_csv_importer.hpp"
#include "validate/importers/perf_json_importer.hpp"
#include "validate/importers/triton_metrics_importer.hpp"
#include <stdexcept>

namespace servesim::validate {
namespace {
constexpr std::pair<ImportFormat, const char*> kNames[] = {
    {ImportFormat::kPerfCsv, "perf-csv"},
    {ImportFormat::kPerfJson, "perf-json"},
    {ImportFormat::kPrometheus, "prometheus"},
    {ImportFormat::kMlperfSummary, "mlperf-summary"},
    {ImportFormat::kMlperfDetail, "mlperf-detail"},
};
}  // namespace

ImportFormat parse_import_format(const std::string& name) {
  for (const auto& [format, text] : kNames) {
    if (name == text) return format;
  }
  throw std::invalid_argument(
      "unknown format '" + name +
      "' (expected perf-csv, perf-json, prometheus, mlperf-summary or mlperf-detail)");
}

std::string to_string(ImportFormat format) {
  for (const auto& [f, text] : kNames) {
    if (f == format) return text;
  }
  return "?";
}

std::vector<sim::RunResult> import_file(ImportFormat format, const std::string& path,
                                        const ImportOptions& options) {
  std::vector<sim::RunResult> runs;
  switch (format) {
    case ImportFormat::kPerfCsv:
      runs = import_perf_csv(path);
      break;
    case ImportFormat::kPerfJson:
      runs = import_perf_json(path);
      break;
    case ImportFormat::kPrometheus:
      runs = import_triton_metrics(path, {options.before_path, options.window_s});
      break;
    case ImportFormat::kMlperfSummary:
      runs.push_back(import_mlperf_summary(path));
      break;
    case ImportFormat::kMlperfDetail:
      runs.push_back(import_mlperf_detail(path));
      break;
  }
  if (!options.tag.empty()) {
    for (sim::RunResult& run : runs) run.provenance.tag = options.tag + "/" + run.provenance.tag;
  }
  return runs;
}

}  // namespace servesim::validate
