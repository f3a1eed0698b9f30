// Field normalisation: every accepted and rejected form, with expected values computed
// independently (`date -ud "<wall clock>" +%s` gives the CST seconds of a CST wall-clock time).
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>

#include "core/normalize/normalize.hpp"

using namespace tl::norm;

namespace {

constexpr int64_t k20230601 = 1685577600;      // 2023-06-01 00:00:00 CST
constexpr int64_t k20230601_12 = 1685620800;   // 2023-06-01 12:00:00 CST
constexpr int64_t k20230601_123456 = 1685622896;  // 2023-06-01 12:34:56 CST

struct Dt {
  TimeStatus st;
  int64_t t;
};
Dt dt(std::string_view s) {
  int64_t t = -1;
  TimeStatus st = parse_datetime(s, t);
  return Dt{st, st == TimeStatus::Ok ? t : -1};
}
bool ok_at(std::string_view s, int64_t expected) {
  Dt d = dt(s);
  if (d.st != TimeStatus::Ok || d.t != expected) {
    UNSCOPED_INFO("input: [" << std::string(s) << "] status " << int(d.st) << " value " << d.t);
    return false;
  }
  return true;
}
bool bad(std::string_view s) {
  Dt d = dt(s);
  if (d.st != TimeStatus::Bad) UNSCOPED_INFO("input: [" << std::string(s) << "] status " << int(d.st) << " value " << d.t);
  return d.st == TimeStatus::Bad;
}
std::string cst(int64_t t) {
  char b[20];
  format_cst(t, b);
  return b;
}
std::string month(int mi) {
  char b[8];
  format_month(mi, b);
  return b;
}

}  // namespace

// ---- ids ---------------------------------------------------------------------------------

TEST_CASE("clean_id: plain ids and whitespace", "[normalize][id]") {
  auto r = clean_id("6912345678901234567");
  CHECK(r.status == IdStatus::Ok);
  CHECK(r.value == "6912345678901234567");
  CHECK(clean_id("  123  ").value == "123");
  CHECK(clean_id("\t123\t").value == "123");            // leading / trailing tab guard
  CHECK(clean_id("123\t").value == "123");
  CHECK(clean_id("\r\n123 \r\n").value == "123");
  CHECK(clean_id("\xE3\x80\x80" "123" "\xE3\x80\x80").value == "123");  // full-width spaces
  CHECK(clean_id("\xC2\xA0" "123" "\xC2\xA0").value == "123");          // NBSP
  CHECK(clean_id("\xEF\xBB\xBF" "123").value == "123");                 // stray BOM
  CHECK(clean_id("\xE2\x80\x8B" "123").value == "123");                 // zero-width space
  CHECK(clean_id("店铺 A1").value == "店铺 A1");                         // inner space kept
  CHECK(clean_id("E12345").status == IdStatus::Ok);
  CHECK(clean_id("12E4AB").status == IdStatus::Ok);
  CHECK(clean_id("1.2.3E5").status == IdStatus::Ok);
  CHECK(clean_id("E+18").status == IdStatus::Ok);
  CHECK(clean_id("1E").status == IdStatus::Ok);
  CHECK(clean_id("-123").value == "-123");
  CHECK(clean_id("abc").value == "abc");
  // a trailing Chinese character whose last byte is 0xA0/0x80 is not whitespace
  CHECK(clean_id("x\xE4\xB8\x80").value == "x\xE4\xB8\x80");  // 一 ends in 0x80
  CHECK(clean_id("\xE4\xB8\xA0").value == "\xE4\xB8\xA0");    // 丠 ends in 0xA0
}

TEST_CASE("clean_id: Excel text guards", "[normalize][id]") {
  CHECK(clean_id("=\"123\"").value == "123");
  CHECK(clean_id("=\"123\"").status == IdStatus::Ok);
  CHECK(clean_id("  =\"  123 \"  ").value == "123");
  CHECK(clean_id("'123").value == "123");
  CHECK(clean_id(" '6912345678901234567 ").value == "6912345678901234567");
  CHECK(clean_id("\t6912345678901234567").value == "6912345678901234567");
  CHECK(clean_id("=\"\"").status == IdStatus::Empty);
  CHECK(clean_id("'").status == IdStatus::Empty);
  CHECK(clean_id("=\"-\"").status == IdStatus::Empty);
  CHECK(clean_id("=123").value == "=123");  // not a guard form: kept as is
  CHECK(clean_id("=\"123").value == "=\"123");
}

