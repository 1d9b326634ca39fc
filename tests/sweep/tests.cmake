# Sweep, merge, emit-jobs and plot tests (issue 3), included from tests/CMakeLists.txt.
# Each entry runs tests/sweep/sweep_test.sh NAME in its own work directory; 77 = skipped. The
# names are the script's case labels (a line "name)"), read from it: it is the only list.
add_executable(test_sweep_ci ${CMAKE_CURRENT_LIST_DIR}/test_sweep_ci.c)
target_include_directories(test_sweep_ci PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(test_sweep_ci PRIVATE vscommon PkgConfig::GSL)

set(SWEEP_SH ${CMAKE_CURRENT_LIST_DIR}/sweep_test.sh)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SWEEP_SH})
file(STRINGS ${SWEEP_SH} sweep_cases REGEX "^[a-z_]+\\)$")
list(TRANSFORM sweep_cases REPLACE "\\)$" "")
if(NOT sweep_cases)
  message(FATAL_ERROR "${SWEEP_SH}: no test cases (lines \"name)\") found")
endif()
foreach(name ${sweep_cases})
  add_test(NAME sweep.${name}
    COMMAND sh ${SWEEP_SH} ${name} $<TARGET_FILE:vriosim>
      ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/sweep-work/${name}
      $<TARGET_FILE:test_sweep_ci>)
  set_tests_properties(sweep.${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS sweep)
endforeach()

# The paper library's pipeline end to end (two scenarios, 10 ms, 2 replications): sweeps, the
# consolidation capacity search, figures and report.md; the claims themselves need the full run (validation/paper/run).
add_test(NAME sweep.paper_smoke
  COMMAND sh -c "rm -rf \"$1\" && VRIOSIM=\"$0\" \"$2\" --smoke -j 2 --out \"$1\" && test -s \"$1/report.md\" && test -s \"$1/figures/consolidation-throughput.png\" && test -s \"$1/figures/consolidation-capacity-capacity.png\" && grep -q \"capacity at p99\" \"$1/report.md\""
    $<TARGET_FILE:vriosim> ${CMAKE_CURRENT_BINARY_DIR}/sweep-work/paper_smoke
    ${CMAKE_SOURCE_DIR}/validation/paper/run)
set_tests_properties(sweep.paper_smoke PROPERTIES TIMEOUT 120 LABELS sweep)
