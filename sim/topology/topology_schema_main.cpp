// SPDX-License-Identifier: Apache-2.0
// servesim_topology_schema: prints the attribute tables of topologies/README.md from the
// attribute schema, or with --update FILE rewrites them in FILE (the test "topology attribute
// schema: topologies/README.md matches the schema" fails until they agree).
#include "sim/topology/attribute_schema.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
  const std::string usage = "usage: servesim_topology_schema [--update topologies/README.md]\n";
  if (argc == 1) {
    std::cout << servesim::sim::attribute_tables_markdown();
    return 0;
  }
  if (argc != 3 || std::string(argv[1]) != "--update") {
    std::cerr << usage;
    return 2;
  }
  const std::string path = argv[2];
  std::ifstream in(path);
  if (!in) {
    std::cerr << "servesim_topology_schema: cannot read " << path << "\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  try {
    const std::string updated = servesim::sim::with_attribute_tables(text.str());
    std::ofstream out(path);
    out << updated;
    if (!out) throw std::runtime_error("cannot write " + path);
  } catch (const std::exception& e) {
    std::cerr << "servesim_topology_schema: " << path << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
