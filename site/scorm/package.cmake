# package.cmake: builds one SCORM package: the assembled site (every file of SITE_DIR but the single-file page) plus
# MANIFEST as imsmanifest.xml, its <file> list filled in, zipped with `cmake -E tar --format=zip` into OUT.
# Run by src/platform/web/CMakeLists.txt: cmake -DSITE_DIR= -DMANIFEST= -DSTAGE_DIR= -DOUT= -P package.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var SITE_DIR MANIFEST STAGE_DIR OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "package.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT EXISTS "${SITE_DIR}/index.html")
  message(FATAL_ERROR "package.cmake: ${SITE_DIR}/index.html is missing")
endif()

file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${SITE_DIR}" "${SITE_DIR}/*")
# firehose-lab.html is the whole page again in one file (wasm inlined): not needed inside an LMS.
list(FILTER files EXCLUDE REGEX "^(firehose-lab\\.html|imsmanifest\\.xml)$")
list(SORT files)

file(REMOVE_RECURSE "${STAGE_DIR}")
file(MAKE_DIRECTORY "${STAGE_DIR}")
set(FHL_SCORM_FILES "")
foreach(f IN LISTS files)
  get_filename_component(dir "${STAGE_DIR}/${f}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  file(COPY_FILE "${SITE_DIR}/${f}" "${STAGE_DIR}/${f}")
  set(href "${f}")
  string(REPLACE "&" "&amp;" href "${href}")
  string(REPLACE "\"" "&quot;" href "${href}")
  string(REPLACE "<" "&lt;" href "${href}")
  string(APPEND FHL_SCORM_FILES "      <file href=\"${href}\"/>\n")
endforeach()
configure_file("${MANIFEST}" "${STAGE_DIR}/imsmanifest.xml" @ONLY)

# Entries dated at a fixed time, not the build time.
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E tar cf "${OUT}.tmp" --format=zip "--mtime=2026-01-01 00:00:00 UTC"
          imsmanifest.xml ${files}
  WORKING_DIRECTORY "${STAGE_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.cmake: zipping ${OUT} failed (${rc})")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
list(LENGTH files n)
math(EXPR n "${n} + 1")
message(STATUS "SCORM package ${OUT}: ${n} files")