TEST_CASE("clean_id: empty placeholders", "[normalize][id]") {
  for (const char* s : {"", " ", "\t", "\xE3\x80\x80", "-", "--", "---", " - ", "null", "NULL", "Null", "N/A", "n/a",
                        "#N/A", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "\xEF\xBC\x8D", "'-", "=\"null\""}) {
    INFO("input: [" << s << "]");
    auto r = clean_id(s);
    CHECK(r.status == IdStatus::Empty);
    CHECK(r.value.empty());
  }
  CHECK(clean_id("-1").status == IdStatus::Ok);
  CHECK(clean_id("nullx").status == IdStatus::Ok);
}

TEST_CASE("clean_id: scientific notation is rejected", "[normalize][id]") {
  for (const char* s : {"1.23457E+18", "1.2e+18", "6.9E18", "6.9e18", "1E+18", "7.12345E-05", " 1.23457E+18 ",
                        "'1.23457E+18", "=\"1.23457E+18\"", "12E4", "-1.5E+10"}) {
    INFO("input: [" << s << "]");
    CHECK(clean_id(s).status == IdStatus::Scientific);
  }
  CHECK(clean_id(" 1.23457E+18 ").value == "1.23457E+18");
}

TEST_CASE("clean_text", "[normalize][text]") {
  CHECK(clean_text("  服饰内衣  ") == "服饰内衣");
  CHECK(clean_text("\xE3\x80\x80已支付\xE3\x80\x80") == "已支付");
  CHECK(clean_text("=\"A店\"") == "A店");
  CHECK(clean_text("'Shop") == "Shop");
  CHECK(clean_text("-").empty());
  CHECK(clean_text("--").empty());
  CHECK(clean_text("").empty());
  CHECK(clean_text("   ").empty());
  CHECK(clean_text("NULL").empty());
  CHECK(clean_text("a - b") == "a - b");
  CHECK(clean_text("1.2E+5") == "1.2E+5");  // text is not checked for scientific notation
}

// ---- numbers -----------------------------------------------------------------------------

TEST_CASE("parse_money_cents: accepted forms", "[normalize][money]") {
  struct C {
    const char* in;
    int64_t cents;
  };
  const C cases[] = {
      {"0", 0},
      {"12", 1200},
      {"12.3", 1230},
      {"12.34", 1234},
      {"1,234.5", 123450},
      {"1,234,567.89", 123456789},
      {"1 234.50", 123450},
      {"1\xC2\xA0" "234.50", 123450},
      {"1\xEF\xBC\x8C" "234", 123400},  // full-width comma
      {".5", 50},
      {"5.", 500},
      {"-12.34", -1234},
      {"+12.34", 1234},
      {"\xE2\x88\x92" "12.34", -1234},  // U+2212 minus
      {"(1,234.50)", -123450},
      {"( 12 )", -1200},
      {"\xC2\xA5" "1,234.50", 123450},  // ¥
      {"\xEF\xBF\xA5" "1,234.50", 123450},  // ￥
      {"\xC2\xA5 12", 1200},
      {"-\xC2\xA5" "12.5", -1250},
      {"\xC2\xA5-12.5", -1250},
      {"$99.99", 9999},
      {"RMB 100", 10000},
      {"rmb100", 10000},
      {"CNY 1,000.00", 100000},
      {"100 CNY", 10000},
      {"100\xE5\x85\x83", 10000},  // 元
      {"1,234.5 \xE5\x85\x83", 123450},
      {"  12.34  ", 1234},
      {"\xE3\x80\x80" "12.34\xE3\x80\x80", 1234},
      {"=\"12.34\"", 1234},
      {"'12.34", 1234},
      // rounding half away from zero at the 3rd decimal
      {"0.005", 1},
      {"0.004", 0},
      {"0.0049", 0},
      {"1.995", 200},
      {"1.994999", 199},
      {"-0.005", -1},
      {"-1.995", -200},
      {"-0.004", 0},
      {"92233720368547", 9223372036854700},
  };
  for (const C& c : cases) {
    INFO("input: [" << c.in << "]");
    auto v = parse_money_cents(c.in);
    REQUIRE(v.has_value());
    CHECK(*v == c.cents);
  }
}

