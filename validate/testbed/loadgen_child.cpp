// SPDX-License-Identifier: Apache-2.0
// The load generator's process entry: `servesim testbed loadgen-child ...`, started by the
// testbed (not meant to be typed), so that the load is a separate process as in a real test.
#include "sim/util/command_line.hpp"

#include <boost/program_options.hpp>

#include "validate/testbed/load_generator.hpp"
#include <iostream>

namespace servesim::validate {

int loadgen_child_main(const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  LoadgenOptions o;
  std::string out_path;
  po::options_description options("testbed loadgen-child");
  // clang-format off
  options.add_options()
      ("port", po::value(&o.port)->required(), "server port on 127.0.0.1")
      ("rate", po::value(&o.rate_per_s)->default_value(0), "open loop: requests per second")
      ("concurrency", po::value(&o.concurrency)->default_value(0), "closed loop: clients")
      ("image", po::value(&o.images)->default_value(o.images), "image mix")
      ("duration-s", po::value(&o.duration_s)->required(), "seconds of sending")
      ("seed", po::value(&o.seed)->required(), "run seed")
      ("drain-timeout-s", po::value(&o.drain_timeout_s)->default_value(o.drain_timeout_s),
       "longest wait for a reply")
      ("out", po::value(&out_path)->required(), "log file to write");
  // clang-format on
  po::variables_map values;
  if (!sim::parse_command_line("testbed loadgen-child", args, options, values)) return 0;
  write_loadgen_log(run_load_generator(o), out_path);
  return 0;
}

}  // namespace servesim::validate
