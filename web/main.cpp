// tierlens web — GLFW / Dear ImGui setup and the frame loop (WebGL2 in a <canvas>).
// HiDPI: the stylesheet sizes the canvas in CSS pixels; the backing store is CSS × devicePixelRatio and
// ImGui runs in physical pixels (fonts rasterised at size × dpr, style scaled by dpr).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

EM_JS(void, tl_js_first_frame, (), {
  if (window.tierlensHost) window.tierlensHost.firstFrame();
});
EM_JS(void, tl_js_ime, (int visible, float x, float y, float h), {
  if (window.tierlensHost) window.tierlensHost.ime(visible, x, y, h);
});
EM_JS(void, tl_js_clipboard_write, (const char* text), {
  if (window.tierlensHost) window.tierlensHost.clipboardWrite(UTF8ToString(text));
});
// Resizes the canvas backing store through Emscripten's Browser helper, which tells GLFW (its resize
// listener) without glfwSetWindowSize's "size == screen size means fullscreen" shortcut.
EM_JS(void, tl_js_set_canvas_size, (int w, int h), {
  Browser.setCanvasSize(w, h);
});
EM_JS(int, tl_js_active, (), {
  return window.tierlensHost ? window.tierlensHost.active() : 1;
});
// performance.now() of the last user input (mouse, keys, touch) the page saw.
EM_JS(double, tl_js_last_input, (), {
  return window.tierlensHost ? window.tierlensHost.lastInput() : 0;
});