TEST_CASE("parse_money_cents: rejected forms", "[normalize][money]") {
  for (const char* s : {"", " ", "-", "--", "abc", "12abc", "1.2.3", "12,34", "1,2345", "1234,567.8", "1.234,56",
                        "1,234 567", ",123", "123,", "1.2E+5", "$", "\xC2\xA5", ".", "-.", "(12", "(-12)", "--12",
                        "$12$", "\xC2\xA5 12\xE5\x85\x83", "12 34", "99999999999999999999", "1e3", "0x10",
                        "12-"}) {
    INFO("input: [" << s << "]");
    CHECK_FALSE(parse_money_cents(s).has_value());
  }
}

TEST_CASE("parse_count", "[normalize][count]") {
  struct C {
    const char* in;
    int64_t v;
  };
  const C cases[] = {{"0", 0},          {"1234", 1234},     {"1,234", 1234},       {"1234.0", 1234},
                     {"1234.00", 1234}, {" 12 ", 12},       {"1 234", 1234},       {"1,234,567", 1234567},
                     {"-5", -5},        {"+7", 7},          {"=\"42\"", 42},       {"'42", 42},
                     {"\t42\t", 42},    {"\xE3\x80\x80" "42", 42}, {"9223372036854775807", INT64_MAX}};
  for (const C& c : cases) {
    INFO("input: [" << c.in << "]");
    auto v = parse_count(c.in);
    REQUIRE(v.has_value());
    CHECK(*v == c.v);
  }
  for (const char* s : {"", "-", "12.5", "0.1", "abc", "12a", "1,23", "12,34,567", "1.2E+3", "9223372036854775808",
                        "$12", "12\xE5\x85\x83", "1 2"}) {
    INFO("input: [" << s << "]");
    CHECK_FALSE(parse_count(s).has_value());
  }
}

// ---- date-times --------------------------------------------------------------------------

TEST_CASE("parse_datetime: calendar forms", "[normalize][time]") {
  CHECK(ok_at("2023-06-01 00:00:00", k20230601));
  CHECK(ok_at("2023-06-01 12:00:00", k20230601_12));
  CHECK(ok_at("2023-06-01 12:34:56", k20230601_123456));
  CHECK(ok_at("2023-06-01 12:00", k20230601_12));
  CHECK(ok_at("2023-06-01", k20230601));
  CHECK(ok_at("2023/6/1 12:00", k20230601_12));
  CHECK(ok_at("2023/06/01 12:00:00", k20230601_12));
  CHECK(ok_at("2023/6/1", k20230601));
  CHECK(ok_at("2023-6-1 9:05", 1685610300));
  CHECK(ok_at("2023-06-01 09:05", 1685610300));
  CHECK(ok_at("2023.06.01", k20230601));
  CHECK(ok_at("2023.6.1 12:34:56", k20230601_123456));
  CHECK(ok_at("20230601", k20230601));
  CHECK(ok_at("20230601 12:34:56", k20230601_123456));
  CHECK(ok_at("20230601123456", k20230601_123456));
  CHECK(ok_at("2023年6月1日 12:00:00", k20230601_12));
  CHECK(ok_at("2023年06月01日 12:34:56", k20230601_123456));
  CHECK(ok_at("2023年6月1日", k20230601));
  CHECK(ok_at("2023年6月1日12:00", k20230601_12));
  CHECK(ok_at("2023年6月1号", k20230601));
  CHECK(ok_at("2023年6月1", k20230601));
  CHECK(ok_at("2023-06-01T12:00:00", k20230601_12));
  CHECK(ok_at("2023-06-01t12:00", k20230601_12));
  CHECK(ok_at("2023-06-01 12\xEF\xBC\x9A" "00\xEF\xBC\x9A" "00", k20230601_12));  // full-width colons
  CHECK(ok_at("2024-02-29 00:00:00", 1709164800));
  CHECK(ok_at("2000-02-29", 951782400));
  CHECK(ok_at("2023-12-31 23:59:59", 1704067199));
  CHECK(ok_at("2000-01-01 00:00:00", 946684800));
}

