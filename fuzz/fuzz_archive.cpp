// Fuzz target: archives and workbooks (src/core/archive). The input is the bytes of a file a person
// dropped: a ZIP (maybe an .xlsx, maybe nesting both) or a gzip. It is opened as the hosts open it, every
// item is read into a Workspace (at most 4 MB each: a deflate bomb is a slow input, not a finding), and the
// data is evaluated. Nothing may throw or crash; every item either reads to its end or fails with a
// coded message; a damaged entry never leaves the file Reading.
#include "fuzz_common.hpp"
#include "archive/archive.hpp"
#include "archive/xlsx.hpp"
#include "report/report.hpp"
#include "support.hpp"
#include "workspace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tl::archive::MemorySource src(std::string(reinterpret_cast<const char*>(data), size));
  std::optional<tl::Message> error;
  auto a = tl::archive::Archive::open(src, "in.zip", error);
  if (!a) {
    if (error) (void)tl::render_full(*error, tl::Lang::Zh, tl::Host::Page);
    return 0;
  }
  tl::Workspace ws;
  std::vector<uint8_t> buf(64 * 1024);
  for (size_t i = 0; i < a->items().size() && i < 16; ++i) {
    const tl::archive::Item& it = a->items()[i];
    if (it.note) { (void)tl::render_full(*it.note, tl::Lang::En, tl::Host::Cli); continue; }
    const int id = ws.open(it.name, a->options(i, {}));
    if (it.error) { ws.fail(id, *it.error); continue; }
    auto s = a->stream(i);
    size_t total = 0;
    for (size_t n; total < (4u << 20) && (n = s->read(buf.data(), buf.size())) > 0; total += n) ws.feed(id, buf.data(), n);
    if (s->failed()) ws.fail(id, tl::archive::stream_message(it.name, s->problem()));
    else ws.close(id);
    const tl::FileInfo& f = ws.info(id);
    TL_FUZZ_CHECK(f.state == tl::FileState::Done || f.state == tl::FileState::Failed, tl::file_state_name(f.state));
    TL_FUZZ_CHECK(f.state != tl::FileState::Failed || f.error, "a failed file without a message");
  }
  std::string err;
  TL_FUZZ_CHECK(tlfuzz::report_holds_together(tl::report::json(ws.evaluate(tl::default_rules())), err), err);
  return 0;
}
