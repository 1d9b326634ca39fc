# check_tests(TARGET exe SOURCE file.c [PREFIX name] [TIMEOUT s])
#
# One CTest entry per test of a check.h binary, named PREFIX.<test> (PREFIX: the target's name)
# and run as `exe <test>`; exit code 77 = skipped. The names are read from SOURCE, where each
# test is defined once by a line starting with CHECK_TEST(name) (tests/check.h): the source is
# the only list. CMake re-reads it whenever SOURCE changes (CMAKE_CONFIGURE_DEPENDS), so a new
# test needs no edit here.
include_guard(GLOBAL)

function(check_tests)
  cmake_parse_arguments(CT "" "TARGET;SOURCE;PREFIX;TIMEOUT" "" ${ARGN})
  if(NOT CT_TARGET OR NOT CT_SOURCE)
    message(FATAL_ERROR "check_tests: TARGET and SOURCE are required")
  endif()
  if(NOT CT_PREFIX)
    set(CT_PREFIX ${CT_TARGET})
  endif()
  if(NOT CT_TIMEOUT)
    set(CT_TIMEOUT 120)
  endif()
  get_filename_component(src ${CT_SOURCE} ABSOLUTE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${src})
  file(STRINGS ${src} defs REGEX "^CHECK_TEST\\([A-Za-z0-9_]+\\)")
  # A CHECK_TEST that is not at the start of a line (indented, inside a macro) would be a test
  # the binary runs and CTest never sees: refuse it rather than drop it silently.
  file(STRINGS ${src} uses REGEX "CHECK_TEST\\([A-Za-z0-9_]+\\)")
  list(LENGTH defs n_defs)
  list(LENGTH uses n_uses)
  if(NOT n_defs EQUAL n_uses OR n_defs EQUAL 0)
    message(FATAL_ERROR "${src}: ${n_uses} CHECK_TEST(...) of which ${n_defs} start a line: "
      "write each test as a line starting with CHECK_TEST(name) (tests/check.h)")
  endif()
  foreach(line ${defs})
    string(REGEX REPLACE "^CHECK_TEST\\(([A-Za-z0-9_]+)\\).*" "\\1" name "${line}")
    add_test(NAME ${CT_PREFIX}.${name} COMMAND ${CT_TARGET} ${name})
    set_tests_properties(${CT_PREFIX}.${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT ${CT_TIMEOUT})
  endforeach()
endfunction()
