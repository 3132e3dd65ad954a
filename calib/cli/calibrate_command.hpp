// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// `servesim calibrate --backend cpu|broker|cuda [--quick] [--db FILE] [--device KEY]
/// [--broker-url URL]... [--pin-core N] [--name NAME] [--resume] [--ops LIST] [--models LIST]
/// [--export-sql FILE]`: measures this machine into a cost table (each point committed as it
/// is measured), or with `--backend testbed --topology FILE... [--image LIST] [--concurrency
/// LIST] [--duration-s T] [--costs DB...]` times the stages inside the live server, with a progress
/// bar on a terminal and plain lines otherwise, then prints what it measured. `--export-sql FILE`
/// (alone, or after a run) writes the database's tables as reviewable SQL text. Command-line
/// mistakes throw sim::UsageError (exit 2); an unwritable database, an unreachable broker or a
/// missing GPU throw std::runtime_error (one line, exit 1). Ctrl-C stops after the current point
/// (exit 130); the points so far stay stored.
int calibrate_command(const std::vector<std::string>& args);

}  // namespace servesim::calib
