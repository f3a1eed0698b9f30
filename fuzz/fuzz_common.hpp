// tierlens fuzzing — what the targets share: reading options from the input's first bytes, chunkings
// driven by the input, a check that stops the run with a message, and the input format of the targets
// that load files into a Workspace.
//
// Files input (fuzz_workspace, fuzz_cut_roundtrip): up to 4 files, separated by kFileSep. Each file
// starts with 4 option bytes — kind, encoding, separator, chunking seed — and the rest are its bytes.
// The seeds scripts/fuzz.sh writes are in that format (4 bytes, then a fixture).
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "file_info.hpp"

namespace tlfuzz {

// A broken invariant: says which, and aborts (libFuzzer keeps the input as a crash).
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\n*** tierlens fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}
#define TL_FUZZ_CHECK(cond, detail) \
  do {                              \
    if (!(cond)) ::tlfuzz::fail(#cond, detail); \
  } while (0)

// splitmix64: chunk sizes and other choices, all from the input (runs are reproducible).
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
};

// Chunk sizes that cover the input: mostly small (every boundary inside characters, quotes, CRLF),
// sometimes empty, sometimes large. seed 0: the whole input in one chunk.
inline std::vector<size_t> chunking(size_t n, uint8_t seed) {
  std::vector<size_t> out;
  if (seed == 0) {
    out.push_back(n);
    return out;
  }
  Rng r(seed);
  for (size_t at = 0; at < n;) {
    size_t k;
    switch (r.below(8)) {
      case 0: k = 0; break;                      // an empty feed
      case 1: k = 1 + r.below(3); break;         // inside a multi-byte character
      case 2: k = 64 + r.below(64); break;       // around the scanner's 64-byte blocks
      case 3: k = n - at; break;                 // the rest at once
      default: k = 1 + r.below(40); break;
    }
    if (k > n - at) k = n - at;
    out.push_back(k);
    at += k;
  }
  return out;
}

constexpr std::string_view kFileSep = "\x1E\x1E\x1E\x1E";   // four RS bytes between files
constexpr size_t kMaxFiles = 4;

struct FuzzFile {
  tl::FileOptions options;
  uint8_t chunk_seed = 0;
  uint8_t extra = 0;            // a free byte for the target (e.g. when to hand columns over)
  std::string_view bytes;
};

inline tl::FileKind pick_kind(uint8_t b) {
  static const tl::FileKind k[] = {tl::FileKind::Unknown, tl::FileKind::Unknown, tl::FileKind::Orders,
                                   tl::FileKind::Bindings, tl::FileKind::MonthlyStats, tl::FileKind::Standards,
                                   tl::FileKind::Rules, tl::FileKind::Unknown};
  return k[b % 8];
}
inline tl::csv::Encoding pick_encoding(uint8_t b) {
  static const tl::csv::Encoding e[] = {tl::csv::Encoding::Auto, tl::csv::Encoding::Auto, tl::csv::Encoding::Utf8,
                                        tl::csv::Encoding::Utf8Bom, tl::csv::Encoding::Gb18030, tl::csv::Encoding::Utf16Le,
                                        tl::csv::Encoding::Utf16Be, tl::csv::Encoding::Auto};
  return e[b % 8];
}
// The separators a host can force (CLI --separator, the page's picker) and a few it should not.
inline char pick_separator(uint8_t b) {
  static const char s[] = {0, 0, ',', '\t', ';', '|', ' ', '"', '\n', '\r', 0, '\xE5', ',', '\t', ';', 0};
  return s[b % 16];
}

inline std::vector<FuzzFile> split_files(const uint8_t* data, size_t size) {
  std::vector<FuzzFile> files;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  while (files.size() < kMaxFiles) {
    if (all.size() < 4) break;
    FuzzFile f;
    f.options.kind = pick_kind(static_cast<uint8_t>(all[0]));
    f.options.encoding = pick_encoding(static_cast<uint8_t>(all[1]));
    f.options.separator = pick_separator(static_cast<uint8_t>(all[2]));
    f.chunk_seed = static_cast<uint8_t>(all[3]);
    f.extra = static_cast<uint8_t>(all[0]) >> 3;
    if (f.extra & 1)   // a column override as the page's and the CLI's column pickers make (-1 removes)
      f.options.columns.push_back({static_cast<tl::Field>(1 + (f.extra >> 1) % (tl::kFieldCount - 1)),
                                   static_cast<int>(static_cast<uint8_t>(all[1]) >> 3) - 1});
    all.remove_prefix(4);
    const size_t end = all.find(kFileSep);
    f.bytes = all.substr(0, end);
    files.push_back(f);
    if (end == std::string_view::npos) break;
    all.remove_prefix(end + kFileSep.size());
  }
  return files;
}

}  // namespace tlfuzz