TEST_CASE("parse_datetime: fractional seconds are truncated", "[normalize][time]") {
  CHECK(ok_at("2023-06-01 12:34:56.123", k20230601_123456));
  CHECK(ok_at("2023-06-01 12:34:56.999999", k20230601_123456));
  CHECK(ok_at("2023-06-01 12:34:56,5", k20230601_123456));
  CHECK(ok_at("2023-06-01T12:34:56.123456789Z", k20230601_123456 + 28800));
  CHECK(ok_at("2023-12-31 23:59:59.999", 1704067199));  // stays in its month
}

TEST_CASE("parse_datetime: zones convert to CST", "[normalize][time]") {
  CHECK(ok_at("2023-06-01T12:00:00+08:00", k20230601_12));
  CHECK(ok_at("2023-06-01T12:00:00+0800", k20230601_12));
  CHECK(ok_at("2023-06-01T12:00:00+08", k20230601_12));
  CHECK(ok_at("2023-06-01T04:00:00Z", k20230601_12));
  CHECK(ok_at("2023-06-01T04:00:00z", k20230601_12));
  CHECK(ok_at("2023-06-01 04:00:00 UTC", k20230601_12));
  CHECK(ok_at("2023-06-01 04:00:00 GMT", k20230601_12));
  CHECK(ok_at("2023-06-01 12:00:00 UTC+8", k20230601_12));
  CHECK(ok_at("2023-06-01 12:00:00 UTC+08:00", k20230601_12));
  CHECK(ok_at("2023-06-01 12:00:00 +0800", k20230601_12));
  CHECK(ok_at("2023-06-01T04:00Z", k20230601_12));
  CHECK(ok_at("2023-06-01T04:00:00.5Z", k20230601_12));
  CHECK(ok_at("2023-06-01T12:00:00-05:00", 1685667600));   // 17:00 UTC = 2023-06-02 01:00 CST
  CHECK(ok_at("2023-06-01T12:00:00-0500", 1685667600));
  CHECK(ok_at("2023-06-01T05:30:00+05:30", k20230601 + 8 * 3600));  // 00:00 UTC = 08:00 CST
  CHECK(ok_at("2023-06-01T00:00:00+00:00", k20230601 + 8 * 3600));
  CHECK(ok_at("2023-06-30T20:00:00Z", 1688169600 + 4 * 3600));  // crosses into July in CST
  CHECK(ok_at("2023-06-01T12:00:00+14:00", k20230601_12 - 6 * 3600));
}

TEST_CASE("parse_datetime: epoch numbers", "[normalize][time]") {
  CHECK(ok_at("1685592000", k20230601_12));  // 2023-06-01 04:00:00 UTC
  CHECK(ok_at("1685592000123", k20230601_12));
  CHECK(ok_at("1685592000999", k20230601_12));
  CHECK(ok_at("1685592000.75", k20230601_12));
  CHECK(ok_at(" 1685592000 ", k20230601_12));
  CHECK(ok_at("'1685592000", k20230601_12));
  CHECK(ok_at("=\"1685592000123\"", k20230601_12));
  CHECK(ok_at("1685548800", k20230601));
  CHECK(ok_at("2023060112", 2023060112 + 28800));  // any 10 digits are epoch seconds
}

