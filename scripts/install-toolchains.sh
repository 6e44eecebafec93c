#!/usr/bin/env bash
# Install the language toolchains the suites use: Debian packages, and the npm packages pinned
# in package-lock.json. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v go >/dev/null 2>&1 || need+=(golang-go)
# Go analysers: gofmt and go vet come with golang-go; staticcheck is Debian's go-staticcheck
command -v staticcheck >/dev/null 2>&1 || command -v go-staticcheck >/dev/null 2>&1 || need+=(go-staticcheck)
command -v php >/dev/null 2>&1 || need+=(php-cli)
command -v phpcs >/dev/null 2>&1 || need+=(php-codesniffer)   # PHP's analysers: PSR-12 ...
command -v phpmd >/dev/null 2>&1 || need+=(phpmd)   # ... and PHP Mess Detector
command -v phpunit >/dev/null 2>&1 || need+=(phpunit)   # PHPUnit 9 runs PHP's native tests
command -v ruby >/dev/null 2>&1 || need+=(ruby)
command -v rubocop >/dev/null 2>&1 || need+=(rubocop)   # Ruby's analyser (idiomaticity, best practices)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v checkstyle >/dev/null 2>&1 || need+=(checkstyle)   # Java's analyser, with javac -Xlint
# Java's native tests and project mode (Exercism exercises): the real JUnit 5 (Jupiter, parameterized tests, the
# Platform launcher) and AssertJ, whose jars /usr/share/java holds
[ -f /usr/share/java/junit-platform-launcher.jar ] && [ -f /usr/share/java/junit-jupiter-params.jar ] || need+=(junit5)
[ -f /usr/share/java/assertj-core.jar ] || need+=(libassertj-core-java)
# Java's harness (every Java run) reads and writes JSON with Gson
[ -f /usr/share/java/gson.jar ] || need+=(libgoogle-gson-java)
if ! command -v rustc >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/rustc" ]; then need+=(rustc); fi
# Rust analysers: clippy and rustfmt, rustup components (or Debian's packages for Debian's rustc)
RUSTUP="$(command -v rustup || echo "$HOME/.cargo/bin/rustup")"
if [ -x "$RUSTUP" ]; then
  for component in clippy rustfmt; do
    "$RUSTUP" component list --installed 2>/dev/null | grep -q "^$component" || "$RUSTUP" component add "$component"
  done
else
  command -v clippy-driver >/dev/null 2>&1 || need+=(rust-clippy)
  command -v rustfmt >/dev/null 2>&1 || need+=(rustfmt)
fi
# C++: g++ with Catch2 v2 and nlohmann/json (headers); clang-tidy 16 or newer (clang 14 cannot
# parse g++ 12's C++20 ranges) and clang-format as its analysers
command -v g++ >/dev/null 2>&1 || need+=(g++)
[ -f /usr/include/catch2/catch.hpp ] || need+=(catch2)
[ -f /usr/include/nlohmann/json.hpp ] || need+=(nlohmann-json3-dev)
compgen -G "/usr/bin/clang-tidy-1[6-9]" >/dev/null || compgen -G "/usr/bin/clang-tidy-[2-9][0-9]" >/dev/null || need+=(clang-tidy-16)
command -v clang-format >/dev/null 2>&1 || compgen -G "/usr/bin/clang-format-[1-9]*" >/dev/null || need+=(clang-format-16)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)   # the sandbox's namespaces
# the HTML report's browser test (tests/test_report_html.py) drives Debian's Chromium
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q "${need[@]}" || { $SUDO apt-get update -q && $SUDO apt-get install -y -q "${need[@]}"; }
fi

if [ -f package-lock.json ]; then
  # TypeScript's compiler and Node.js types, Jest and Babel's ES-module transform (JavaScript's
  # native tests), and Biome (@biomejs/biome: a native binary shipped in the npm package), the
  # analyser of both; the runners, the tsc checks and Biome read node_modules
  npm ci --no-audit --no-fund --loglevel=error
fi

# the real agent clients the tests drive (Aider in its own virtual environment, Claude Code
# with npm), under ~/.cache/pytest-agentbench/clients; a failure only makes their tests skip
python3 tests/agent_clients.py install || echo "some agent clients are not installed: their tests skip"
