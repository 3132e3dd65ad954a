// SPDX-License-Identifier: Apache-2.0
#include "validate/importers/perf_json_importer.hpp"

#include <nlohmann/json.hpp>

#include "validate/importers/import_error.hpp"
#include "validate/importers/imported_run.hpp"
#include "validate/importers/json_locator.hpp"
#include "validate/importers/json_pruned_parse.hpp"
#include "validate/importers/text_source.hpp"
#include <algorithm>

namespace servesim::validate {
namespace {
using nlohmann::json;

class ProfileReader {
 public:
  ProfileReader(std::string path, std::string text)
      : path_(std::move(path)), text_(std::move(text)) {}

  std::vector<sim::RunResult> read() {
    try {
      // Newer exports carry every request's input tensors and outputs (for vision models, whole
      // images): not needed here, so not kept in memory.
      doc_ = parse_json_pruned(text_, {"request_inputs", "response_outputs"});
    } catch (const JsonSyntaxError& e) {
      const TextPosition at = position_of_offset(text_, e.byte == 0 ? 0 : e.byte - 1);
      const std::string message = e.what();
      const auto reason = message.find(": ", message.find("column"));
      throw ImportError(where(at) + "not valid JSON (" +
                        (reason == std::string::npos ? message : message.substr(reason + 2)) + ")");
    }
    if (!doc_.is_object() || !doc_.contains("experiments") || !doc_["experiments"].is_array()) {
      fail("", "no 'experiments' array: is this a perf_analyzer --profile-export-file?");
    }
    const json& experiments = doc_["experiments"];
    if (experiments.empty()) fail("/experiments", "'experiments' is empty");
    std::vector<sim::RunResult> runs;
    for (std::size_t i = 0; i < experiments.size(); ++i) runs.push_back(experiment(i));
    return runs;
  }

 private:
  std::string where(TextPosition at) const {
    return path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  }
  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    std::string readable = pointer;  // "/experiments/0/requests/3" -> "experiments[0].requests[3]"
    std::string out;
    std::size_t start = 1;
    while (start <= readable.size() && !readable.empty()) {
      const std::size_t end = std::min(readable.find('/', start), readable.size());
      const std::string token = readable.substr(start, end - start);
      const bool index =
          !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
      out += index ? "[" + token + "]" : (out.empty() ? "" : ".") + token;
      start = end + 1;
    }
    throw ImportError(where(locate_json_value(text_, pointer)) + (out.empty() ? "" : out + ": ") +
                      what);
  }
  std::int64_t timestamp(const json& value, const std::string& pointer) const {
    if (!value.is_number_unsigned() ||
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      fail(pointer, "holds " + value.dump() + ", expected a timestamp (unsigned integer ns)");
    }
    return value.get<std::int64_t>();
  }

  sim::RunResult experiment(std::size_t i) {
    const std::string at = "/experiments/" + std::to_string(i);
    const json& entry = doc_["experiments"][i];
    if (!entry.is_object()) fail(at, "is not an object");
    if (!entry.contains("experiment") || !entry["experiment"].is_object()) {
      fail(at, "no 'experiment' object (mode and value of the load point)");
    }
    const json& load = entry["experiment"];
    const std::string mode = load.value("mode", "");
    if (mode != "concurrency" && mode != "request_rate") {
      fail(at + "/experiment", "mode is '" + mode + "', expected 'concurrency' or 'request_rate'");
    }
    if (!load.contains("value") || !load["value"].is_number() || load["value"].get<double>() < 0) {
      fail(at + "/experiment", "no numeric 'value' (the concurrency or request rate)");
    }
    if (!entry.contains("requests") || !entry["requests"].is_array()) {
      fail(at, "no 'requests' array");
    }
    const json& requests = entry["requests"];
    if (requests.empty()) fail(at + "/requests", "no requests in this experiment");

    struct Sent {
      std::int64_t sent;
      std::int64_t done;  // -1: no response
    };
    std::vector<Sent> all;
    for (std::size_t j = 0; j < requests.size(); ++j) {
      const std::string rp = at + "/requests/" + std::to_string(j);
      const json& r = requests[j];
      if (!r.is_object()) fail(rp, "is not an object");
      if (!r.contains("timestamp")) fail(rp, "no 'timestamp' (the request's send time in ns)");
      const std::int64_t sent = timestamp(r["timestamp"], rp + "/timestamp");
      // Older perf_analyzer example files spell it "responses_timestamps".
      const char* key =
          r.contains("response_timestamps") ? "response_timestamps" : "responses_timestamps";
      if (!r.contains(key) || !r[key].is_array()) fail(rp, "no 'response_timestamps' array");
      std::int64_t done = -1;
      for (std::size_t k = 0; k < r[key].size(); ++k) {
        const std::string tp = rp + "/" + key + "/" + std::to_string(k);
        const std::int64_t t = timestamp(r[key][k], tp);
        if (t < sent) fail(tp, "response at " + std::to_string(t) + " ns precedes its request");
        done = std::max(done, t);
      }
      all.push_back({sent, done});
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Sent& a, const Sent& b) { return a.sent < b.sent; });
    const std::int64_t t0 = all.front().sent;

