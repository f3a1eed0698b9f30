// tierlens web — browser-rasterised glyph atlas (see fonts.hpp).
#include "fonts.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

// Measures glyphs: for each codepoint writes 5 ints: advance, x0, y0, x1, y1 (box relative to the
// pen at the line's top-left), in device pixels. face: 0 regular, 1 bold, 2 big.
EM_JS(void, tl_js_measure_glyphs, (int face, float line_px, const uint32_t* cps, int n, int32_t* out), {
  window.tlGlyphs.measure(face, line_px, HEAPU32.subarray(cps >> 2, (cps >> 2) + n), HEAP32.subarray(out >> 2, (out >> 2) + n * 5));
});
// Draws glyphs into the alpha-8 atlas: jobs are 6 ints per glyph: face, codepoint, rect x, rect y, w, h
// (pen origin = rect - box origin, passed through x0/y0 already subtracted by the C++ side as jobs[6..7]).
EM_JS(void, tl_js_draw_glyphs, (const int32_t* jobs, int n, const float* line_px, uint8_t* atlas, int w, int h), {
  window.tlGlyphs.draw(HEAP32.subarray(jobs >> 2, (jobs >> 2) + n * 8), n, HEAPF32.subarray(line_px >> 2, (line_px >> 2) + 3), atlas, w, h);
});

namespace tlw::fonts {
namespace {

// CSS line heights of the three faces (ImGui's FontSize is the line height).
constexpr float kLineCss[FaceCount] = {17.0f, 20.0f, 34.0f};

struct State {
  float dpr = 1.0f;
  std::set<uint32_t> chars[FaceCount];
  bool dirty = true;
  ImFont* font[FaceCount] = {nullptr, nullptr, nullptr};
  // What earlier builds rasterised, reused by the next one: each glyph's box and its alpha-8 pixels,
  // so that a rebuild for a few new characters (a file's names after reading) rasterises only those,
  // not the whole atlas again (~100 ms under software rendering). Valid for one dpr.
  struct Glyph { int32_t box[5]; size_t px; };   // box: advance, x0, y0, x1, y1; px: its w*h pixels in `pixels`
  std::unordered_map<uint64_t, Glyph> known;                   // face << 32 | codepoint
  std::vector<uint8_t> pixels;
  float known_dpr = 0;
} S;

inline uint32_t next_cp(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  uint32_t cp;
  int extra;
  if (c < 0x80) { cp = c; extra = 0; }
  else if ((c >> 5) == 6) { cp = c & 0x1F; extra = 1; }
  else if ((c >> 4) == 14) { cp = c & 0x0F; extra = 2; }
  else if ((c >> 3) == 30) { cp = c & 0x07; extra = 3; }
  else { ++i; return 0xFFFD; }
  ++i;
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) >> 6) != 2) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    ++i;
  }
  return cp;
}

// ascii: false to skip ASCII, which init() put in every face (the long report texts are mostly ASCII).
bool add_text(int face, std::string_view s, bool ascii = false) {
  bool added = false;
  for (size_t i = 0; i < s.size();) {
    if (!ascii && static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    uint32_t cp = next_cp(s, i);
    if (cp < 0x20 || cp > 0xFFFF || (cp >= 0x7F && cp < 0xA0)) continue;  // ImWchar is 16-bit
    if (S.chars[face].insert(cp).second) added = true;
  }
  S.dirty |= added;
  return added;
}

}  // namespace

void init(float dpr) {
  S.dpr = dpr;
  std::string ascii;
  for (int c = 0x20; c < 0x7F; ++c) ascii += static_cast<char>(c);
  ascii += "…·—–“”‘’、，。：；！？（）《》【】¥￥✓✗▲▼●○→←↑↓⚠×√万亿年月日";
  for (int f = 0; f < FaceCount; ++f) add_text(f, ascii, true);
  S.dirty = true;
}

void set_dpr(float dpr) {
  if (dpr != S.dpr) { S.dpr = dpr; S.dirty = true; }
}
float dpr() { return S.dpr; }

bool need(std::string_view utf8, bool all_faces) {
  bool added = add_text(Regular, utf8);
  if (all_faces) { added |= add_text(Bold, utf8); added |= add_text(Big, utf8); }
  return added;
}
void need_face(Face f, std::string_view utf8) { add_text(f, utf8); }

ImFont* get(Face f) { return S.font[f]; }

