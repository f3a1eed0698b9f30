# tierlens — the browser app (WebAssembly + Dear ImGui on GLFW/WebGL2). Included by CMakeLists.txt when
# EMSCRIPTEN AND IMGUI_DIR. Output: tierlens_web -> app.js + app.wasm; build-wasm.sh assembles dist/.
set(TL_WEB_DIR ${CMAKE_CURRENT_LIST_DIR})

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_FUNCTIONS)

file(GLOB TL_WEB_SOURCES CONFIGURE_DEPENDS ${TL_WEB_DIR}/*.cpp)
add_executable(tierlens_web ${TL_WEB_SOURCES})
target_link_libraries(tierlens_web PRIVATE core sample imgui)
target_include_directories(tierlens_web PRIVATE ${TL_WEB_DIR})
set_target_properties(tierlens_web PROPERTIES OUTPUT_NAME app SUFFIX ".js")
target_link_options(tierlens_web PRIVATE
  -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sMEMORY_GROWTH_GEOMETRIC_CAP=16MB -sENVIRONMENT=web,worker
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8,HEAPU8
  -sFILESYSTEM=0 -O3)
