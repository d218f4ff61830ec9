#!/usr/bin/env bash
# CTest (label "mpi"): `mpirun -n P statussim_mpi` gives the delivery hash of
# the single-process `statussim scale` for the same world and seed, at P = 1,
# 2 and 4 (and any window); another seed gives another hash; a bad argument
# exits 2. Usage: mpi_partition.sh STATUSSIM STATUSSIM_MPI MPIEXEC
set -euo pipefail
bin="$1" mpi_bin="$2" mpiexec="$3"
# One machine, no network and no ssh: shared memory only, any number of ranks
# on the cores there are, and allowed as root (containers, CI).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# (No single-copy transfer: containers often forbid the ptrace it needs.)
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
world=(--accounts 20000 --subscriptions-per-account 10 --devices-per-account 2
       --friends-per-account 2 --changes 20000 --mean-gap-ms 30000)
field() { sed -n "s/^$1: *\([0-9a-f]*\).*/\1/p"; }
single=$("$bin" scale "${world[@]}" --seed 5)
want=$(field "delivery hash" <<<"$single")
want_deliveries=$(field deliveries <<<"$single")
echo "statussim scale, seed 5: delivery hash $want, $want_deliveries deliveries"
[ -n "$want" ] || { echo "statussim scale printed no delivery hash"; exit 1; }
fail=0
run() {  # ranks, then extra flags
  local np="$1"; shift
  "$mpiexec" --oversubscribe -n "$np" "$mpi_bin" "${world[@]}" "$@"
}
for np in 1 2 4; do
  out=$(run "$np" --seed 5)
  got=$(field "delivery hash" <<<"$out")
  got_deliveries=$(field deliveries <<<"$out")
  echo "$np rank(s): delivery hash $got, $got_deliveries deliveries"
  grep '^rank \|^exchange' <<<"$out" | sed 's/^/  /'
  if [ "$got" != "$want" ] || [ "$got_deliveries" != "$want_deliveries" ]; then
    echo "FAIL: $np rank(s) differ from the single-process run"; fail=1
  fi
done
got=$(run 2 --seed 5 --window-ms 7 | field "delivery hash")
echo "2 ranks, 7 ms windows: $got"
[ "$got" = "$want" ] || { echo "FAIL: the window changed the delivery hash"; fail=1; }
other=$(run 2 --seed 6 | field "delivery hash")
echo "2 ranks, seed 6: $other"
[ -n "$other" ] && [ "$other" != "$want" ] || { echo "FAIL: another seed gave the same hash"; fail=1; }
set +e
run 2 --accounts 0 >/dev/null 2>&1; rc1=$?
run 2 --window-ms x >/dev/null 2>&1; rc2=$?
set -e
if [ "$rc1" != 2 ] || [ "$rc2" != 2 ]; then
  echo "FAIL: bad arguments exit $rc1 and $rc2, want 2"; fail=1
fi
[ "$fail" = 0 ] && echo ok
exit "$fail"
