// Fuzz target (c): bytes that claim to be Cuts, as a page's Web Worker could post them (a bug there,
// a stale build, a hostile page script). Input: 4 option bytes (kind, encoding, separator, unused) for
// the file the Cuts are taken into, then Cuts, each as a 32-bit little-endian length and that many
// bytes. load() must refuse what does not hold together; what it accepts is taken, and the Workspace
// must then close, evaluate and report without crashing, with a valid JSON report, whatever the bytes
// said. A Cut load() accepts must serialize back to the very bytes it was loaded from (nothing in
// them is ignored or reinterpreted).
#include <cstring>

#include "cutter.hpp"
#include "fuzz_common.hpp"
#include "support.hpp"
#include "report/report.hpp"
#include "workspace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  tl::FileOptions o;
  o.kind = tlfuzz::pick_kind(data[0]);
  o.encoding = tlfuzz::pick_encoding(data[1]);
  o.separator = tlfuzz::pick_separator(data[2]);
  tl::Workspace ws;
  const int id = ws.open("cuts.bin", o);
  tl::Cut in;
  size_t at = 4;
  int taken = 0;
  while (at < size && taken < 16) {
    uint32_t n = 0;
    std::memcpy(&n, data + at, std::min<size_t>(4, size - at));
    at += std::min<size_t>(4, size - at);
    n = static_cast<uint32_t>(std::min<size_t>(n, size - at));
    const std::string bytes(reinterpret_cast<const char*>(data + at), n);
    at += n;
    uint8_t* room = in.buffer(n);
    if (n) std::memcpy(room, bytes.data(), n);
    if (!in.load()) continue;
    const std::string_view again = in.serialize();
    if (again != bytes) {
      size_t d = 0;
      while (d < again.size() && d < bytes.size() && again[d] == bytes[d]) ++d;
      tlfuzz::fail("a Cut load() accepted serializes to other bytes",
                   "sizes " + std::to_string(bytes.size()) + " -> " + std::to_string(again.size()) + ", first difference at byte " + std::to_string(d));
    }
    room = in.buffer(n);   // (serialize() reused the buffer)
    if (n) std::memcpy(room, bytes.data(), n);
    TL_FUZZ_CHECK(in.load(), "load() refused bytes it accepted before");
    tl::take(ws, id, in);
    ++taken;
  }
  ws.close(id);
  const tl::Result r = ws.evaluate(tl::default_rules());
  std::string error;
  TL_FUZZ_CHECK(tlfuzz::report_holds_together(tl::report::json(r), error), error);
  (void)tl::report::text(r, tl::Lang::Zh, tl::Host::Page);
  (void)tl::report::merchants_csv(r, tl::Lang::En);
  return 0;
}
