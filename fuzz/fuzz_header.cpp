// Fuzz target (f): header recognition (schema/columns.hpp). Input: 1 byte for the forced kind, then
// header cells separated by LF. What must hold: one meaning per column and one column per field
// (the map and per_column agree), a column means what header_meaning says of its cell (or its meaning in
// context: a plain order id as the main one, 商家编码 as the shop id) or nothing, a
// forced kind is kept, what is missing is among the kind's required fields, and the names of kinds
// and fields read back.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "schema/columns.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const tl::FileKind forced = tlfuzz::pick_kind(data[0]);
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string_view> cells;
  for (size_t at = 0;;) {
    const size_t nl = text.find('\n', at);
    cells.push_back(std::string_view(text).substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  const tl::HeaderAnalysis a = tl::analyse_header(cells, forced);
  TL_FUZZ_CHECK(a.per_column.size() == cells.size(), "per_column has another size");
  if (forced != tl::FileKind::Unknown) TL_FUZZ_CHECK(a.kind == forced, "the forced kind was not kept");
  for (size_t f = 1; f < tl::kFieldCount; ++f) {
    const int col = a.map.col[f];
    if (col < 0) continue;
    TL_FUZZ_CHECK(static_cast<size_t>(col) < cells.size(), "a field mapped past the header");
    TL_FUZZ_CHECK(a.per_column[col] == static_cast<tl::Field>(f), "map and per_column disagree");
  }
  TL_FUZZ_CHECK(a.map.col[0] < 0, "Field::None mapped to a column");
  for (size_t c = 0; c < cells.size(); ++c) {
    const tl::Field f = a.per_column[c];
    if (f == tl::Field::None) continue;
    TL_FUZZ_CHECK(a.map[f] == static_cast<int>(c), "a column claims a field mapped elsewhere");
    const tl::HeaderMeaning m = tl::header_meaning(cells[c]);   // what its words say, or what they mean in context
    TL_FUZZ_CHECK(m.field == f || m.alt == f, "a column means what its cell does not say");
    TL_FUZZ_CHECK(a.source[c] == tl::ColumnSource::Name, "a meaning from names without the name as its source");
  }
  const std::vector<tl::Field> required = tl::required_fields(a.kind);
  for (tl::Field m : a.missing) {
    TL_FUZZ_CHECK(std::find(required.begin(), required.end(), m) != required.end(), "a missing field that is not required");
    TL_FUZZ_CHECK(!a.map.has(m), "a missing field that is mapped");
  }
  TL_FUZZ_CHECK(tl::parse_kind(tl::kind_name(a.kind)) == a.kind, tl::kind_name(a.kind));
  for (size_t f = 0; f < tl::kFieldCount; ++f)
    TL_FUZZ_CHECK(tl::parse_field(tl::field_name(static_cast<tl::Field>(f))) == static_cast<tl::Field>(f), "field names");
  // names from the input are looked up, never trusted
  (void)tl::parse_kind(text);
  (void)tl::parse_field(text);
  return 0;
}
