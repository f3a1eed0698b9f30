// tierlens web — fonts without font files: every glyph is rasterised by the browser's own canvas 2D
// text renderer (system fonts, any script) into ImGui custom atlas rects. The atlas holds exactly the
// characters the app has seen (UI strings, report, file names, typed text); new characters trigger a
// rebuild between frames. Nothing is downloaded.
#pragma once
#include <string_view>

struct ImFont;

namespace tlw::fonts {

enum Face { Regular = 0, Bold = 1, Big = 2, FaceCount = 3 };

// Sizes in CSS pixels (the atlas is rasterised at size × devicePixelRatio).
void init(float dpr);
void set_dpr(float dpr);
float dpr();

// Registers the characters of `text` for the regular face (and for all faces when `all_faces`).
// Cheap for characters already known; unknown ones make the next frame rebuild the atlas (returns
// true then: a caller drawing the text in this frame pokes the app so that next frame comes).
bool need(std::string_view utf8, bool all_faces = false);
// Registers the characters of `text` for one face (used by the heading / badge helpers).
void need_face(Face f, std::string_view utf8);

// Rebuilds the atlas and the GL texture when characters or the dpr changed. Call between frames
// (before ImGui_ImplOpenGL3_NewFrame). Returns true when it rebuilt.
bool update();

ImFont* get(Face f);

}  // namespace tlw::fonts
