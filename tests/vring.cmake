# Unit tests of the split ring (models/virtqueue/vring.c), one CTest entry per named test.
add_executable(test_vring ${CMAKE_CURRENT_LIST_DIR}/test_vring.c)
target_link_libraries(test_vring PRIVATE vring)
vriosim_unit_tests(test_vring
  layout wrap_single wrap_batched event_crossed event_idx_kick event_idx_interrupt
  flags_suppression full_ring chained indirect malformed chain_too_long bad_used_id)