bool update() {
  if (!S.dirty) return false;
  S.dirty = false;
  if (S.known_dpr != S.dpr) {
    S.known.clear();
    S.pixels.clear();
    S.known_dpr = S.dpr;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->TexGlyphPadding = 1;
  static const ImWchar kSpaceOnly[] = {0x20, 0x20, 0};
  float line_px[FaceCount];
  struct Job { int face; uint32_t cp; int rect; const State::Glyph* known; int x0, y0; };
  std::vector<Job> jobs;
  std::vector<int32_t> fresh_boxes;   // per new glyph: adv, x0, y0, x1, y1 (kept until they are cached)
  std::vector<size_t> fresh_jobs;
  for (int f = 0; f < FaceCount; ++f) {
    line_px[f] = std::round(kLineCss[f] * S.dpr);
    ImFontConfig cfg;
    cfg.SizePixels = line_px[f];
    cfg.GlyphRanges = kSpaceOnly;  // a container font: every glyph comes from the browser
    cfg.OversampleH = cfg.OversampleV = 1;
    S.font[f] = io.Fonts->AddFontDefault(&cfg);
    // AddFontDefault names U+0085 (ProggyClean's ellipsis) the font's ellipsis, which no browser font has:
    // clipped table headers then ended in the fallback '?'. Ours is U+2026, always in the atlas (init()).
    S.font[f]->EllipsisChar = 0x2026;
    // 1. the characters: known from an earlier build, or measured now
    std::vector<const State::Glyph*> known;
    std::vector<uint32_t> fresh;
    for (uint32_t cp : S.chars[f]) {
      auto it = S.known.find(static_cast<uint64_t>(f) << 32 | cp);
      known.push_back(it != S.known.end() ? &it->second : nullptr);
      if (!known.back()) fresh.push_back(cp);
    }
    std::vector<int32_t> m(fresh.size() * 5);
    if (!fresh.empty()) tl_js_measure_glyphs(f, line_px[f], fresh.data(), static_cast<int>(fresh.size()), m.data());
    // 2. a rect per character, in code point order
    size_t i = 0, fi = 0;
    for (uint32_t cp : S.chars[f]) {
      const State::Glyph* g = known[i++];
      const int32_t* b = g ? g->box : &m[fi++ * 5];
      if (!g) {
        fresh_jobs.push_back(jobs.size());
        fresh_boxes.insert(fresh_boxes.end(), b, b + 5);
      }
      const int w = std::max(1, b[3] - b[1]), h = std::max(1, b[4] - b[2]);
      const int r = io.Fonts->AddCustomRectFontGlyph(S.font[f], static_cast<ImWchar>(cp), w, h, static_cast<float>(b[0]),
                                                     ImVec2(static_cast<float>(b[1]), static_cast<float>(b[2])));
      jobs.push_back({f, cp, r, g, b[1], b[2]});
    }
  }
  io.Fonts->Build();
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsAlpha8(&pixels, &tw, &th);
  // 3. known glyphs: their pixels as before; new ones: drawn by the browser
  std::vector<int32_t> flat;
  flat.reserve(fresh_jobs.size() * 8);
  for (const Job& j : jobs) {
    const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(j.rect);
    if (j.known) {
      const uint8_t* src = S.pixels.data() + j.known->px;
      for (int y = 0; y < r->Height; ++y) std::copy_n(src + static_cast<size_t>(y) * r->Width, r->Width, pixels + (r->Y + y) * tw + r->X);
    } else {
      flat.insert(flat.end(), {j.face, static_cast<int32_t>(j.cp), r->X, r->Y, r->Width, r->Height, -j.x0, -j.y0});
    }
  }
  if (!fresh_jobs.empty()) tl_js_draw_glyphs(flat.data(), static_cast<int>(fresh_jobs.size()), line_px, pixels, tw, th);
  // 4. remember the new glyphs
  for (size_t k = 0; k < fresh_jobs.size(); ++k) {
    const Job& j = jobs[fresh_jobs[k]];
    const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(j.rect);
    const int32_t* b = &fresh_boxes[k * 5];
    State::Glyph g{{b[0], b[1], b[2], b[3], b[4]}, S.pixels.size()};
    for (int y = 0; y < r->Height; ++y) S.pixels.insert(S.pixels.end(), pixels + (r->Y + y) * tw + r->X, pixels + (r->Y + y) * tw + r->X + r->Width);
    S.known.emplace(static_cast<uint64_t>(j.face) << 32 | j.cp, g);
  }
  // The GL backend uploads RGBA32 (converted from the alpha-8 pixels we just wrote).
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  return true;
}

}  // namespace tlw::fonts
