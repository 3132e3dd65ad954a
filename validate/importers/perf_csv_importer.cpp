// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/perf_csv_importer.hpp"

#include "sim/report/metric_names.hpp"

#include "validate/importers/imported_run.hpp"
#include "validate/importers/text_source.hpp"
#include <algorithm>
#include <map>
#include <optional>
#include <regex>

namespace servesim::validate {
namespace {

enum class Kind {
  kRate,     // per second, kept as is
  kMicros,   // integer µs, stored as ms
  kGpuList,  // "uuid:value;uuid:value;"
  kIgnored,  // known but not imported (LLM token latencies)
};

struct ColumnSpec {
  const char* header;
  Kind kind;
  const char* metric;
};

// The header strings perf_analyzer's ReportWriter writes, in its order.
constexpr ColumnSpec kColumns[] = {
    {"Inferences/Second", Kind::kRate, "throughput_rps"},
    {"Response Throughput", Kind::kRate, "response_throughput_rps"},
    {"Client Send", Kind::kMicros, "client_send_ms"},
    {"Network+Server Send/Recv", Kind::kMicros, "network_server_send_recv_ms"},
    {"Server Queue", Kind::kMicros, "server_queue_ms"},
    {"Server Compute Input", Kind::kMicros, "server_compute_input_ms"},
    {"Server Compute Infer", Kind::kMicros, "server_compute_infer_ms"},
    {"Server Compute Output", Kind::kMicros, "server_compute_output_ms"},
    {"Server Cache Hit", Kind::kMicros, "server_cache_hit_ms"},
    {"Server Cache Miss", Kind::kMicros, "server_cache_miss_ms"},
    {"Client Recv", Kind::kMicros, "client_recv_ms"},
    {"Avg latency", Kind::kMicros, "latency_ms.mean"},
    {"request/response", Kind::kMicros, "client_send_recv_ms"},
    {"response wait", Kind::kMicros, "client_response_wait_ms"},
    {"Avg GPU Utilization", Kind::kGpuList, "gpu_utilization"},
    {"Avg GPU Power Usage", Kind::kGpuList, "gpu_power_w"},
    {"Max GPU Memory Usage", Kind::kGpuList, "gpu_memory_used_max_bytes"},
    {"Total GPU Memory", Kind::kGpuList, "gpu_memory_total_bytes"},
    {"Avg First Token Latency", Kind::kIgnored, ""},
    {"Avg Token-to-Token Latency", Kind::kIgnored, ""},
};

struct Column {
  std::string header;
  Kind kind;
  std::string metric;
};

constexpr const char* kRequired[] = {"Inferences/Second", "Client Send", "Client Recv"};

std::vector<Column> read_header(const TextFile& file, std::string& load_mode) {
  const std::vector<std::string> headers = split_fields(file.lines[0], ',');
  if (headers[0] == "Concurrency") {
    load_mode = "concurrency";
  } else if (headers[0] == "Request Rate") {
    load_mode = "request_rate";
  } else {
    file.fail(1, "first column is '" + headers[0] +
                     "'; a perf_analyzer CSV starts with 'Concurrency' or 'Request Rate'");
  }
  static const std::regex percentile(R"(p(\d+) latency)");
  std::vector<Column> columns;
  for (std::size_t i = 1; i < headers.size(); ++i) {
    const std::string& h = headers[i];
    for (const Column& c : columns) {
      if (c.header == h) file.fail(1, "column '" + h + "' appears twice");
    }
    std::smatch match;
    if (std::regex_match(h, match, percentile)) {
      columns.push_back({h, Kind::kMicros, sim::metric::latency_ms("p" + match[1].str())});
      continue;
    }
    const ColumnSpec* spec = nullptr;
    for (const ColumnSpec& s : kColumns) {
      if (h == s.header) spec = &s;
    }
    if (spec == nullptr) {
      file.fail(1, "unknown column '" + h +
                       "' (expected perf_analyzer's: Inferences/Second, Client Send, Server "
                       "Queue, ..., Client Recv, p<N> latency, Avg latency)");
    }
    columns.push_back({h, spec->kind, spec->metric});
  }
  for (const char* required : kRequired) {
    bool found = false;
    for (const Column& c : columns) found = found || c.header == required;
    if (!found) file.fail(1, std::string("missing column '") + required + "'");
  }
  return columns;
}

double number_cell(const TextFile& file, int line, const std::string& header,
                   const std::string& cell) {
  const std::optional<double> value = to_number(cell);
  if (!value) file.fail(line, "column '" + header + "' holds '" + cell + "', not a number");
  if (*value < 0) file.fail(line, "column '" + header + "' holds " + cell + ", below zero");
  return *value;
}

// "GPU-a:0.5;GPU-b:0.7;" (perf_analyzer --verbose-csv --collect-metrics) as uuid -> value.
std::map<std::string, double> gpu_cell(const TextFile& file, int line, const std::string& header,
                                       const std::string& cell) {
  std::map<std::string, double> values;
  for (const std::string& entry : split_fields(cell, ';')) {
    if (entry.empty()) continue;
    const auto colon = entry.rfind(':');
    if (colon == std::string::npos) {
      file.fail(line, "column '" + header + "' entry '" + entry + "' is not 'gpu_uuid:value'");
    }
    values[entry.substr(0, colon)] = number_cell(file, line, header, entry.substr(colon + 1));
  }
  return values;
}

sim::RunResult import_row(const TextFile& file, int line, const std::string& load_mode,
                          const std::vector<Column>& columns,
                          const std::vector<std::string>& cells) {
  const double load = number_cell(
      file, line, load_mode == "concurrency" ? "Concurrency" : "Request Rate", cells[0]);
  nlohmann::ordered_json parameters;
  parameters["line"] = line;
  parameters["load_mode"] = load_mode;
  parameters["load_value"] = load;
  sim::RunResult run;
  std::map<std::string, double> ms;  // the µs columns, converted
  std::map<std::string, sim::ResourceUsage> gpus;
  std::vector<std::pair<std::string, double>> gpu_totals;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    const std::string& cell = cells[i + 1];
    if (c.kind == Kind::kRate) {
      add_metric(run, c.metric, number_cell(file, line, c.header, cell), "req/s");
    } else if (c.kind == Kind::kMicros) {
      ms[c.metric] = number_cell(file, line, c.header, cell) / 1000.0;
      add_metric(run, c.metric, ms[c.metric], "ms");
    } else if (c.kind == Kind::kGpuList) {
      double total = 0.0;
      for (const auto& [uuid, value] : gpu_cell(file, line, c.header, cell)) {
        sim::ResourceUsage& gpu = gpus["gpu:" + uuid];
        gpu.resource = "gpu:" + uuid;
        gpu.capacity = 1;
        if (c.metric == "gpu_utilization") gpu.utilization = value;
        if (c.metric == "gpu_power_w") gpu.mean_power_w = value;
        total = c.metric == "gpu_memory_used_max_bytes" ? std::max(total, value) : total + value;
      }
      gpu_totals.emplace_back(c.metric, total);
    }
  }
  for (const auto& [metric, total] : gpu_totals) {
    if (gpus.empty()) continue;
    if (metric == "gpu_utilization") {
      add_metric(run, metric, total / static_cast<double>(gpus.size()), "fraction");
    } else {
      add_metric(run, metric, total, metric == "gpu_power_w" ? "W" : "bytes");
    }
  }
  for (auto& entry : gpus) run.resources.push_back(entry.second);

