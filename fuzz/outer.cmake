# The fuzz targets' build, from the main one (included by the top-level CMakeLists.txt): when
# clang can make a libFuzzer binary here, <build>/fuzz is this same tree configured with clang
# and VRIOSIM_FUZZ_INNER=ON, built with the main build; CTest's fuzz.* smoke tests run each
# target for a few seconds on its seed corpus (fuzz/corpus/<target>), and skip (77, with the
# reason) when there is no fuzz build.
set(VRIOSIM_FUZZ_WHY "")
if(NOT VRIOSIM_FUZZ)
  set(VRIOSIM_FUZZ_WHY "configured with VRIOSIM_FUZZ=OFF (the default with VRIOSIM_SANITIZE: the default build's fuzz targets are sanitized)")
else()
  find_program(VRIOSIM_CLANG NAMES clang clang-14 clang-15 clang-16)
  # The models hold one C++ file (engine/ktimer.cc): the fuzz build compiles it with clang++.
  find_program(VRIOSIM_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16)
  if(NOT VRIOSIM_CLANG OR NOT VRIOSIM_CLANGXX)
    set(VRIOSIM_FUZZ_WHY "no clang (tools/install-deps installs clang and libclang-rt-dev)")
  else()
    set(probe ${CMAKE_BINARY_DIR}/fuzz-probe)
    file(MAKE_DIRECTORY ${probe})
    file(WRITE ${probe}/probe.c
      "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n")
    execute_process(COMMAND ${VRIOSIM_CLANG} -fsanitize=fuzzer,address,undefined probe.c -o probe
      WORKING_DIRECTORY ${probe} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
      set(VRIOSIM_FUZZ_WHY "${VRIOSIM_CLANG} cannot link -fsanitize=fuzzer (libclang-rt-dev missing?)")
    endif()
  endif()
endif()

set(VRIOSIM_FUZZ_TARGETS scenario trace profile vring)
if(VRIOSIM_FUZZ_WHY STREQUAL "")
  include(ExternalProject)
  include(ProcessorCount)
  ProcessorCount(ncpu)
  if(ncpu EQUAL 0)
    set(ncpu 1)
  endif()
  ExternalProject_Add(vriosim_fuzzers
    SOURCE_DIR ${CMAKE_SOURCE_DIR}
    BINARY_DIR ${CMAKE_BINARY_DIR}/fuzz
    CMAKE_ARGS -DCMAKE_C_COMPILER=${VRIOSIM_CLANG} -DCMAKE_CXX_COMPILER=${VRIOSIM_CLANGXX}
               -DVRIOSIM_FUZZ_INNER=ON
               -DCMAKE_BUILD_TYPE=RelWithDebInfo
    BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target fuzz_all --parallel ${ncpu}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON)
  message(STATUS "fuzz targets: ${CMAKE_BINARY_DIR}/fuzz/bin (${VRIOSIM_CLANG})")
else()
  message(STATUS "fuzz targets not built: ${VRIOSIM_FUZZ_WHY}")
endif()
foreach(t ${VRIOSIM_FUZZ_TARGETS})
  add_test(NAME fuzz.${t}
    COMMAND sh ${CMAKE_SOURCE_DIR}/fuzz/smoke.sh ${CMAKE_BINARY_DIR}/fuzz/bin/fuzz_${t}
      ${CMAKE_SOURCE_DIR}/fuzz/corpus/${t} ${CMAKE_BINARY_DIR}/fuzz-smoke/${t} 4 "${VRIOSIM_FUZZ_WHY}")
  set_tests_properties(fuzz.${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS fuzz)
endforeach()
