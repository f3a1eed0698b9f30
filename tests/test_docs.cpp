// tierlens — the documentation keeps up with the message catalog: docs/messages.md has a section for
// every message code and a table row for every reason code, and docs/metrics.md a table row for every
// reason code. A code added to TL_MESSAGES or TL_REASONS (messages/catalog.hpp) without its
// documentation, or a message whose severity changed, fails here.
//
// The files are read by absolute path (TIERLENS_SOURCE_DIR); the wasm build runs this under node with
// NODERAWFS, so the same path works there.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "messages/catalog.hpp"

namespace {

std::string read_doc(const std::string& relative) {
  const std::string path = std::string(TIERLENS_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether a line of the doc starts with `prefix` (a line is what follows a '\n', or the first one).
bool has_line(const std::string& doc, const std::string& prefix) {
  if (doc.compare(0, prefix.size(), prefix) == 0) return true;
  return doc.find("\n" + prefix) != std::string::npos;
}
// A message's own section with its severity: "#### `file.empty` — error". A mention in passing does not count.
bool has_message_section(const std::string& doc, tl::Msg m) {
  return has_line(doc, std::string("#### `") + tl::msg_code(m) + "` — " + tl::severity_name(tl::msg_severity(m)));
}
// A reason's own table row: "| `bad_month` | ...".
bool has_reason_row(const std::string& doc, const std::string& code) { return has_line(doc, "| `" + code + "` |"); }

}  // namespace

TEST_CASE("docs/messages.md names every message code and every reason code", "[docs]") {
  const std::string doc = read_doc("docs/messages.md");
  REQUIRE(!doc.empty());
  for (size_t i = 0; i < static_cast<size_t>(tl::Msg::Count_); ++i) {
    const tl::Msg m = static_cast<tl::Msg>(i);
    INFO("message code " << tl::msg_code(m) << ": docs/messages.md needs a section \"#### `" << tl::msg_code(m) << "` — "
                         << tl::severity_name(tl::msg_severity(m)) << "\"");
    CHECK(has_message_section(doc, m));
  }
  for (size_t i = 0; i < tl::kReasonCount; ++i) {
    const std::string code = tl::reason_code(static_cast<tl::Reason>(i));
    INFO("reason code " << code << ": the doc needs a table row \"| `" << code << "` | ...\"");
    CHECK(has_reason_row(doc, code));
  }
}

TEST_CASE("docs/metrics.md names every reason code", "[docs]") {
  const std::string doc = read_doc("docs/metrics.md");
  REQUIRE(!doc.empty());
  for (size_t i = 0; i < tl::kReasonCount; ++i) {
    const std::string code = tl::reason_code(static_cast<tl::Reason>(i));
    INFO("reason code " << code << ": the doc needs a table row \"| `" << code << "` | ...\"");
    CHECK(has_reason_row(doc, code));
  }
}
