// Test helper: writes ZIP archives and .xlsx workbooks in memory, with the quirks real writers have
// (names in GB18030 without the UTF-8 flag, data descriptors, stored entries, a sheet before the shared
// strings it uses), so the readers are tested on bytes this project's own code did not produce.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tltest {

struct ZipOpt {
  bool deflate = true;
  bool utf8_flag = false;
  bool descriptor = false;   // sizes and CRC after the data (bit 3), zeros in the local header
  bool bad_crc = false;
  uint16_t method = 0;       // forced method number (0: 8 or 0 by `deflate`)
  uint16_t extra_flags = 0;  // e.g. 1 = encrypted
};

class ZipBuilder {
 public:
  using Opt = ZipOpt;
  void add(const std::string& name, const std::string& data, Opt o = {}) {
    std::string body = data;
    uint16_t method = o.deflate ? 8 : 0;
    if (o.deflate) body = deflate_raw(data);
    if (o.method) method = o.method;
    uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    if (o.bad_crc) crc ^= 0x5a5a5a5a;
    const uint16_t flags = static_cast<uint16_t>((o.utf8_flag ? 0x800 : 0) | (o.descriptor ? 8 : 0) | o.extra_flags);
    const uint32_t offset = static_cast<uint32_t>(out_.size());
    put32(out_, 0x04034b50); put16(out_, 20); put16(out_, flags); put16(out_, method); put16(out_, 0); put16(out_, 0x21);
    put32(out_, o.descriptor ? 0 : crc); put32(out_, o.descriptor ? 0 : static_cast<uint32_t>(body.size()));
    put32(out_, o.descriptor ? 0 : static_cast<uint32_t>(data.size()));
    put16(out_, static_cast<uint16_t>(name.size())); put16(out_, 0);
    out_ += name;
    out_ += body;
    if (o.descriptor) { put32(out_, 0x08074b50); put32(out_, crc); put32(out_, static_cast<uint32_t>(body.size())); put32(out_, static_cast<uint32_t>(data.size())); }
    put32(cd_, 0x02014b50); put16(cd_, 20); put16(cd_, 20); put16(cd_, flags); put16(cd_, method); put16(cd_, 0); put16(cd_, 0x21);
    put32(cd_, crc); put32(cd_, static_cast<uint32_t>(body.size())); put32(cd_, static_cast<uint32_t>(data.size()));
    put16(cd_, static_cast<uint16_t>(name.size())); put16(cd_, 0); put16(cd_, 0); put16(cd_, 0); put16(cd_, 0); put32(cd_, 0);
    put32(cd_, offset);
    cd_ += name;
    ++count_;
  }
  std::string finish() const {
    std::string z = out_;
    const uint32_t cd_at = static_cast<uint32_t>(z.size());
    z += cd_;
    put32(z, 0x06054b50); put16(z, 0); put16(z, 0); put16(z, count_); put16(z, count_);
    put32(z, static_cast<uint32_t>(cd_.size())); put32(z, cd_at); put16(z, 0);
    return z;
  }

  static std::string deflate_raw(const std::string& in) { return compress(in, -15); }
  static std::string gzip(const std::string& in) { return compress(in, 16 + 15); }
  static std::string compress(const std::string& in, int window_bits) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(&out[0]);
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }

 private:
  static void put16(std::string& s, uint16_t v) { s += static_cast<char>(v & 0xff); s += static_cast<char>(v >> 8); }
  static void put32(std::string& s, uint32_t v) { put16(s, static_cast<uint16_t>(v & 0xffff)); put16(s, static_cast<uint16_t>(v >> 16)); }
  std::string out_, cd_;
  uint16_t count_ = 0;
};

// A workbook: sheets as raw <sheetData> XML, the shared strings written AFTER the sheets (as Excel does).
struct XlsxSheet {
  std::string name, data_xml;
  bool hidden = false;
};
inline std::string make_xlsx(const std::vector<XlsxSheet>& sheets, const std::vector<std::string>& shared,
                             const std::string& styles_xml, bool date1904 = false) {
  ZipBuilder z;
  std::string types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  z.add("[Content_Types].xml", types);
  z.add("_rels/.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"xl/workbook.xml\"/></Relationships>");
  std::string wb = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">";
  wb += date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>";
  wb += "<sheets>";
  std::string rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    wb += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + n + "\" r:id=\"rIdS" + n + "\"" + (sheets[i].hidden ? " state=\"hidden\"" : "") + "/>";
    rels += "<Relationship Id=\"rIdS" + n + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
  }
  wb += "</sheets></workbook>";
  rels += "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
          "<Relationship Id=\"rIdU\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
          "</Relationships>";
  z.add("xl/workbook.xml", wb);
  z.add("xl/_rels/workbook.xml.rels", rels);
  for (size_t i = 0; i < sheets.size(); ++i)
    z.add("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
              sheets[i].data_xml + "</sheetData></worksheet>");
  z.add("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + styles_xml + "</styleSheet>");
  std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
                    std::to_string(shared.size()) + "\">";
  for (const std::string& s : shared) sst += "<si>" + s + "</si>";
  sst += "</sst>";
  z.add("xl/sharedStrings.xml", sst);
  return z.finish();
}

}  // namespace tltest
