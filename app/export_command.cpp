// SPDX-License-Identifier: Apache-2.0
// CSV export of the results database, for people who live in spreadsheets or pandas.
#include "app/commands.hpp"
#include "sim/report/metric_names.hpp"
#include "sim/store/results_store.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"

#include <sqlite3.h>

#include <fstream>
#include <iostream>
#include <set>

namespace servesim::app {
using namespace servesim::sim;
namespace po = boost::program_options;
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

int export_command(const std::vector<std::string>& args) {
  std::string db_path = "servesim-results.db";
  std::string table = "metrics";
  std::string out_path = "-";
  std::int64_t run_id = 0;
  po::options_description options("export");
  options.add_options()("db", po::value(&db_path)->default_value(db_path),
                        "results SQLite file to read")(
      "table", po::value(&table)->default_value(table),
      "runs | metrics | breakdown | resources | histograms | requests | request_stages")(
      "run", po::value(&run_id)->default_value(0), "only this run_id (0 = every run)")(
      "out", po::value(&out_path)->default_value(out_path), "CSV file to write ('-' = stdout)");
  po::variables_map values;
  if (!parse_command_line("export", args, options, values)) return 0;
  static const std::set<std::string> kTables = {
      "runs", "metrics", "breakdown", "resources", "histograms", "requests", "request_stages"};
  if (!kTables.count(table)) {
    throw UsageError("servesim export: --table '" + table +
                     "' unknown; use runs, metrics, breakdown, resources, histograms, requests or "
                     "request_stages");
  }
  SqliteDb db = SqliteDb::open(db_path, /*read_only=*/true);
  auto rows = db.prepare("SELECT * FROM " + table + (run_id > 0 ? " WHERE run_id = ?" : "") +
                         " ORDER BY run_id");
  if (run_id > 0) rows.bind(1, run_id);

  // Write to a temporary file and rename, so an interrupted export leaves no half file.
  const std::string temp_path = out_path + ".partial";
  std::ofstream file;
  if (out_path != "-") {
    file.open(temp_path);
    if (!file) throw UsageError("servesim export: cannot write '" + out_path + "'");
  }
  std::ostream& out = out_path == "-" ? std::cout : file;
  std::string header;
  for (const std::string& column : db.column_names(table)) {
    header += (header.empty() ? "" : ",") + column;
  }
  out << header << "\n";
  std::size_t count = 0;
  const int width = static_cast<int>(std::count(header.begin(), header.end(), ',')) + 1;
  // Metric names as the vocabulary has them, also for runs stored by an older build.
  const int name_column = table == "metrics" ? 1 : -1;
  while (rows.step()) {
    for (int c = 0; c < width; ++c) {
      const std::string text =
          c == name_column ? current_metric_name(rows.column_text(c)) : rows.column_text(c);
      out << (c ? "," : "") << csv_field(text);
    }
    out << "\n";
    ++count;
  }
  if (out_path != "-") {
    file.close();
    if (std::rename(temp_path.c_str(), out_path.c_str()) != 0) {
      throw UsageError("servesim export: cannot write '" + out_path + "'");
    }
    std::cerr << "servesim: wrote " << count << " rows of " << table << " to " << out_path << "\n";
  }
  return 0;
}

}  // namespace servesim::app