TEST_CASE("parse_datetime: Excel serial numbers", "[normalize][time]") {
  CHECK(ok_at("45078", k20230601));
  CHECK(ok_at("45078.5", k20230601_12));
  CHECK(ok_at("45078.0", k20230601));
  CHECK(ok_at("45078.2708333333", 1685601000));         // 06:30:00 (rounds 23399.99999712 up)
  CHECK(ok_at("45078.524259259259", k20230601_123456));  // 12:34:56
  CHECK(ok_at("45078.99999999", 1685664000));          // rounds to the next midnight
  CHECK(ok_at("45078.000005787", k20230601));          // 0.49999 s -> 0
  CHECK(ok_at("45078.0000057871", k20230601 + 1));     // 0.500005 s -> 1
  CHECK(ok_at("45078.00000578703703703703", k20230601));  // beyond 14 digits: truncated, deterministic
  CHECK(ok_at("36526", 946684800));                    // 2000-01-01
  CHECK(ok_at("61", -2203891200));                     // 1900-03-01
  CHECK(ok_at("59", -2203977600));                     // 1900-02-28 (Excel's 1900 leap-year bug)
  CHECK(ok_at("1", -2208988800));                      // 1900-01-01
  CHECK(ok_at("99999", 6430752000));                   // 2173-10-13
  CHECK(ok_at("2023", -2034374400));                   // a bare year is a serial too (1905-07-15)
  CHECK(bad("60"));                                    // Excel's fictitious 1900-02-29
  CHECK(bad("0"));
  CHECK(bad("0.5"));
  CHECK(bad("100000"));      // 6 integer digits
  CHECK(bad("2958465"));     // in Excel's range but more than 5 integer digits
  CHECK(bad("045078"));
  CHECK(bad("45078."));
  CHECK(bad(".5"));
  CHECK(bad("-45078"));
  CHECK(bad("45078.5.1"));
}

TEST_CASE("parse_datetime: surrounding whitespace and guards", "[normalize][time]") {
  CHECK(ok_at("  2023-06-01 12:00:00  ", k20230601_12));
  CHECK(ok_at("\t2023-06-01 12:00:00\t", k20230601_12));
  CHECK(ok_at("\xE3\x80\x80" "2023-06-01 12:00:00\xE3\x80\x80", k20230601_12));
  CHECK(ok_at("2023-06-01\xE3\x80\x80" "12:00:00", k20230601_12));  // full-width space separator
  CHECK(ok_at("2023-06-01   12:00:00", k20230601_12));
  CHECK(ok_at("\xC2\xA0" "2023/6/1 12:00\xC2\xA0", k20230601_12));
  CHECK(ok_at("=\"2023-06-01 12:00:00\"", k20230601_12));
  CHECK(ok_at("'2023-06-01 12:00:00", k20230601_12));
}

TEST_CASE("parse_datetime: empty", "[normalize][time]") {
  for (const char* s : {"", " ", "-", "--", "\xE3\x80\x80", "null", "N/A", "=\"\""}) {
    INFO("input: [" << s << "]");
    CHECK(dt(s).st == TimeStatus::Empty);
  }
}

TEST_CASE("parse_datetime: rejected forms", "[normalize][time]") {
  for (const char* s : {
           "abc", "2023-02-29", "2023-02-29 12:00:00", "1900-02-29", "2023-13-01", "2023-00-10", "2023-06-00",
           "2023-06-31", "2023-04-31", "2023-06-01 25:00", "2023-06-01 24:00:00", "2023-06-01 12:60",
           "2023-06-01 12:00:60", "2023-06-01 12", "2023-06-01 12:", "2023-06-01 12:00:", "2023-06-01 12:00:00.",
           "2023-06-01 123:00", "2023-06-01 12:000", "2023-06-01T", "2023-06-01 T12:00", "2023-06-0112:00",
           "2023-06/01", "2023/06-01", "2023-06", "202306", "2023-006-01", "2023-06-001", "23-06-01",
           "06/01/2023", "1/6/2023 12:00", "2023年6月", "2023年6月1日 25:00", "2023-06-01 12:00:00 +",
           "2023-06-01T12:00:00+8", "2023-06-01T12:00:00+08:0", "2023-06-01T12:00:00+15:00",
           "2023-06-01T12:00:00+08:60", "2023-06-01T12:00:00ZZ", "2023-06-01T12:00:00 CST", "2023-06-01Z",
           "2023-06-01 12:00 PM", "2023-06-01 12:00:00 abc", "20230631", "20231301", "20230601250000",
           "123456789", "12345678901", "123456789012", "12345678901234567", "1.23457E+18",
           "2023-06-01x", "1685592000.", "1685592000.5x", "１２３"}) {
    CHECK(bad(s));
  }
}

// ---- calendar helpers ------------------------------------------------------------------------

