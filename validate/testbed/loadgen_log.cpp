// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/loadgen_log.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace servesim::validate {
namespace {
constexpr const char* kHeader = "servesim-loadgen 1";
}

void write_loadgen_log(const LoadgenLog& log, const std::string& path) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary);
    if (!out) throw std::runtime_error("load generator: cannot write " + temporary);
    out.precision(17);
    out << kHeader << "\nstart_ns " << log.start_ns << "\nduration_s " << log.duration_s
        << "\ncpu_user_s " << log.cpu_user_s << "\ncpu_system_s " << log.cpu_system_s << "\n";
    for (const LoadgenRequest& r : log.requests) {
      out << "req " << r.id << ' ' << r.image_class << ' ' << r.width_px << ' ' << r.height_px
          << ' ' << r.jpeg_bytes << ' ' << r.planned_ns << ' ' << r.sent_ns << ' ' << r.done_ns
          << '\n';
    }
    out << "end\n";
    if (!out.flush()) throw std::runtime_error("load generator: write failed: " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("load generator: cannot rename " + temporary + " to " + path);
  }
}

LoadgenLog read_loadgen_log(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the load generator's log");
  LoadgenLog log;
  std::string line;
  int number = 0;
  bool ended = false;
  auto fail = [&](const std::string& why) {
    throw std::runtime_error(path + ":" + std::to_string(number) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line != kHeader)
        fail("not a load generator log (expected '" + std::string(kHeader) + "')");
      continue;
    }
    if (ended) fail("text after 'end'");
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    bool ok = true;
    if (key == "start_ns") {
      ok = static_cast<bool>(fields >> log.start_ns);
    } else if (key == "duration_s") {
      ok = static_cast<bool>(fields >> log.duration_s);
    } else if (key == "cpu_user_s") {
      ok = static_cast<bool>(fields >> log.cpu_user_s);
    } else if (key == "cpu_system_s") {
      ok = static_cast<bool>(fields >> log.cpu_system_s);
    } else if (key == "req") {
      LoadgenRequest r;
      ok = static_cast<bool>(fields >> r.id >> r.image_class >> r.width_px >> r.height_px >>
                             r.jpeg_bytes >> r.planned_ns >> r.sent_ns >> r.done_ns);
      if (ok && !(r.sent_ns <= r.done_ns))
        fail("request " + std::to_string(r.id) + " done before sent");
      log.requests.push_back(r);
    } else if (key == "end") {
      ended = true;
      continue;
    } else {
      fail("unknown field '" + key + "'");
    }
    std::string extra;
    if (!ok) fail("malformed value(s) for '" + key + "'");
    if (fields >> extra) fail("extra text '" + extra + "' after '" + key + "'");
  }
  if (number == 0) fail("empty file (the load generator wrote nothing)");
  if (!ended) fail("no 'end' line: the load generator did not finish");
  return log;
}

}  // namespace servesim::validate