namespace {

GLFWwindow* g_window = nullptr;
float g_dpr = 1.0f;
int g_css_w = 0, g_css_h = 0;
bool g_first_frame = true;
int g_idle_frames = 0;
double g_last_draw = 0;           // start of the last drawn frame (ms, performance.now())
double g_reading_frame_ms = 250;  // progress frames while reading: at most one per this many ms

// What the frames cost and show (tests and the benchmark read these through tl_frame_stats).
struct FrameStats {
  int drawn = 0;                  // frames drawn since the page loaded
  double busy_ms = 0;             // main-thread time spent in drawn frames
  double last_ms = 0;             // the last drawn frame's main-thread time
  int shown_eval = 0;             // App::eval_count the last drawn frame showed
  double shown_at = 0;            // when that frame was done (ms, performance.now())
} g_stats;

void apply_style(float dpr) {
  ImGuiStyle& st = ImGui::GetStyle();
  st = ImGuiStyle();
  tlw::apply_theme(st);
  st.ScaleAllSizes(dpr);
}

void sync_canvas_size() {
  double w = 0, h = 0;
  emscripten_get_element_css_size("#canvas", &w, &h);
  float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (dpr <= 0) dpr = 1;
  int pw = static_cast<int>(std::lround(w * dpr)), ph = static_cast<int>(std::lround(h * dpr));
  if (pw < 1 || ph < 1) return;
  if (dpr != g_dpr) {
    g_dpr = dpr;
    tlw::fonts::set_dpr(dpr);
    apply_style(dpr);
  }
  int cw = 0, ch = 0;
  glfwGetWindowSize(g_window, &cw, &ch);
  if (cw != pw || ch != ph) tl_js_set_canvas_size(pw, ph);
  g_css_w = static_cast<int>(w);
  g_css_h = static_cast<int>(h);
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  sync_canvas_size();
  g_idle_frames = 0;
  return EM_FALSE;
}

const char* get_clipboard(void*) {
  // Pasting goes through the browser's paste event (web/host.js), which types the text into the
  // focused field; ImGui's own Ctrl+V therefore sees an empty clipboard.
  return "";
}
void set_clipboard(void*, const char* text) { tl_js_clipboard_write(text); }

void set_ime(ImGuiViewport*, ImGuiPlatformImeData* d) {
  tl_js_ime(d->WantVisible ? 1 : 0, d->InputPos.x / g_dpr, d->InputPos.y / g_dpr, d->InputLineHeight / g_dpr);
}

// Progress frames that redraw only the progress card. While files are read, a frame usually changes
// nothing but the card (bytes, rows, speed); under software GL (headless Chromium, machines without a
// GPU) rasterising the whole canvas cost ~45 ms of a 2-core machine's reading time per frame. So when
// everything outside the card is what the last drawn frame had, and the card keeps its place, the
// frame is drawn with every clip rectangle cut down to the card's rectangle: the same pixels there as a
// whole frame, and the rest of the canvas kept from before (preserveDrawingBuffer, web/host.js). Any
// other change - hover, a toast, a resize, new glyphs - draws the whole frame.
// Returns the rectangle to draw (framebuffer pixels, y up) or false for the whole frame.
bool card_only(bool reading, int fw, int fh, ImDrawData* dd, int rect[4]) {
  static ImGuiID last_sig = 0;
  static bool last_valid = false;
  ImGuiWindow* w = reading ? ImGui::FindWindowByName("##progress") : nullptr;
  if (!w || !w->WasActive || !dd->Valid) {
    last_valid = false;
    return false;
  }
  const float place[6] = {w->Pos.x, w->Pos.y, w->Size.x, w->Size.y, static_cast<float>(fw), static_cast<float>(fh)};
  ImGuiID sig = ImHashData(place, sizeof place);
  bool found = false;
  for (ImDrawList* l : dd->CmdLists) {
    if (l == w->DrawList) { found = true; continue; }
    sig = ImHashData(l->VtxBuffer.Data, static_cast<size_t>(l->VtxBuffer.Size) * sizeof(ImDrawVert), sig);
    sig = ImHashData(l->IdxBuffer.Data, static_cast<size_t>(l->IdxBuffer.Size) * sizeof(ImDrawIdx), sig);
    sig = ImHashData(l->CmdBuffer.Data, static_cast<size_t>(l->CmdBuffer.Size) * sizeof(ImDrawCmd), sig);
  }
  const bool same = found && last_valid && sig == last_sig;
  last_sig = sig;
  last_valid = found;
  if (!same) return false;
  // the card and its border's anti-aliased fringe, in draw-data coordinates, on whole pixels (ImGui
  // runs in framebuffer pixels here), so that the cleared rectangle is exactly the one drawn again
  const ImVec4 r(std::floor(w->Pos.x) - 4, std::floor(w->Pos.y) - 4, std::ceil(w->Pos.x + w->Size.x) + 4,
                 std::ceil(w->Pos.y + w->Size.y) + 4);
  const ImVec2 o = dd->DisplayPos, sc = dd->FramebufferScale;
  const int x0 = ImMax(0, static_cast<int>((r.x - o.x) * sc.x)), y0 = ImMax(0, static_cast<int>((r.y - o.y) * sc.y));
  const int x1 = ImMin(fw, static_cast<int>((r.z - o.x) * sc.x)), y1 = ImMin(fh, static_cast<int>((r.w - o.y) * sc.y));
  if (x1 <= x0 || y1 <= y0) return false;   // (before the clips are cut: the whole frame is drawn as it is)
  for (ImDrawList* l : dd->CmdLists)   // the draw data is ours until the next NewFrame
    for (ImDrawCmd& c : l->CmdBuffer) {
      c.ClipRect.x = ImMax(c.ClipRect.x, r.x);
      c.ClipRect.y = ImMax(c.ClipRect.y, r.y);
      c.ClipRect.z = ImMin(c.ClipRect.z, r.z);
      c.ClipRect.w = ImMin(c.ClipRect.w, r.w);
    }
  rect[0] = x0;
  rect[1] = fh - y1;
  rect[2] = x1 - x0;
  rect[3] = y1 - y0;
  return true;
}

void frame() {
  tlw::App& app = tlw::app();
  // Skip drawing when nothing happens (no input, no reading, no animation): saves battery.
  if (!tl_js_active() && !app.busy()) {
    if (++g_idle_frames > 30 && g_idle_frames % 30 != 0) return;
  } else {
    g_idle_frames = 0;
  }
  const double t0 = tlw::now_ms();
  // While files are read, every frame drawn is time taken from reading: draw progress frames spaced as
  // web/host.js asks, but at once when the user does something (input since the last frame, or input
  // ImGui has queued and not handled yet), so Cancel reacts as usual.
  // The first frame of a reading is drawn at once: it shows the progress overlay and its Cancel button.
  static bool drawn_while_reading = false;
  if (!app.reading.active) drawn_while_reading = false;
  if (app.reading.active && drawn_while_reading && t0 - g_last_draw < g_reading_frame_ms && tl_js_last_input() < g_last_draw &&
      ImGui::GetCurrentContext()->InputEventsQueue.empty())
    return;
  drawn_while_reading = app.reading.active;
  g_last_draw = t0;
  sync_canvas_size();
  app.before_frame();
  tlw::fonts::update();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  app.draw();
  ImGui::Render();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(g_window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  ImDrawData* dd = ImGui::GetDrawData();
  int card[4];
  const bool part = card_only(app.reading.active, fw, fh, dd, card);
  if (part) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(card[0], card[1], card[2], card[3]);
  }
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (part) glDisable(GL_SCISSOR_TEST);
  ImGui_ImplOpenGL3_RenderDrawData(dd);
  const double t1 = tlw::now_ms();
  g_stats.drawn++;
  g_stats.last_ms = t1 - t0;
  g_stats.busy_ms += t1 - t0;
  g_stats.shown_eval = app.eval_count;
  g_stats.shown_at = t1;
  // A change made in this frame (window picker, rules editor) is evaluated now, between frames, so the
  // next frame shows it without first waiting for its own turn.
  app.after_frame();
  if (g_first_frame) {
    g_first_frame = false;
    tl_js_first_frame();
  }
}

}  // namespace

extern "C" {
// {"drawn", "busy_ms", "last_ms", "shown_eval", "shown_at"} of the frames so far (tests, benchmark).
EMSCRIPTEN_KEEPALIVE const char* tl_frame_stats() {
  static char buf[192];
  std::snprintf(buf, sizeof buf, "{\"drawn\":%d,\"busy_ms\":%.3f,\"last_ms\":%.3f,\"shown_eval\":%d,\"shown_at\":%.3f}", g_stats.drawn,
                g_stats.busy_ms, g_stats.last_ms, g_stats.shown_eval, g_stats.shown_at);
  return buf;
}
EMSCRIPTEN_KEEPALIVE int tl_frames_drawn() { return g_stats.drawn; }
// The spacing of progress frames while reading (web/host.js measures what a frame costs).
EMSCRIPTEN_KEEPALIVE void tl_set_reading_frame_ms(double ms) { g_reading_frame_ms = ms; }
}

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_window = glfwCreateWindow(1280, 800, "tierlens", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "glfwCreateWindow failed (WebGL2 unavailable?)\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.SetClipboardTextFn = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.SetPlatformImeDataFn = set_ime;

  g_dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (g_dpr <= 0) g_dpr = 1;
  tlw::fonts::init(g_dpr);
  apply_style(g_dpr);
  tlw::app().init();
  sync_canvas_size();
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_resize);
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
