# Unit tests of the split ring (models/virtqueue/vring.c), one CTest entry per CHECK_TEST.
add_executable(test_vring ${CMAKE_CURRENT_LIST_DIR}/test_vring.c)
target_link_libraries(test_vring PRIVATE vring)
check_tests(TARGET test_vring SOURCE ${CMAKE_CURRENT_LIST_DIR}/test_vring.c)
