# The partitioned run on MPI (label "mpi"): registered only when statussim_mpi
# is built and mpiexec (Open MPI's mpirun) is found. The same world and seed
# give statussim scale's delivery hash at 1, 2 and 4 ranks; another seed
# another hash; bad arguments exit 2.
if(TARGET statussim_mpi AND MPIEXEC_EXECUTABLE)
  add_test(NAME mpi.partitioned_same_delivery_hash
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/mpi_partition.sh $<TARGET_FILE:statussim>
      $<TARGET_FILE:statussim_mpi> ${MPIEXEC_EXECUTABLE})
  # Four ranks on a 2-core machine: keep other tests off the cores meanwhile.
  set_tests_properties(mpi.partitioned_same_delivery_hash PROPERTIES LABELS "mpi;scale"
    TIMEOUT 600 PROCESSORS 2)
  if(STATUSSIM_SANITIZE)
    # Open MPI keeps allocations past MPI_Finalize, which LeakSanitizer reports
    # as leaks of every rank: leaks are not checked here (address errors and
    # undefined behaviour still are; tests/sim/partition_test.cc checks the
    # partitioned run's own code with leak detection, without MPI).
    set_tests_properties(mpi.partitioned_same_delivery_hash PROPERTIES ENVIRONMENT
      "ASAN_OPTIONS=abort_on_error=1:detect_leaks=0")
  endif()
endif()
