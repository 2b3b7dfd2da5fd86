# third_party.cmake: targets for the libraries fetched by scripts/deps.sh into build/deps (never in git).
#   imgui    Dear ImGui 1.86 core (no backends: ours live in src/platform/web), from `apt-get source imgui`.
#   sqlite3  SQLite 3.40.1 amalgamation, from `apt-get source sqlite3`.
#   nlohmann nlohmann/json 3.11 (Debian's nlohmann-json3-dev), header-only.

set(FHL_DEPS_DIR "${CMAKE_SOURCE_DIR}/build/deps" CACHE PATH "Where scripts/deps.sh unpacked third-party sources")

# nlohmann/json: emcc must never see /usr/include (glibc headers break it), so the header folder is
# linked into a build-tree include dir of its own.
set(FHL_JSON_INCLUDE "${CMAKE_BINARY_DIR}/third_party_include")
if(NOT EXISTS "${FHL_JSON_INCLUDE}/nlohmann")
  file(MAKE_DIRECTORY "${FHL_JSON_INCLUDE}")
  file(CREATE_LINK "/usr/include/nlohmann" "${FHL_JSON_INCLUDE}/nlohmann" SYMBOLIC)
endif()
add_library(nlohmann_json INTERFACE)
target_include_directories(nlohmann_json SYSTEM INTERFACE "${FHL_JSON_INCLUDE}")

# Dear ImGui: compiled once per build tree as a static library.
set(FHL_IMGUI_DIR "${FHL_DEPS_DIR}/imgui-1.86")
if(EXISTS "${FHL_IMGUI_DIR}/imgui.cpp")
  add_library(imgui STATIC
    "${FHL_IMGUI_DIR}/imgui.cpp" "${FHL_IMGUI_DIR}/imgui_draw.cpp"
    "${FHL_IMGUI_DIR}/imgui_tables.cpp" "${FHL_IMGUI_DIR}/imgui_widgets.cpp"
    "${FHL_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp")
  target_include_directories(imgui SYSTEM PUBLIC "${FHL_IMGUI_DIR}" "${FHL_IMGUI_DIR}/misc/cpp")
  target_compile_definitions(imgui PUBLIC
    IMGUI_DISABLE_DEMO_WINDOWS            # the demo window is ~41% of ImGui's wasm and unused
    IMGUI_DISABLE_OBSOLETE_FUNCTIONS      # keep our code on the current API
    IMGUI_DISABLE_DEFAULT_SHELL_FUNCTIONS # no ShellExecute / system(): links open through JS
    IMGUI_DISABLE_FILE_FUNCTIONS          # no imgui.ini on disk: the page keeps no files
  )
  target_compile_options(imgui PRIVATE -w)
else()
  message(STATUS "Dear ImGui sources not found in ${FHL_IMGUI_DIR}: run scripts/deps.sh (UI targets skipped)")
endif()

# SQLite amalgamation. Compile options, each with its reason:
set(FHL_SQLITE_DIR "${FHL_DEPS_DIR}/sqlite-amalgamation")
if(EXISTS "${FHL_SQLITE_DIR}/sqlite3.c")
  add_library(sqlite3 STATIC "${FHL_SQLITE_DIR}/sqlite3.c")
  target_include_directories(sqlite3 SYSTEM PUBLIC "${FHL_SQLITE_DIR}")
  target_compile_definitions(sqlite3 PUBLIC
    SQLITE_THREADSAFE=0          # one thread in the page and in the core
    SQLITE_TEMP_STORE=3          # temp tables in memory: no filesystem in wasm (GROUP BY needs it)
    SQLITE_DQS=0                 # "x" is always an identifier, as in Trino
    SQLITE_OMIT_LOAD_EXTENSION   # no dlopen
    SQLITE_DEFAULT_MEMSTATUS=0   # no global memory statistics on the hot path
    SQLITE_OMIT_DEPRECATED       # smaller, nothing here uses them
    SQLITE_OMIT_SHARED_CACHE     # one connection per catalog
    SQLITE_OMIT_RANDOMNESS       # the unix VFS would open /dev/urandom: without a filesystem (the page) its
                                 # robust_open() never returns; randomness is an input of the core anyway
    # Size (about 100 KiB less wasm): features the Athena engine never reaches. None changes the grammar, so the
    # stock amalgamation stays valid. The engine's connection is in-memory, UTF-8 and read-only.
    SQLITE_OMIT_JSON             # Trino's JSON functions are our own; SQLite's would leak its dialect
    SQLITE_OMIT_DATETIME_FUNCS   # likewise date(), strftime(): Trino's date functions are registered instead
    SQLITE_OMIT_WAL              # no files, no journal modes
    SQLITE_MAX_MMAP_SIZE=0       # no files to map
    SQLITE_OMIT_UTF16            # every string is UTF-8
    SQLITE_OMIT_LOCALTIME        # UTC throughout
    SQLITE_OMIT_COMPLETE SQLITE_OMIT_GET_TABLE SQLITE_OMIT_INCRBLOB SQLITE_OMIT_TRACE SQLITE_OMIT_DECLTYPE
    SQLITE_OMIT_TCL_VARIABLE SQLITE_OMIT_INTEGRITY_CHECK  # APIs and pragmas nothing here calls
    # Page weight (25.8 KB less wasm): more C-level options the amalgamation honours (each #if-guarded in
    # sqlite3.c, not in parse.y). Not SQLITE_OMIT_PAGER_PRAGMAS: vacuum.c still calls sqlite3BtreeSetPagerFlags
    # (link error). The grammar ones (ALTERTABLE, TRIGGER, VACUUM, REINDEX, ...) need a rebuilt amalgamation.
    SQLITE_OMIT_AUTOVACUUM SQLITE_OMIT_DESERIALIZE  # in-memory database: no vacuum, no sqlite3_(de)serialize
    SQLITE_OMIT_SCHEMA_PRAGMAS SQLITE_OMIT_SCHEMA_VERSION_PRAGMAS SQLITE_OMIT_FLAG_PRAGMAS
    SQLITE_OMIT_INTROSPECTION_PRAGMAS  # the engine's only pragma is case_sensitive_like (guarded on its own)
    SQLITE_OMIT_COMPILEOPTION_DIAGS    # no sqlite_compileoption_used()
    SQLITE_OMIT_XFER_OPT SQLITE_OMIT_FOREIGN_KEY  # the engine never INSERTs ... SELECT nor declares foreign keys
    SQLITE_UNTESTABLE            # no test-control hooks
  )
  target_compile_options(sqlite3 PRIVATE -w)
endif()