TEST_CASE("days_from_civil", "[normalize][calendar]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(2023, 6, 1) == 19509);
  CHECK(days_from_civil(1600, 1, 1) == -135140);
  CHECK(days_from_civil(1899, 12, 30) == -25569);
}

TEST_CASE("month index helpers", "[normalize][calendar]") {
  const int jun = month_index(2023, 6);
  CHECK(jun == 2023 * 12 + 5);
  CHECK(month_year(jun) == 2023);
  CHECK(month_month(jun) == 6);
  CHECK(month_of_cst_seconds(k20230601) == jun);
  CHECK(month_of_cst_seconds(k20230601 - 1) == jun - 1);
  CHECK(month_of_cst_seconds(1688169600 - 1) == jun);      // 2023-06-30 23:59:59
  CHECK(month_of_cst_seconds(1688169600) == jun + 1);      // 2023-07-01 00:00:00
  CHECK(month_of_cst_seconds(0) == month_index(1970, 1));
  CHECK(month_of_cst_seconds(-1) == month_index(1969, 12));
  CHECK(month_start_cst_seconds(jun) == k20230601);
  CHECK(month_start_cst_seconds(jun + 1) == 1688169600);
  CHECK(month_start_cst_seconds(month_index(2023, 1)) == 1672531200);
  CHECK(month_start_cst_seconds(month_index(2024, 3)) == 1709251200);
  CHECK(month_start_cst_seconds(month_index(2024, 3)) - month_start_cst_seconds(month_index(2024, 2)) == 29 * 86400);
  CHECK(month_start_cst_seconds(month_index(2023, 12) + 1) == month_start_cst_seconds(month_index(2024, 1)));
  for (int mi = month_index(1990, 1); mi < month_index(2040, 1); ++mi) {
    CHECK(month_of_cst_seconds(month_start_cst_seconds(mi)) == mi);
    CHECK(month_of_cst_seconds(month_start_cst_seconds(mi + 1) - 1) == mi);
  }
}

TEST_CASE("parse_month", "[normalize][calendar]") {
  const int jun = month_index(2023, 6);
  for (const char* s : {"2023-06", "2023-6", "2023/6", "2023/06", "2023.06", "2023年6月", "2023年06月", "202306",
                        "2023-06-01", "2023/6/30", "2023年6月1日", "20230615", "2023-06-01 12:00:00",
                        " 2023-06 ", "'2023-06", "=\"202306\"", "\xE3\x80\x80" "2023-06", "2023-06-30T12:00:00+08:00"}) {
    INFO("input: [" << s << "]");
    auto m = parse_month(s);
    REQUIRE(m.has_value());
    CHECK(*m == jun);
  }
  CHECK(parse_month("2023-12") == month_index(2023, 12));
  CHECK(parse_month("2023-01") == month_index(2023, 1));
  CHECK(parse_month("2023-06-30T20:00:00Z") == month_index(2023, 7));  // July 1st in CST
  for (const char* s : {"", "-", "Jun 2023", "June", "2023", "2023-13", "2023-00", "202313", "202300", "2023-", "2023-6-",
                        "2023-06-31", "23-06", "2023-006", "2023年13月", "2023年6月x", "06/2023", "45078", "1685592000",
                        "20230", "2023-06 x", "abc"}) {
    INFO("input: [" << s << "]");
    CHECK_FALSE(parse_month(s).has_value());
  }
}

TEST_CASE("format_month and format_cst", "[normalize][calendar]") {
  CHECK(month(month_index(2023, 6)) == "2023-06");
  CHECK(month(month_index(2023, 12)) == "2023-12");
  CHECK(month(month_index(2024, 1)) == "2024-01");
  CHECK(month(month_index(999, 1)) == "0999-01");
  CHECK(cst(k20230601) == "2023-06-01 00:00:00");
  CHECK(cst(k20230601_123456) == "2023-06-01 12:34:56");
  CHECK(cst(1704067199) == "2023-12-31 23:59:59");
  CHECK(cst(1709164800) == "2024-02-29 00:00:00");
  CHECK(cst(0) == "1970-01-01 00:00:00");
  CHECK(cst(-1) == "1969-12-31 23:59:59");
  CHECK(cst(-2203891200) == "1900-03-01 00:00:00");
  CHECK(cst(253402300799) == "9999-12-31 23:59:59");
  // round trip through parse_datetime
  for (int64_t t : {int64_t(k20230601_123456), int64_t(1704067199), int64_t(946684800), int64_t(1709164800 + 3661)}) {
    int64_t back = 0;
    REQUIRE(parse_datetime(cst(t), back) == TimeStatus::Ok);
    CHECK(back == t);
  }
}

