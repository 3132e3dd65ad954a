// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "sim/report/metric_names.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <nlohmann/json.hpp>

#include "validate/importers/import_error.hpp"
#include "validate/importers/import_format.hpp"
#include "validate/importers/imported_run.hpp"
#include <cstdio>
#include <iostream>
#include <sstream>

namespace servesim::app {
using namespace servesim::sim;
using namespace servesim::validate;
namespace po = boost::program_options;

namespace {

// The shared parser takes options only: turn the one positional FILE into "--file FILE".
std::vector<std::string> with_file_option(const std::vector<std::string>& args,
                                          const po::options_description& options) {
  std::vector<std::string> out;
  bool have_file = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      out.push_back(a);
      const std::string name = a.substr(a.find_first_not_of('-'));
      const po::option_description* option =
          name.find('=') == std::string::npos ? options.find_nothrow(name, false) : nullptr;
      if (option && option->semantic()->max_tokens() > 0 && i + 1 < args.size()) {
        out.push_back(args[++i]);
      }
      continue;
    }
    if (have_file) {
      throw sim::UsageError("servesim import: one FILE expected, got '" + a +
                            "' as well (see 'servesim import --help')");
    }
    have_file = true;
    out.push_back("--file");
    out.push_back(a);
  }
  return out;
}

std::vector<const char*> key_metrics(ImportFormat format) {
  switch (format) {
    case ImportFormat::kPrometheus:
      return {"throughput_rps", "avg_batch_size", "server_queue_ms", "server_compute_infer_ms"};
    case ImportFormat::kMlperfSummary:
    case ImportFormat::kMlperfDetail:
      return {"throughput_rps", "latency_ms.mean", "latency_ms.p99", "result_valid"};
    default:
      return {"throughput_rps", "latency_ms.mean", "latency_ms.p50", "latency_ms.p99"};
  }
}

std::string report_table(ImportFormat format, const std::string& file, const std::string& db,
                         const std::vector<sim::RunResult>& runs,
                         const std::vector<std::int64_t>& ids) {
  std::size_t tag_width = 3;
  for (const sim::RunResult& r : runs) tag_width = std::max(tag_width, r.provenance.tag.size());
  std::ostringstream out;
  out << "imported " << runs.size() << " run(s) from " << file << " (" << to_string(format)
      << ") into " << db << "\n";
  char cell[64];
  out << "  "
      << "run"
      << "  "
      << "tag" << std::string(tag_width - 3, ' ');
  for (const char* name : key_metrics(format)) {
    std::snprintf(cell, sizeof cell, "  %16s", name);
    out << cell;
  }
  out << "\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::snprintf(cell, sizeof cell, "  %3lld  ", static_cast<long long>(ids[i]));
    const std::string& tag = runs[i].provenance.tag;
    out << cell << tag << std::string(tag_width - tag.size(), ' ');
    for (const char* name : key_metrics(format)) {
      const sim::MetricValue* m = find_metric(runs[i], name);
      if (m) {
        std::snprintf(cell, sizeof cell, "  %16.4f", m->value);
      } else {
        std::snprintf(cell, sizeof cell, "  %16s", "-");
      }
      out << cell;
    }
    out << "\n";
  }
  return out.str();
}

std::string report_json(ImportFormat format, const std::string& file, const std::string& db,
                        const std::vector<sim::RunResult>& runs,
                        const std::vector<std::int64_t>& ids) {
  nlohmann::ordered_json j;
  j["format"] = to_string(format);
  j["file"] = file;
  j["db"] = db;
  j["runs"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    nlohmann::ordered_json run;
    run["run_id"] = ids[i];
    run["kind"] = runs[i].provenance.kind;
    run["tag"] = runs[i].provenance.tag;
    // The imported file and the parameters read from it: what is known of the run's scenario.
    run["scenario"] = nlohmann::ordered_json::parse(runs[i].provenance.config_json);
    const nlohmann::ordered_json metrics = sim::run_metrics_json(runs[i]);
    for (const auto& item : metrics.items()) run[item.key()] = item.value();
    run["requests"] = runs[i].requests.size();
    j["runs"].push_back(run);
  }
  return j.dump(2) + "\n";
}

}  // namespace

int import_command(const std::vector<std::string>& args) {
  std::string format_name, file, tag, before;
  std::string db_path = "servesim-results.db";
  double interval_s = 0.0;
  po::options_description options("import (measured runs: perf_analyzer, Triton metrics, MLPerf)");
  options.add_options()("format", po::value(&format_name)->required(),
                        "perf-csv | perf-json | prometheus | mlperf-summary | mlperf-detail")(
      "file", po::value(&file), "the measured file (usually given as the positional FILE)")(
      "before", po::value(&before),
      "prometheus: scrape taken at the start of the window (default: totals since start)")(
      "interval-s", po::value(&interval_s),
      "prometheus: seconds between the scrapes, when the samples carry no timestamps")(
      "tag", po::value(&tag), "prefix for the runs' tags (\"T/concurrency=4\")")(
      "db", po::value(&db_path)->default_value(db_path), "results SQLite file")(
      "json", "print one JSON object instead of a table");
  po::variables_map values;
  if (!sim::parse_command_line("import", with_file_option(args, options), options, values)) {
    return 0;
  }
  ImportFormat format{};
  try {
    format = parse_import_format(format_name);
  } catch (const std::invalid_argument& e) {
    throw sim::UsageError(std::string("servesim import: --format: ") + e.what());
  }
  if (file.empty())
    throw sim::UsageError("servesim import: no FILE given (see 'servesim import --help')");
  if (format != ImportFormat::kPrometheus && (!before.empty() || values.count("interval-s"))) {
    throw sim::UsageError(
        "servesim import: --before and --interval-s apply to --format prometheus only");
  }
  if (interval_s < 0) throw sim::UsageError("servesim import: --interval-s must be > 0");

  // Parse everything before touching the database: a malformed file writes nothing.
  std::vector<sim::RunResult> runs;
  try {
    runs = import_file(format, file, {tag, before, interval_s});
  } catch (const ImportError& e) {
    throw sim::UsageError(std::string("servesim import: ") + e.what());
  }
  sim::ResultsStore store = sim::ResultsStore::open(db_path);
  std::vector<std::int64_t> ids;
  for (const sim::RunResult& run : runs) ids.push_back(store.write(run));

  std::cout << (values.count("json") ? report_json(format, file, db_path, runs, ids)
                                     : report_table(format, file, db_path, runs, ids));
  std::cerr << "servesim: stored " << ids.size() << " imported run(s) ("
            << (ids.size() > 1 ? "ids " + std::to_string(ids.front()) + "-" : "id ") << ids.back()
            << ") in " << db_path << "\n";
  return 0;
}

}  // namespace servesim::app