  const bool server_stats = ms.count("server_queue_ms") > 0;
  if (server_stats) {
    const double network =
        ms["client_send_ms"] + ms["client_recv_ms"] + ms["network_server_send_recv_ms"];
    set_breakdown(run, {{"network", network},
                        {"queueing", ms["server_queue_ms"]},
                        {"data_transfer", ms["server_compute_input_ms"]},
                        {"inference", ms["server_compute_infer_ms"]},
                        {"postprocessing", ms["server_compute_output_ms"]}});
  }
  // Without an "Avg latency" column the mean is the sum of the parts, which perf_analyzer built
  // to add up to it; a zero network part means it was clamped, and the sum would be too small.
  if (ms.count(sim::metric::latency_ms("mean"))) {
    parameters["latency_mean_source"] = "Avg latency column";
  } else if (server_stats && ms["network_server_send_recv_ms"] > 0) {
    double sum = 0.0;
    for (const sim::BreakdownValue& b : run.breakdown) sum += b.mean_ms;
    sum += ms["server_cache_hit_ms"] + ms["server_cache_miss_ms"];
    add_metric(run, sim::metric::latency_ms("mean"), sum, "ms");
    parameters["latency_mean_source"] = "sum of the time columns";
  }
  const std::string tag = load_mode + "=" + format_number(load);
  sim::RunResult out = make_imported_run("perf-csv", file.path, tag, parameters);
  out.metrics = std::move(run.metrics);
  out.breakdown = std::move(run.breakdown);
  out.resources = std::move(run.resources);
  return out;
}

}  // namespace

std::vector<sim::RunResult> import_perf_csv(const std::string& path) {
  const TextFile file = read_text_file(path);
  std::string load_mode;
  const std::vector<Column> columns = read_header(file, load_mode);
  std::vector<sim::RunResult> runs;
  for (std::size_t i = 1; i < file.lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    if (trim(file.lines[i]).empty()) continue;
    const std::vector<std::string> cells = split_fields(file.lines[i], ',');
    if (cells.size() != columns.size() + 1) {
      file.fail(line, "has " + std::to_string(cells.size()) + " cells, the header has " +
                          std::to_string(columns.size() + 1));
    }
    runs.push_back(import_row(file, line, load_mode, columns, cells));
  }
  if (runs.empty()) file.fail(1, "header only: no load-point rows to import");
  return runs;
}

}  // namespace servesim::validate
