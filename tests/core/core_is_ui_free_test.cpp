// core_is_ui_free_test.cpp: src/core must stay plain C++: no ImGui, GL, Emscripten or JS headers, no wall
// clock and no system randomness. Scans every core source for the forbidden includes and calls.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> CoreFiles() {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator it(std::string(FHL_SOURCE_DIR) + "/src/core", error), end;
       !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() > 2 && (name.substr(name.size() - 2) == ".h" || name.substr(name.size() - 4) == ".cpp")) {
      names.push_back(name);
    }
  }
  EXPECT_FALSE(error) << error.message();
  EXPECT_GE(names.size(), 20u) << "src/core not found under " << FHL_SOURCE_DIR;
  return names;
}

TEST(CoreIsUiFreeTest, NoForbiddenIncludesOrClocks) {
  const char* forbidden[] = {"imgui", "GLES", "<GL/", "emscripten", "EM_JS", "EM_ASM", "std::chrono::system_clock",
                             "steady_clock", "std::random_device", "time(nullptr)", "gettimeofday", "std::rand("};
  for (const std::string& name : CoreFiles()) {
    std::ifstream in(std::string(FHL_SOURCE_DIR) + "/src/core/" + name);
    ASSERT_TRUE(in.good()) << name;
    std::stringstream text;
    text << in.rdbuf();
    for (const char* word : forbidden) {
      EXPECT_EQ(text.str().find(word), std::string::npos) << "src/core/" << name << " mentions " << word;
    }
  }
}

}  // namespace
