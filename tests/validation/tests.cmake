# Calibration and validation (issue 5): fits on synthetic measurements with known lines, bad
# calibration input, the profile include round trip, the fast analytic subset, trace replay,
# capacity at a p99 SLO on M/M/1 against the closed form (the suite's longest test, ~30 s), and
# (as root) vrioemu --record replayed by the simulator, and vrioemu calibrate fitted and used.
function(vriosim_validation_test name)
  add_test(NAME validation.${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/validation/calibration.sh $<TARGET_FILE:vriosim>
            ${CMAKE_SOURCE_DIR} ${name} $<TARGET_FILE:vrioemu>)
  set_tests_properties(validation.${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()
foreach(t fit_synthetic bad_input profile_roundtrip analytic_fast trace_replay
          refuse_busy refuse_impossible refuse_noisy long_provenance fit_tracked run_cli
          capacity_mm1)
  vriosim_validation_test(${t})
endforeach()
vriosim_validation_test(emu_record)
set_tests_properties(validation.emu_record PROPERTIES RUN_SERIAL TRUE)
vriosim_validation_test(emu_calibrate)
set_tests_properties(validation.emu_calibrate PROPERTIES RUN_SERIAL TRUE)
# Calibration under a CPU hog on the measured core: retried, flagged, refused (~1 minute).
vriosim_validation_test(emu_calibrate_busy)
set_tests_properties(validation.emu_calibrate_busy PROPERTIES RUN_SERIAL TRUE TIMEOUT 240)
# The emu_* cases skip (77, with the reason) where namespaces cannot be made.
vriosim_validation_test(emu_skip_probe)
