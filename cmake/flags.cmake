# flags.cmake: every compile and link option of the project, listed once with its reason.
# Included by the top-level CMakeLists.txt before any target is defined.

set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# No exceptions anywhere (native and wasm alike): a throw would abort the wasm module, so the code
# reports errors as values; nlohmann/json is built with JSON_NOEXCEPTION (see src/core/json.h).
add_compile_options(-fno-exceptions)
add_compile_definitions(JSON_NOEXCEPTION=1)

# Warnings that catch real mistakes; third-party targets switch them off for themselves.
set(FHL_WARNINGS -Wall -Wextra -Wno-unused-parameter)

if(EMSCRIPTEN)
  # -Os: the page's weight has a budget (1.3 MiB raw) and -O3 more than doubled the wasm once SQLite and the
  # SQL front-end joined it; the hot paths (ingest, scan) still meet their targets (BENCHMARKS.md).
  add_compile_options(-Os)
  # No RTTI in wasm: nothing uses dynamic_cast or typeid, so type_info data is dead weight. (Not -flto: it saves
  # ~90 KB more, but every wasm link took twice as long, ~250 s for the page, and the test command links five.)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>)
  # Memory grows on demand up to 2 GiB; the object store has its own quota well below that.
  set(FHL_WASM_LINK_OPTIONS -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2147483648 -sTOTAL_STACK=1048576)
else()
  if(FHL_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
  endif()
endif()