TEST_CASE("the fast reading of \"YYYY-MM-DD HH:MM:SS\" agrees with the general one on every input of that shape") {
  // A leading apostrophe (an Excel text guard) sends the same text the general way.
  std::mt19937 rng(20231127);
  const char* const pieces[] = {"0", "1", "2", "9", "a", "-", " ", ":", "/"};
  for (int i = 0; i < 200000; ++i) {
    int y = 1990 + static_cast<int>(rng() % 60), mo = static_cast<int>(rng() % 14), d = static_cast<int>(rng() % 33);
    int hh = static_cast<int>(rng() % 26), mi = static_cast<int>(rng() % 62), ss = static_cast<int>(rng() % 62);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, hh, mi, ss);
    std::string s = buf;
    if (i % 5 == 0) s[rng() % s.size()] = pieces[rng() % 9][0];   // damage one character
    int64_t a = -1, b = -1;
    const tl::norm::TimeStatus sa = tl::norm::parse_datetime(s, a);
    const tl::norm::TimeStatus sb = tl::norm::parse_datetime("'" + s, b);
    CAPTURE(s);
    REQUIRE(sa == sb);
    if (sa == tl::norm::TimeStatus::Ok) REQUIRE(a == b);
  }
}

TEST_CASE("the inline readings of plain ids, text and amounts agree with the general ones", "[normalize]") {
  // A leading space defeats every fast reading (it is whitespace) and changes nothing for the
  // general one, so " " + s is read the general way.
  std::mt19937 rng(20231128);
  const char* const pieces[] = {"0", "1", "5", "9", ".", ".", "\t", " ", "-", "n", "N", "#", "=", "\"", "'", "a", "E", "+",
                                ",", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xE5\xB7\xB2", "\xE6\x88\x90",
                                "\xE2\x80\x94", "\xEF\xBC\x8D", "\xC2\xA5", "\xE5\x85\x83", "(", ")", "\x7F", "\x01"};
  int fast_ids = 0, fast_texts = 0, fast_amounts = 0;
  for (int i = 0; i < 300000; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 24);
    const int alphabet = i % 3 == 0 ? 5 : static_cast<int>(sizeof pieces / sizeof pieces[0]);  // mostly-numeric inputs too
    for (int k = 0; k < len; ++k) s += pieces[rng() % alphabet];
    CAPTURE(s);
    const std::string general = " " + s;
    std::string_view id;
    if (tl::norm::fast::digit_id(s, id)) {
      ++fast_ids;
      const tl::norm::IdResult g = tl::norm::clean_id(general);
      REQUIRE(g.status == tl::norm::IdStatus::Ok);
      REQUIRE(g.value == id);
    }
    if (tl::norm::fast::plain_text(s)) {
      ++fast_texts;
      REQUIRE(tl::norm::clean_text(general) == s);
    }
    int64_t cents = 0;
    if (tl::norm::fast::plain_cents(s, cents)) {
      ++fast_amounts;
      REQUIRE(tl::norm::parse_money_cents(general) == std::optional<int64_t>(cents));
    }
    // and the public functions give the same as the general reading, whichever way they went
    REQUIRE(tl::norm::clean_id(s).status == tl::norm::clean_id(general).status);
    REQUIRE(tl::norm::clean_id(s).value == tl::norm::clean_id(general).value);
    REQUIRE(tl::norm::clean_text(s) == tl::norm::clean_text(general));
    REQUIRE(tl::norm::parse_money_cents(s) == tl::norm::parse_money_cents(general));
  }
  // the fast readings were exercised, not just skipped
  CHECK(fast_ids > 1000);
  CHECK(fast_texts > 1000);
  CHECK(fast_amounts > 1000);
}
