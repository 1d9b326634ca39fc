# vriosim_sanitizer_tests(): in an ASan + UBSan build (VRIOSIM_SANITIZE), every test added so
# far in the calling directory gets 4 times its TIMEOUT (the sanitizers make the simulator about
# 3-4 times slower: validation.capacity_mm1 takes ~25 s in a release build and over 120 s under
# them) and VRIOSIM_SANITIZED=1 in its environment, so a test that measures memory (peak RSS,
# which the sanitizers' shadow memory and redzones inflate) can skip that check with the reason.
# Call it at the end of each CMakeLists.txt that adds tests. Does nothing in other builds.
function(vriosim_sanitizer_tests)
  if(NOT VRIOSIM_SANITIZE)
    return()
  endif()
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t IN LISTS tests)
    get_test_property(${t} TIMEOUT timeout)
    if(NOT timeout)
      set(timeout 1500) # CTest's default
    endif()
    math(EXPR timeout "${timeout} * 4")
    set_tests_properties(${t} PROPERTIES TIMEOUT ${timeout})
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT VRIOSIM_SANITIZED=1)
  endforeach()
endfunction()