    nlohmann::ordered_json parameters;
    parameters["experiment_index"] = i;
    parameters["load_mode"] = mode;
    parameters["load_value"] = load["value"];
    for (const char* field : {"version", "service_kind", "endpoint"}) {
      if (doc_.contains(field) && doc_[field].is_string()) {
        parameters[std::string("perf_analyzer_") + field] = doc_[field];
      }
    }
    std::vector<std::int64_t> windows;
    if (entry.contains("window_boundaries") && entry["window_boundaries"].is_array()) {
      for (std::size_t k = 0; k < entry["window_boundaries"].size(); ++k) {
        windows.push_back(timestamp(entry["window_boundaries"][k],
                                    at + "/window_boundaries/" + std::to_string(k)));
      }
    }
    const std::string tag = mode + "=" + format_number(load["value"].get<double>());
    std::vector<sim::RequestRecord> records;
    std::vector<std::int64_t> latencies;
    std::int64_t last_done = t0;
    std::int64_t no_response = 0;
    for (const Sent& s : all) {
      if (s.done < 0) {
        ++no_response;
        continue;
      }
      sim::RequestRecord record;
      record.request_id = static_cast<std::int64_t>(records.size());
      record.sent_ns = s.sent - t0;
      record.done_ns = s.done - t0;
      records.push_back(record);
      latencies.push_back(s.done - s.sent);
      last_done = std::max(last_done, s.done);
    }
    if (latencies.empty()) fail(at + "/requests", "no request in this experiment got a response");

    // Throughput as perf_analyzer measures it: completions inside the measurement windows over
    // their span; without windows, completions over first send to last response.
    double completed = static_cast<double>(latencies.size());
    double span_ns = static_cast<double>(last_done - t0);
    if (windows.size() >= 2 && windows.back() > windows.front()) {
      const auto [lo, hi] = std::minmax_element(windows.begin(), windows.end());
      completed = static_cast<double>(std::count_if(
          all.begin(), all.end(), [&](const Sent& s) { return s.done >= *lo && s.done <= *hi; }));
      span_ns = static_cast<double>(*hi - *lo);
      parameters["throughput_window"] = "window_boundaries";
    } else {
      parameters["throughput_window"] = "first send to last response";
    }
    sim::RunResult run = make_imported_run("perf-json", path_, tag, parameters);
    run.requests = std::move(records);
    if (span_ns > 0) add_metric(run, "throughput_rps", completed / (span_ns / 1e9), "req/s");
    add_latency_summary(run, latencies);
    add_metric(run, "requests", static_cast<double>(latencies.size()), "count");
    add_metric(run, "requests_without_response", static_cast<double>(no_response), "count");
    add_metric(run, "duration_s", span_ns / 1e9, "s");
    return run;
  }

  std::string path_;
  std::string text_;
  json doc_;
};

}  // namespace

std::vector<sim::RunResult> import_perf_json(const std::string& path) {
  ProfileReader reader(path, read_whole_file(path));
  return reader.read();
}

}  // namespace servesim::validate
