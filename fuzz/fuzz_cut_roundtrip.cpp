// Fuzz target (b): the two-stage path as the page runs it with a Web Worker. Each file (same input as
// fuzz_workspace) is cut by a Cutter, every Cut travels as bytes (serialize -> another Cut's buffer() +
// load(), which must accept them) into a Workspace that takes it; the columns reach the cutting side
// a few chunks after the header was taken, and the cutting side reads orders rows' cells or not as
// the input says. The same files fed to a second Workspace with feed() must give the same report.
#include <cstring>

#include "cutter.hpp"
#include "fuzz_common.hpp"
#include "report/report.hpp"
#include "workspace.hpp"

namespace {

std::string describe(const tl::FileInfo& i) {
  std::string s = std::string(tl::file_state_name(i.state)) + " kind " + tl::kind_name(i.kind) + " rows " + std::to_string(i.rows) +
                  " bytes " + std::to_string(i.bytes) + " enc " + tl::csv::encoding_name(i.encoding) + " sep " +
                  std::to_string(int(i.separator)) + " blank " + std::to_string(i.blank_lines) + " invalid " +
                  std::to_string(i.invalid_chars) + " error " + (i.error ? tl::render(*i.error, tl::Lang::En) : "");
  for (auto& r : i.rejected) s += " | " + std::string(tl::reason_code(r.reason)) + " " + std::to_string(r.count);
  for (auto& [st, n] : i.statuses) s += " | " + st + " " + std::to_string(n);
  for (auto& w : i.warnings) s += " | " + tl::render(w, tl::Lang::En);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<tlfuzz::FuzzFile> files = tlfuzz::split_files(data, size);
  tl::Workspace remote, local;
  tl::Cut out, in;
  for (size_t n = 0; n < files.size(); ++n) {
    const tlfuzz::FuzzFile& f = files[n];
    const std::string name = "f" + std::to_string(n) + ".csv";
    const auto* p = reinterpret_cast<const uint8_t*>(f.bytes.data());
    const std::vector<size_t> chunks = tlfuzz::chunking(f.bytes.size(), f.chunk_seed);

    // the page's way: cut elsewhere, bytes in between
    tl::Cutter cutter(name, f.options);
    const int rid = remote.open(name, f.options);
    int columns_in = -1;                       // chunks until the cutting side gets the columns
    const int delay = 1 + (f.extra >> 1) % 3;
    auto carry = [&]() {
      const std::string_view bytes = out.serialize();
      uint8_t* room = in.buffer(bytes.size());
      if (!bytes.empty()) std::memcpy(room, bytes.data(), bytes.size());
      TL_FUZZ_CHECK(in.load(), "load() refused the bytes of a Cut just serialized");
      tl::take(remote, rid, in);
      if (columns_in < 0 && tl::taken_columns(remote, rid)) columns_in = delay;
      if (columns_in > 0 && --columns_in == 0) cutter.use_columns(remote.info(rid).kind, *tl::taken_columns(remote, rid));
    };
    size_t at = 0, k = 0;
    for (size_t len : chunks) {
      const bool read_cells = ((f.extra >> (k++ % 4)) & 1) == 0;
      cutter.cut(len ? p + at : nullptr, len, out, read_cells);
      at += len;
      carry();
    }
    cutter.finish(out);
    carry();
    remote.close(rid);

    // the one-thread way
    const int lid = local.open(name, f.options);
    at = 0;
    for (size_t len : chunks) {
      local.feed(lid, len ? p + at : nullptr, len);
      at += len;
    }
    local.close(lid);
    TL_FUZZ_CHECK(describe(remote.info(rid)) == describe(local.info(lid)),
                  "cut and taken: " + describe(remote.info(rid)) + "\nfed:           " + describe(local.info(lid)));
  }
  const tl::RuleSet rules = tl::default_rules();
  const std::string a = tl::report::json(remote.evaluate(rules)), b = tl::report::json(local.evaluate(rules));
  TL_FUZZ_CHECK(a == b, "the report of the Cuts taken differs from the report of feed()");
  return 0;
}
